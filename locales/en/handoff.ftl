## Talking to a volunteer, and the duress word.

handoff-title = Tirek
handoff-intro-body =
    A volunteer can read what you send here and answer you in this chat.

    <b>What the volunteer sees:</b> a conversation code, your language, and only what you send or choose to share. Not your name, username or phone number. You see the volunteer only as "Volunteer" or a nickname.
    <b>What Telegram sees:</b> chats with bots are not end-to-end encrypted; Telegram can see this chat.
    <b>What Tirek keeps:</b> messages are copied, not stored; it keeps only which message answers which, for two days, and the conversation code. /forget erases everything, including the volunteers' copy.

    Volunteers are not lawyers and not an emergency service. In immediate danger, contact people you trust nearby, or call the emergency number of the country you are in (in Kazakhstan: 112, or 102 for the police).
handoff-connect = 💬 Connect me to a volunteer
handoff-connect-first = To reach a volunteer, first press “💬 Connect me to a volunteer” below, then send your message again.
handoff-duress = 🔑 Safety word
handoff-chat-body =
    You are connected. Write your message here: text, photos, documents, voice messages or forwarded messages. Each is passed on to a volunteer; 👌 on your message means it was accepted.

    Replies appear in this chat. You can leave to the menu at any time; replying to a volunteer's message always reaches them.
handoff-duress-body =
    You can choose a safety word. If someone forces you to use this chat, send the word: Tirek answers with the ordinary menu, and quietly asks a volunteer to check on you urgently.

    Send the word now as a message (up to 64 characters). It is stored only as a one-way fingerprint, not as text.
handoff-duress-is-set = A safety word is set. Sending a new word replaces it.
handoff-duress-clear = Remove the safety word
handoff-duress-cleared = The safety word was removed.
handoff-duress-invalid = Please send a word or short phrase of up to 64 characters, not a command.
handoff-duress-saved = Saved. If your message with the word is still visible, delete it.
handoff-urgent-offer = It sounds like something serious may be happening. If you are in immediate danger, contact people you trust nearby, or call the emergency number of the country you are in (in Kazakhstan: 112, or 102 for the police). A volunteer can talk with you here now.
handoff-urgent-offer-button = 💬 Talk to a volunteer now
