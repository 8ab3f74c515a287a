## Privacy: what Telegram sees, what Tirek stores, how to clear the chat.

privacy-title = Privacy
privacy-body = What would you like to know?
privacy-telegram = What Telegram can see
privacy-stored = What Tirek keeps
privacy-clearing = How to clear this chat
privacy-telegram-body =
    <b>What Telegram can see</b>

    • Chats with bots are not end-to-end encrypted. Telegram stores this chat on its servers, like any cloud chat.
    • Telegram keeps data about your account and connections, such as your IP address and devices, for up to 12 months.
    • Since September 2024 Telegram may give IP addresses and phone numbers to authorities that send a valid legal request.
    • Anyone who holds your unlocked phone can read this chat. Notifications on the lock screen show the first line of each message; Tirek keeps that line neutral.

    If that is a risk for you, use a phone and a Telegram account that are not linked to your name.
privacy-stored-body =
    <b>What Tirek keeps</b>

    • A code made from your Telegram id with a secret key, so the bot can recognise you. Your id itself is kept only encrypted.
    • Your language and where you are in the menus, encrypted.
    • Only if you save them: your papers (kind, expiry date, where they are renewed) and the steps you chose, encrypted. The days reminders are due are kept readable, so they can be sent on time.
    • Only if you make one: your reports, with their answers and evidence (files, forwarded messages, notes), encrypted, with the time each item arrived and its SHA-256 fingerprint. Volunteers see a report only if you agree.
    • The numbers of recent messages in this chat (not their text), for 48 hours, so they can be deleted if you ask.

    Tirek does not keep your name, username, phone number, or the questions you type.

    /forget erases all of it.
privacy-clearing-body =
    <b>How to clear this chat</b>

    • /forget deletes the messages of the last 48 hours on both sides and erases what Tirek keeps. A bot cannot delete older messages.
    • To delete everything you see: open this chat, tap the menu (⋮ or the bot's name) and choose "Clear history" or "Delete chat". Tick "also delete for the bot" if it is offered.
    • Check that the chat is also gone from your other devices, and from any backups of your phone.
