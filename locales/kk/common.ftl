## Ортақ түйме атаулары.

common-back = ◀ Артқа
common-menu = ☰ Мәзір
common-cancel = Бас тарту
