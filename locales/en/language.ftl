## The language picker. The name is written in the language itself.

language-native-name = English
language-title = Tirek
# One line; shown to everyone next to the same line in every other language.
language-prompt = Choose your language:
language-chosen = ✓ { $name }
