## The language picker. The name is written in the language itself.

language-native-name = ئۇيغۇرچە
language-title = تىرەك
# One line; shown to everyone next to the same line in every other language.
language-prompt = تىلىڭىزنى تاللاڭ:
language-chosen = ✓ { $name }
