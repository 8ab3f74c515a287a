## The bot's command menu and profile texts. Neutral: they show outside the chat.

commands-start = Main menu
commands-language = Language
commands-privacy = Privacy
commands-clear = Clear the chat
commands-forget = Erase my data
commands-help = Help
commands-description = Tirek answers common questions in Kazakh, Uyghur, Russian and English. Press Start to choose your language.
commands-short-description = A volunteer help desk in your language.
