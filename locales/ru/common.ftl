## Общие подписи кнопок.

common-back = ◀ Назад
common-menu = ☰ Меню
common-cancel = Отмена
