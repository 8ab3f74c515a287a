## Выбор языка. Название языка пишется на самом этом языке.

language-native-name = Русский
language-title = Tirek
# Одна строка; показывается всем рядом с такой же строкой на всех других языках.
language-prompt = Выберите язык:
language-chosen = ✓ { $name }
