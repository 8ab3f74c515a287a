## Reminder messages, sent on their own. The first line shows on a locked screen: keep it neutral.

reminders-title = Tirek · a date to remember
reminders-body = Your paper "{ $kind }" expires on { $date }.
reminders-days-left = { $days ->
        [0] That is today.
        [one] { $days } day left.
       *[other] { $days } days left.
    }
reminders-expired = That date has passed.
reminders-next = Open ☰ Menu → My papers for the renewal guide and what to do if you are late.
reminders-tomorrow = ⏰ Remind me tomorrow
reminders-renewed = ✅ Renewed: new date
reminders-stop = 🔕 Stop reminders
reminders-snoozed = I will remind you on { $date }.
reminders-stopped = Reminders for this paper are off.
