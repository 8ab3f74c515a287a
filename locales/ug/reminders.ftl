## Reminder messages, sent on their own. The first line shows on a locked screen: keep it neutral.

reminders-title = تىرەك · ئېسىڭىزدە تۇتىدىغان چېسلا
reminders-body = «{ $kind }» ھۆججىتىڭىزنىڭ مۇددىتى { $date } توشىدۇ.
reminders-days-left = { $days ->
        [0] بۇ بۈگۈن.
        [one] { $days } كۈن قالدى.
       *[other] { $days } كۈن قالدى.
    }
reminders-expired = بۇ چېسلا ئۆتۈپ كەتتى.
reminders-next = ئۇزارتىش يېتەكچىسى ۋە كېچىكسىڭىز نېمە قىلىش كېرەكلىكىنى كۆرۈش ئۈچۈن ☰ تىزىملىك ← ھۆججەتلىرىم نى ئېچىڭ.
reminders-tomorrow = ⏰ ئەتە ئەسكەرتىش
reminders-renewed = ✅ ئۇزارتىلدى: يېڭى چېسلا
reminders-stop = 🔕 ئەسكەرتىشنى توختىتىش
reminders-snoozed = { $date } دە ئەسكەرتىمەن.
reminders-stopped = بۇ ھۆججەتنىڭ ئەسكەرتىشلىرى تاقالدى.
