## Обращения: что волонтёры видят в теме разговора и какие уведомления пользователи получают о своём разговоре.
## Тексты для группы волонтёров используют DEFAULT_LOCALE; уведомления пользователям — их язык.

cases-user-title = Tirek
cases-staff-title = Tirek

# В теме разговора (для волонтёров).
cases-topic-opened = Новый разговор. Всё, что присылает человек, копируется сюда; ваши сообщения в этой теме копируются ему, кроме команд и /note.
cases-topic-flagged = Отмечено: { $subject }. Приоритет: { $priority }.
cases-topic-reopened = Человек написал снова: разговор снова открыт.
cases-topic-forwarded = Следующее сообщение — пересланное. Исходный отправитель, как его показывает Telegram: { $origin }
cases-topic-forwarded-own = Следующее сообщение — пересланное: человек переслал своё собственное сообщение ({ $date } UTC). Telegram показал вместе с ним его имя, поэтому здесь оно не приводится.
cases-topic-triage = Автоматическая проверка: судя по формулировкам, возможно: { $categories }.
cases-topic-claimed = Разговор взял(а): { $volunteer }.
cases-topic-released = Разговор освобождён: его может взять любой.
cases-topic-closed = Закрыто: { $resolution }. Человеку сообщили; если он напишет снова, разговор откроется снова.
cases-topic-checkin-safe = Проверка связи: человек ответил, что он в безопасности.
cases-topic-checkin-unanswered = Проверка связи: нет ответа на вопрос «вы в безопасности?». Пожалуйста, постарайтесь связаться с человеком.
cases-escalated = Срочный разговор ({ $code }) всё ещё ждёт волонтёра.
cases-checkin-unanswered = Нет ответа на проверку связи в разговоре { $code }.

cases-subject-person = просьба поговорить с человеком
cases-subject-report = сообщение о происшествии
cases-subject-papers = документы
cases-subject-steps = следующие шаги
cases-subject-citizenship = гражданство
cases-subject-triage = автоматическая проверка
cases-subject-duress = сигнал принуждения
cases-subject-checkin = проверка связи: нужна помощь

cases-priority-urgent = срочный
cases-priority-high = высокий
cases-priority-normal = обычный

cases-triage-self-harm = самоповреждение
cases-triage-danger = непосредственная опасность
cases-triage-relatives = давление на родственников
cases-triage-return = требование вернуться
cases-triage-summons = вызов (повестка)

cases-resolution-resolved = решено
cases-resolution-referred = перенаправлено в другое место
cases-resolution-no-reply = нет ответа
cases-resolution-duplicate = дубликат
cases-resolution-other = другое

cases-card-title = Разговор { $code }
cases-card-language = Язык: { $language }
cases-card-subject = Повод: { $subject }
cases-card-priority = Приоритет: { $priority }
cases-card-shared = Чем человек решил поделиться:
cases-card-nothing-shared = Человек ничего не передал из своих диалогов.
cases-card-howto = Чтобы написать человеку, отвечайте в этой теме. /note оставляет заметку только здесь; /claim, /release, /priority, /close и /card управляют разговором.
cases-card-shortened = Строки с … в конце здесь сокращены; /card присылает их целиком.
cases-card-left-out = Строк, не поместившихся в карточку: { $count }. /card присылает их целиком.
cases-card-in-full = Чем человек поделился, полностью:
cases-button-claim = ✋ Взять
cases-button-release = Освободить
cases-button-close = ✅ Закрыть…

cases-volunteer = Волонтёр
cases-volunteer-number = Волонтёр #{ $number }
cases-edited = изменено

cases-undelivered-blocked = Это сообщение не дошло до человека: он заблокировал бота или удалил чат.
cases-undelivered-refused = Это сообщение не удалось доставить человеку. Пожалуйста, попробуйте отправить его ещё раз.
cases-not-passed-on = Одно из ваших сообщений не удалось передать волонтёру. Пожалуйста, отправьте его ещё раз.
cases-undelivered-notice = Одно уведомление об этом разговоре не удалось показать здесь. /card снова показывает карточку разговора.

cases-relay-closed = Этот разговор закрыт, поэтому ничего не отправлено. Он откроется снова, когда человек напишет.
cases-relay-claimed = Этот разговор взял другой волонтёр, поэтому ничего не отправлено. Для заметки используйте /note.
cases-help = Команды в теме разговора: /claim, /release, /priority urgent|high|normal, /close, /note (заметка, которая остаётся здесь), /card (карточка разговора ещё раз). /faq слова: отправить ответ из FAQ на языке человека.
cases-not-a-case = Это работает только в теме разговора.
cases-noted = Заметка сохранена здесь; человек её не видит.
cases-claim-refused = Разговор уже взят или закрыт.
cases-release-refused = Освободить разговор может только взявший его волонтёр или координатор.
cases-manage-refused = Изменить приоритет разговора или закрыть его может только взявший его волонтёр или координатор. Срочный разговор сначала нужно взять командой /claim.
cases-priority-usage = Используйте /priority urgent, /priority high или /priority normal.
cases-unchanged = Ничего не изменилось.
cases-close-choose = Чем закончился разговор?
cases-unavailable = Недоступно.
cases-done = Готово.

# Пользователю.
cases-closed = Волонтёр закрыл этот разговор. Если вы снова напишете сюда, он откроется снова.
cases-checkin-question = Хотим узнать, как вы: у вас всё в порядке?
cases-checkin-safe = Я в безопасности
cases-checkin-help = Мне нужна помощь
cases-checkin-thanks = Спасибо за ответ.
cases-checkin-help-sent = Волонтёру сообщили, и он напишет вам здесь. Если вам грозит непосредственная опасность, обратитесь к людям рядом, которым доверяете, или звоните по экстренному номеру страны, где вы находитесь (в Казахстане — 112 или 102 для вызова полиции).
cases-faq-usage = Отправьте /faq и несколько слов, например /faq продлить справку: бот предложит подходящие ответы, а выбранный будет отправлен человеку на его языке.
cases-faq-none = Ни один ответ из FAQ не подходит к этим словам. Попробуйте другие слова или ответьте своими.
cases-faq-choose = Какой ответ отправить человеку на его языке?
cases-faq-sent = Ответ из FAQ № { $number } отправлен человеку.
