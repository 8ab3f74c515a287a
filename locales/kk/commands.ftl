## Боттың командалар мәзірі және профиль мәтіндері. Бейтарап: олар чаттан тыс көрінеді.

commands-start = Басты мәзір
commands-language = Тіл
commands-privacy = Құпиялылық
commands-clear = Чатты тазалау
commands-forget = Деректерімді өшіру
commands-help = Көмек
commands-description = Tirek жиі қойылатын сұрақтарға қазақ, ұйғыр, орыс және ағылшын тілдерінде жауап береді. Тілді таңдау үшін «Бастау» (Start) түймесін басыңыз.
commands-short-description = Сіздің тіліңіздегі еріктілердің анықтама қызметі.
