## Бөлек хабар ретінде жіберілетін еске салулар. Бірінші жол құлыптаулы экранда көрінеді: бейтарап болсын.

reminders-title = Tirek · есте сақтайтын күн
reminders-body = «{ $kind }» құжатыңыздың мерзімі { $date } бітеді.
reminders-days-left = { $days ->
        [0] Бұл бүгін.
        [one] { $days } күн қалды.
       *[other] { $days } күн қалды.
    }
reminders-expired = Бұл күн өтіп кетті.
reminders-next = ☰ Мәзір → Менің құжаттарым бөлімін ашыңыз: онда ұзарту нұсқаулығы және кешіксеңіз не істеу керегі бар.
reminders-tomorrow = ⏰ Ертең еске салу
reminders-renewed = ✅ Ұзартылды: жаңа күн
reminders-stop = 🔕 Еске салуды тоқтату
reminders-snoozed = { $date } еске саламын.
reminders-stopped = Бұл құжат үшін еске салулар өшірілді.
