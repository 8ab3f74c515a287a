## Main menu and help.

menu-title = Tirek
menu-body = Choose a section below, or type your question in a few words.
menu-faq = Questions and answers
menu-privacy = Privacy and your data
menu-language = Language
menu-forget = Erase my data
menu-help = Help
menu-citizenship = Citizenship and deregistration
menu-steps = My steps
menu-papers = My papers
menu-handoff = Talk to a volunteer
menu-report = Report threats or pressure
menu-help-title = Help
menu-help-body =
    Type a question in a few words, or use the buttons.

    Commands:
    /start: main menu
    /language: change the language
    /privacy: what is stored and what Telegram can see
    /clear: delete this chat's last 48 hours at once
    /forget: erase your data and recent messages
    /help: this help
