## Меню команд бота и тексты профиля. Нейтрально: они видны вне чата.

commands-start = Главное меню
commands-language = Язык
commands-privacy = Конфиденциальность
commands-clear = Очистить чат
commands-forget = Стереть мои данные
commands-help = Помощь
commands-description = Tirek отвечает на частые вопросы на казахском, уйгурском, русском и английском языках. Нажмите «Запустить» (Start), чтобы выбрать язык.
commands-short-description = Справочная служба волонтёров на вашем языке.
