## Safe report: disclosure, danger check, questions, evidence, consent, My reports, evidence guidance.

report-title = My records
report-receipt-title = Saved
report-intro-body =
    Here you can write down what happened, keep the evidence safe, and, if you choose, pass it to volunteers. Please read this first.

    <b>What Telegram can see</b>
    • This chat with a bot is not end-to-end encrypted. Telegram stores it on its servers, like any cloud chat, and keeps data about your account, IP address and devices.
    • Telegram may give IP addresses and phone numbers to authorities that send a valid legal request.
    • Anyone who holds your unlocked phone can read this chat.

    <b>What Tirek keeps, and who can read it</b>
    • Your answers and every screenshot, file, voice message or forwarded message you add, encrypted on Tirek's server, with the time each one arrived and its fingerprint (SHA-256), which shows later that it was not changed.
    • The people who run Tirek's server hold the key. Volunteers see a report only if you agree, for that report; partner lawyers only if you agree to that too. You can change this later.
    • If you say you are in danger right now, volunteers are alerted at once. They see only that, and your language.

    <b>How to erase it</b>
    • Delete a report in My reports, or erase everything with /forget. What volunteers have already received stays with them.

    Every question can be skipped.
report-accept = ✅ I understand, start
report-my-reports = 📂 My reports
report-guide = 📖 How to keep evidence
report-skip = Skip ▶
report-continue = Continue ▶
report-danger-body = First: are you in danger right now? For example, someone is waiting for you or following you, or you were told to come somewhere today.
report-danger-yes = Yes, I am in danger now
report-danger-no = No, not right now
report-safety-body =
    <b>If you are in danger right now</b>
    • If someone may hurt you, go to a safe place with other people around, and call the emergency services of the country you are in. Tirek cannot send help, and volunteers are not an emergency service.
    • Do not go alone to a meeting you were called to. Tell someone you trust where you are and when you will call them.
    • Do not agree to anything or answer in a hurry. Save the messages before you delete anything.
    • If your phone may be taken from you, remember that this chat is on it; /forget erases what Tirek keeps.
report-safety-alerted = Volunteers have been alerted that you need help now. One of them will write to you here as soon as they can. Meanwhile you can continue and record what happened, or stop here.
report-safety-unavailable = No volunteer can be reached through Tirek right now. Please contact someone you trust, and the emergency services if you are at risk. You can still record what happened: it is kept, encrypted.
report-what-body = What happened? Choose everything that fits, then press Continue.
report-what-message = A message that frightened or pressured me
report-what-relatives = Pressure on my relatives
report-what-inform = Asked to inform or cooperate
report-what-return = Told to come back
report-what-summons = Called to a meeting or an office
report-what-surveillance = Followed or watched
report-what-attack = Physical attack
report-what-other = Something else
report-when-body = When did it happen? Choose the day below, or type the date, for example 2026-03-01 or 01.03.2026.
report-when-format = I could not read that as a date. Please type it like 2026-03-01 or 01.03.2026, choose the day below, or press Skip.
report-when-impossible = That day does not exist in the calendar. Please check the day and the month.
report-when-too-old = That year is too early. Please check the year.
report-when-future = That date has not come yet. Please check it.
report-where-body = Where were you when it happened? The country and the city are enough. Type it, or press Skip.
report-channel-body = How did they contact you?
report-channel-whatsapp = WhatsApp
report-channel-wechat = WeChat
report-channel-phone = Phone call
report-channel-telegram = Telegram
report-channel-in-person = In person
report-channel-other = Another way
report-who-body = Who contacted you? Write it as you know it: phone numbers, account names, the names or positions they gave. Type it, or press Skip.
report-demand-body = What did they want from you? Type it in your own words, or press Skip.
report-relatives-body =
    Did they mention or pressure your relatives? Who, and where, only if you want to say.

    ⚠️ Names and places of relatives would be kept on Tirek's server (encrypted). Write only what is needed, or press Skip.
report-text-too-long = That is too long for one answer. Please keep it under 1500 characters, or send the rest as a note with the evidence.
report-evidence-body =
    Your report is saved. Its code: <b>{ $code }</b>

    Now send what you have: screenshots, photos, documents, voice messages, or forward the messages you received. You can also type a note. Each item is stored at once, encrypted, with the time it arrived and its SHA-256 fingerprint, and you get a receipt. Files up to 20 MB.

    When you have sent everything, press Done.
report-evidence-stored = Stored:
report-evidence-none = No evidence added yet.
report-evidence-done = ✅ Done
report-evidence-unsupported = This kind of message cannot be stored. Please send a screenshot, photo, document or voice message, forward the message, or type a note.
report-evidence-too-many = This report already has 30 items. Start a new report for more.
report-evidence-too-big = This file is larger than 20 MB, and Telegram does not let bots download files that large. Please send a smaller file, or split it.
report-evidence-failed = This item could not be stored. Please send it again.
report-item = { $kind } · { $filesize } · SHA-256 { $sha }… · { $received } UTC
report-kind-photo = Photo
report-kind-document = Document
report-kind-voice = Voice message
report-kind-audio = Audio
report-kind-video = Video
report-kind-video-note = Video message
report-kind-text = Forwarded message
report-kind-note = Note
report-consent-body =
    Report <b>{ $code }</b>. Who may see it? Tap to turn each one on or off. You can change this later in My reports.

    • Volunteers: they can read your answers and evidence and write to you here. They do not see your name or account.
    • Partner lawyers: volunteers may pass the report to a lawyer they work with.
    • Statistics: the report may be counted, without any detail that identifies you.
report-consent-volunteers = Share with volunteers
report-consent-lawyers = Also with partner lawyers
report-consent-statistics = Count in anonymised statistics
report-consent-revoked = Sharing is turned off: nothing more from this report goes to the volunteers. What they have already received stays with them.
report-finish = ✅ Finish
report-save = ✅ Save
report-handoff-sent = Volunteers have received what you chose to share. One of them will write to you in this chat.
report-handoff-unavailable = No volunteer can be reached through Tirek right now. Your report is kept, encrypted; open it later in My reports and press Save under Sharing to pass it on.
report-handoff-private = Your report is kept only for you. You can share it later in My reports.
report-handoff-toast = Passed to the volunteers.
report-done-body = Your report is saved. Its code: <b>{ $code }</b>. Keep the code: it lets volunteers find your report if you write to them.
report-done-later = You can add to it, change who may see it, or delete it in My reports.
report-list-body = Your reports. Choose one to see it, add to it or delete it.
report-list-empty = You have no saved reports.
report-new = ➕ New report
report-not-found = This report is no longer here. It may have been deleted.
report-view-head = Report <b>{ $code }</b>, { $date }
report-summary-empty = All questions were skipped.
report-add-more = ➕ Add evidence or a note
report-sharing = 🔐 Sharing
report-delete = 🗑 Delete
report-delete-body = Delete this report and all its evidence from Tirek? What volunteers have already received stays with them. This cannot be undone.
report-delete-confirm = Yes, delete
report-deleted = Deleted.
report-field-danger = In danger:
report-field-what = What happened:
report-field-when = When:
report-field-where = Where:
report-field-channel = How:
report-field-who = Who:
report-field-demand = What they wanted:
report-field-relatives = Relatives:
report-guide-body =
    <b>Before you delete or block anything</b>
    • Save first: take screenshots before you delete a message, block someone or report an account.
    • A screenshot should show the account name or phone number, and the date and time.
    • Keep the whole conversation, including your own replies.

    <b>Keep a log</b>
    For each event write down: the date, the time, what happened, where the evidence is, who you think is behind it, and the app or channel. Over time, the pattern matters.

    <b>Keep copies</b>
    • Keep copies in more than one place, for example here and with someone you trust.
    • Think about who could see your phone. If that is a risk, keep the copies elsewhere and clear this chat with /forget.
report-guide-sources = Sources: PEN America, Online Harassment Field Manual; OnlineSOS; BCSTH toolkit (reported by reliable sources).
report-verified = Last checked: { $date }
report-card-danger = Said they are in danger right now (safe report, before any answers).
report-card-code = Report { $code }, shared by the person:
report-card-more = Report { $code }: { $count ->
        [one] { $count } more item.
       *[other] { $count } more items.
    }
report-card-items = { $count ->
        [0] No evidence yet.
        [one] { $count } item of evidence follows.
       *[other] { $count } items of evidence follow.
    }
report-card-lawyers-yes = Partner lawyers: allowed.
report-card-lawyers-no = Partner lawyers: not allowed.
report-retention-auto = Deleted automatically { $days } days after its last change, unless you keep it.
report-retention-kept = Kept until you delete it.
report-keep = 🗄 Keep it until I delete it
report-unkeep = ⏳ Delete it automatically
