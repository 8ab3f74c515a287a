## Әңгімелер: еріктілер әңгіме тақырыбында не көреді және пайдаланушылар өз әңгімесі туралы қандай хабарлама алады.
## Еріктілер тобына арналған мәтіндер DEFAULT_LOCALE тілінде; пайдаланушыларға хабарламалар олардың өз тілінде.

cases-user-title = Tirek
cases-staff-title = Tirek

# Әңгіме тақырыбында (еріктілерге).
cases-topic-opened = Жаңа әңгіме. Адам жіберген барлық нәрсе осында көшіріледі; осы тақырыпқа жазған хабарларыңыз оған көшіріледі, командалар мен /note қоспағанда.
cases-topic-flagged = Белгіленді: { $subject }. Басымдық: { $priority }.
cases-topic-reopened = Адам қайта жазды: әңгіме қайта ашылды.
cases-topic-forwarded = Келесі хабар — қайта жіберілген хабар. Telegram көрсететін бастапқы жіберуші: { $origin }
cases-topic-forwarded-own = Келесі хабар — қайта жіберілген хабар: адам өзі жазған хабарын қайта жіберді ({ $date } UTC). Telegram онымен бірге адамның атын көрсетті, сондықтан ол мұнда берілмейді.
cases-topic-triage = Автоматты тексеру: сөздеріне қарағанда, мүмкін: { $categories }.
cases-topic-claimed = Әңгімені алған: { $volunteer }.
cases-topic-released = Босатылды: кез келген ерікті ала алады.
cases-topic-closed = Жабылды: { $resolution }. Адамға хабарланды; ол қайта жазса, әңгіме қайта ашылады.
cases-topic-checkin-safe = Хал сұрау: адам аман екенін айтты.
cases-topic-checkin-unanswered = Хал сұрау: «аман-есенсіз бе?» деген сұраққа жауап жоқ. Адаммен байланысуға тырысыңыз.
cases-escalated = Шұғыл әңгіме ({ $code }) әлі де еріктіні күтіп тұр.
cases-checkin-unanswered = { $code } әңгімесіндегі хал сұрауға жауап жоқ.

cases-subject-person = адаммен сөйлесуді сұрады
cases-subject-report = оқиға туралы хабар
cases-subject-papers = құжаттар
cases-subject-steps = келесі қадамдар
cases-subject-citizenship = азаматтық
cases-subject-triage = автоматты тексеру
cases-subject-duress = мәжбүрлеу белгісі
cases-subject-checkin = хал сұрау: көмек керек

cases-priority-urgent = шұғыл
cases-priority-high = жоғары
cases-priority-normal = қалыпты

cases-triage-self-harm = өзіне зиян келтіру
cases-triage-danger = тікелей қауіп
cases-triage-relatives = туыстарға қысым
cases-triage-return = қайтып келу талабы
cases-triage-summons = шақыру қағазы (повестка)

cases-resolution-resolved = шешілді
cases-resolution-referred = басқа жерге бағытталды
cases-resolution-no-reply = жауап жоқ
cases-resolution-duplicate = қайталанған
cases-resolution-other = басқа

cases-card-title = Әңгіме { $code }
cases-card-language = Тіл: { $language }
cases-card-subject = Себебі: { $subject }
cases-card-priority = Басымдық: { $priority }
cases-card-shared = Адам бөлісуді таңдаған мәліметтер:
cases-card-nothing-shared = Адам өз диалогтарынан ештеңе бөліспеді.
cases-card-howto = Адамға жазу үшін осы тақырыпта жауап беріңіз. /note жазбаны тек осында қалдырады; /claim, /release, /priority, /close және /card әңгімені басқарады.
cases-card-shortened = Соңында … тұрған жолдар мұнда қысқартылған; /card оларды толық жібереді.
cases-card-left-out = Карточкаға сыймаған жолдар саны: { $count }. /card оларды толық жібереді.
cases-card-in-full = Адам бөліскен мәліметтер, толық:
cases-button-claim = ✋ Алу
cases-button-release = Босату
cases-button-close = ✅ Жабу…

cases-volunteer = Ерікті
cases-volunteer-number = Ерікті #{ $number }
cases-edited = өзгертілді

cases-undelivered-blocked = Бұл хабар адамға жеткен жоқ: ол ботты бұғаттаған немесе чатты жойған.
cases-undelivered-refused = Бұл хабарды адамға жеткізу мүмкін болмады. Қайта жіберіп көріңіз.
cases-not-passed-on = Хабарларыңыздың бірін еріктіге жеткізу мүмкін болмады. Оны қайта жіберіңіз.
cases-undelivered-notice = Бұл әңгіме туралы бір хабарламаны мұнда көрсету мүмкін болмады. /card әңгіме карточкасын қайта көрсетеді.

cases-relay-closed = Бұл әңгіме жабық, сондықтан ештеңе жіберілген жоқ. Адам жазғанда ол қайта ашылады.
cases-relay-claimed = Бұл әңгімені басқа ерікті алған, сондықтан ештеңе жіберілген жоқ. Жазба үшін /note пайдаланыңыз.
cases-help = Әңгіме тақырыбындағы командалар: /claim, /release, /priority urgent|high|normal, /close, /note (осында қалатын жазба), /card (әңгіме карточкасы қайтадан). /faq сөздер: адамға өз тілінде FAQ жауабын жіберу.
cases-not-a-case = Бұл тек әңгіме тақырыбында жұмыс істейді.
cases-noted = Жазба осында сақталды; адам оны көрмейді.
cases-claim-refused = Әңгімені біреу алып қойған немесе ол жабық.
cases-release-refused = Оны тек алған ерікті немесе үйлестіруші ғана босата алады.
cases-manage-refused = Әңгіменің басымдығын өзгертіп немесе оны жаба алатын тек оны алған ерікті немесе үйлестіруші ғана. Шұғыл әңгімені алдымен /claim арқылы алу керек.
cases-priority-usage = /priority urgent, /priority high немесе /priority normal пайдаланыңыз.
cases-unchanged = Ештеңе өзгерген жоқ.
cases-close-choose = Әңгіме немен аяқталды?
cases-unavailable = Қолжетімсіз.
cases-done = Дайын.

# Пайдаланушыға.
cases-closed = Ерікті бұл әңгімені жапты. Мұнда қайта жазсаңыз, ол қайта ашылады.
cases-checkin-question = Хал-жағдайыңызды білгіміз келеді: бәрі жақсы ма?
cases-checkin-safe = Мен аманмын
cases-checkin-help = Маған көмек керек
cases-checkin-thanks = Жауап бергеніңізге рақмет.
cases-checkin-help-sent = Еріктіге хабарланды, ол сізге осында жазады. Егер сізге тікелей қауіп төніп тұрса, жаныңыздағы сенімді адамдарға хабарласыңыз немесе өзіңіз тұрған елдің жедел қызмет нөміріне қоңырау шалыңыз (Қазақстанда — 112 немесе полиция үшін 102).
cases-faq-usage = /faq және бірнеше сөз жіберіңіз, мысалы /faq куәлікті ұзарту: сәйкес жауаптар ұсынылады, таңдалғаны адамға өз тілінде жіберіледі.
cases-faq-none = Бұл сөздерге сәйкес FAQ жауабы табылмады. Басқа сөздермен көріңіз немесе өз сөзіңізбен жауап беріңіз.
cases-faq-choose = Адамға өз тілінде қай жауапты жіберу керек?
cases-faq-sent = FAQ жауабы № { $number } адамға жіберілді.
