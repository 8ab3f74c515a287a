## Cases: what volunteers see in a case's topic, and the notices users get about their case.
## Texts for the volunteers' group use the DEFAULT_LOCALE; notices to users use theirs.

cases-user-title = Tirek
cases-staff-title = Tirek

# In the case's topic (volunteers).
cases-topic-opened = New conversation. Everything the person sends here is copied in; your messages in this topic are copied to them, except commands and /note.
cases-topic-flagged = Flagged: { $subject }. Priority: { $priority }.
cases-topic-reopened = The person wrote again: the conversation is open again.
cases-topic-forwarded = The next message is a forwarded one. Original sender as Telegram shows it: { $origin }
cases-topic-forwarded-own = The next message is a forwarded one: the person forwarded a message they wrote themselves ({ $date } UTC). Telegram showed their name with it, so it is left out here.
cases-topic-triage = Automatic check: the wording suggests { $categories }.
cases-topic-claimed = Taken by { $volunteer }.
cases-topic-released = Released: anyone can take it.
cases-topic-closed = Closed: { $resolution }. The person was told, and writing again reopens it.
cases-topic-checkin-safe = Check-in: the person answered that they are safe.
cases-topic-checkin-unanswered = Check-in: no answer to "are you safe?". Please try to reach the person.
cases-escalated = An urgent conversation ({ $code }) is still waiting for a volunteer.
cases-checkin-unanswered = No answer to the safety check-in in conversation { $code }.

cases-subject-person = asked for a person
cases-subject-report = report
cases-subject-papers = papers
cases-subject-steps = next steps
cases-subject-citizenship = citizenship
cases-subject-triage = automatic check
cases-subject-duress = duress signal
cases-subject-checkin = check-in: needs help

cases-priority-urgent = urgent
cases-priority-high = high
cases-priority-normal = normal

cases-triage-self-harm = self-harm
cases-triage-danger = immediate danger
cases-triage-relatives = pressure on relatives
cases-triage-return = a demand to return
cases-triage-summons = a summons

cases-resolution-resolved = resolved
cases-resolution-referred = referred elsewhere
cases-resolution-no-reply = no reply
cases-resolution-duplicate = duplicate
cases-resolution-other = other

cases-card-title = Conversation { $code }
cases-card-language = Language: { $language }
cases-card-subject = Started with: { $subject }
cases-card-priority = Priority: { $priority }
cases-card-shared = What the person chose to share:
cases-card-nothing-shared = The person shared nothing from their dialogs.
cases-card-howto = Reply in this topic to write to the person. /note keeps a note here only; /claim, /release, /priority, /close and /card manage the conversation.
cases-card-shortened = Lines ending in … are shortened here; /card sends them whole.
cases-card-left-out = Lines that did not fit on this card: { $count }. /card sends them whole.
cases-card-in-full = What the person shared, in full:
cases-button-claim = ✋ Take it
cases-button-release = Release
cases-button-close = ✅ Close…

cases-volunteer = Volunteer
cases-volunteer-number = Volunteer #{ $number }
cases-edited = edited

cases-undelivered-blocked = This message did not reach the person: they blocked the bot or deleted the chat.
cases-undelivered-refused = This message could not be delivered to the person. Please try sending it again.
cases-not-passed-on = One of your messages could not be passed on to the volunteer. Please send it again.
cases-undelivered-notice = A notice for this conversation could not be shown here. /card shows the case card again.

cases-relay-closed = This conversation is closed, so nothing was sent. It opens again when the person writes.
cases-relay-claimed = Another volunteer has taken this conversation, so nothing was sent. Use /note for a note.
cases-help = Commands in a conversation's topic: /claim, /release, /priority urgent|high|normal, /close, /note (a note that stays here), /card (the case card again). /faq words: send a FAQ answer in the person's language.
cases-not-a-case = This works only in a conversation's topic.
cases-noted = Note kept here; the person does not see it.
cases-claim-refused = It is already taken, or closed.
cases-release-refused = Only the volunteer who took it, or a coordinator, can release it.
cases-manage-refused = Only the volunteer who took this conversation, or a coordinator, can change its priority or close it. An urgent one must be taken first, with /claim.
cases-priority-usage = Use /priority urgent, /priority high or /priority normal.
cases-unchanged = Nothing changed.
cases-close-choose = How did it end?
cases-unavailable = Not available.
cases-done = Done.

# To the user.
cases-closed = The volunteer has closed this conversation. If you write here again, it opens again.
cases-checkin-question = Checking in with you: are you all right?
cases-checkin-safe = I am safe
cases-checkin-help = I need help
cases-checkin-thanks = Thank you for answering.
cases-checkin-help-sent = A volunteer has been told and will write to you here. If you are in immediate danger, contact people you trust nearby, or call the emergency number of the country you are in (in Kazakhstan: 112, or 102 for the police).
cases-faq-usage = Send /faq and a few words, for example /faq renew certificate: matching answers are offered, and the one you press is sent to the person in their language.
cases-faq-none = No FAQ answer matches these words. Try other words, or answer in your own.
cases-faq-choose = Which answer should the person get, in their language?
cases-faq-sent = FAQ answer #{ $number } was sent to the person.
