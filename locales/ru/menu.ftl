## Главное меню и помощь.

menu-title = Tirek
menu-body = Выберите раздел ниже или напишите свой вопрос в нескольких словах.
menu-faq = Вопросы и ответы
menu-privacy = Конфиденциальность и ваши данные
menu-language = Язык
menu-forget = Стереть мои данные
menu-help = Помощь
menu-citizenship = Гражданство и выписка из хукоу
menu-steps = Мои шаги
menu-papers = Мои документы
menu-handoff = Поговорить с волонтёром
menu-help-title = Помощь
menu-help-body =
    Напишите вопрос в нескольких словах или воспользуйтесь кнопками.

    Команды:
    /start: главное меню
    /language: сменить язык
    /privacy: что хранится и что видит Telegram
    /forget: стереть ваши данные и недавние сообщения
    /help: эта справка
