## Answers to unexpected input. Nothing the user had is lost.

errors-title = Tirek
errors-unknown-command = I don't know that command. Use the buttons, or /help for the list of commands.
errors-text-only = I can only read text messages here. Please type your question in a few words, or use the buttons.
errors-use-buttons = Please use the buttons below. To ask a question in your own words, first press ☰ Menu (this leaves the current screen), then type your question.
errors-button-expired = This button is no longer active. Here is the current menu.
errors-edited = I only read new messages. Please send your correction as a new message.
errors-unavailable = That choice is not available. Please use the buttons of the current menu.
errors-internal = Something went wrong on our side. Nothing you had is lost; please try again.
errors-slow-down = That was a lot at once. Please wait a moment, then try again.
errors-not-passed-on = Too many messages at once: this one and those after it were not passed on to the volunteer. Please wait a few minutes, then send them again from this one.
