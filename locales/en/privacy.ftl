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
    • If you choose them: whether messages disappear and after how long, whether you want announcements, and a code made from your quick-wipe word (not the word).

    Tirek does not keep your name, username, phone number, or the questions you type.

    /forget erases all of it.
privacy-clearing-body =
    <b>How to clear this chat</b>

    • /forget deletes the messages of the last 48 hours on both sides and erases what Tirek keeps. A bot cannot delete older messages.
    • To delete everything you see: open this chat, tap the menu (⋮ or the bot's name) and choose "Clear history" or "Delete chat". Tick "also delete for the bot" if it is offered.
    • Check that the chat is also gone from your other devices, and from any backups of your phone.
privacy-choice-chosen = ✓ { $name }
privacy-wipe-word = Quick wipe
privacy-wipe-body =
    <b>Quick wipe</b>

    /clear deletes every message of the last 48 hours in this chat, yours and the bot's, at once. What you saved in Tirek stays; send /start to go on.

    You can also choose a word that does the same when you send it, for example a word that looks like an ordinary message. Tirek keeps only a code made from it with a secret key, never the word itself.
privacy-wipe-word-on = A word is set.
privacy-wipe-word-off = No word is set.
privacy-wipe-word-set = Choose a word
privacy-wipe-word-remove = Remove the word
privacy-wipe-word-prompt = Send the word you want to use, in one message. Your message is deleted right away.
privacy-wipe-word-invalid = Please send a word or a few words of ordinary text (2 to 64 characters, not starting with /).
privacy-wipe-word-saved = Saved. Sending this word on its own now clears the chat.
privacy-wipe-word-removed = The word was removed.
privacy-wipe-failed = { $count ->
        [one] { $count } message could not be deleted. You can delete it yourself with "Clear history" in the chat menu.
       *[other] { $count } messages could not be deleted. You can delete them yourself with "Clear history" in the chat menu.
    }
privacy-disappearing = Disappearing messages
privacy-disappearing-body =
    <b>Disappearing messages</b>

    When this is on, Tirek deletes the messages of this chat, yours and the bot's, after the time you choose. What you saved in Tirek stays.

    Telegram lets a bot delete messages for 48 hours only. If a message cannot be deleted in time, Tirek tells you.
privacy-disappearing-off = Off
privacy-disappearing-after = { $hours ->
        [one] After { $hours } hour
       *[other] After { $hours } hours
    }
privacy-disappearing-saved = Saved: { $choice }
privacy-disappearing-failed = { $count ->
        [one] { $count } message could not be deleted automatically. You can delete it yourself with "Clear history" in the chat menu.
       *[other] { $count } messages could not be deleted automatically. You can delete them yourself with "Clear history" in the chat menu.
    }
privacy-announcements = Announcements from Tirek
privacy-announcements-body =
    <b>Announcements from Tirek</b>

    Sometimes coordinators send news that matters to many people, for example a change in the rules or a new office. When this is on, you receive it in this chat, in your language. It stays off unless you turn it on.
privacy-announcements-on = Announcements are on.
privacy-announcements-off = Announcements are off.
privacy-announcements-turn-on = Turn on
privacy-announcements-turn-off = Turn off
privacy-announcements-saved = Saved.
