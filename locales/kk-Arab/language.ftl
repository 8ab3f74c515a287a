## The language picker. The name is written in the language itself.

language-native-name = قازاقشا (توتە جازۋ)
language-title = تىرەك
# One line; shown to everyone next to the same line in every other language.
language-prompt = ٴتىلىڭىزدى تاڭداڭىز:
language-chosen = ✓ { $name }
