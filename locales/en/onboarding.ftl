## First contact: what Tirek is, and how it treats your data.

onboarding-title = Welcome to Tirek
onboarding-notice =
    Tirek is a volunteer help desk. It answers common questions in your language and explains steps you can take.

    <b>What Tirek is not</b>
    • Not a lawyer: answers are general information, not legal advice for your case.
    • Not an emergency service: if you are in danger right now, contact people you trust nearby.

    <b>What Telegram can see</b>
    Chats with bots are not end-to-end encrypted. Telegram stores this chat on its servers and keeps data such as your IP address and devices. Since 2024 Telegram may give IP addresses and phone numbers to authorities that send a valid legal request.

    <b>What Tirek keeps</b>
    Very little: your language and where you are in the menus and, only if you save them, your papers' dates and the steps you chose; all encrypted. Not your name, username or phone number. Your questions are not saved.

    <b>Erase and clear</b>
    /forget erases everything Tirek keeps about you and deletes this chat's messages from the last 48 hours. Older messages you can delete yourself: open the chat menu and choose "Clear history" or "Delete chat".
onboarding-accept = I understand, continue
onboarding-disappearing = Make messages disappear
