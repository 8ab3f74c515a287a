## Волонтёры и координаторы: вступление, псевдонимы, коды приглашения, список волонтёров.

staff-title = Tirek
staff-joined-volunteer = Добро пожаловать. Теперь вы волонтёр: вы можете работать в группе волонтёров. Выберите псевдоним, который будут видеть пользователи, командой /alias, например /alias Aigul.
staff-joined-coordinator = Добро пожаловать. Теперь вы координатор: /invite выдаёт коды приглашения, /volunteers показывает список волонтёров.
staff-alias-usage = Отправьте /alias и псевдоним длиной до { $limit ->
        [one] { $limit } символа
        [few] { $limit } символов
        [many] { $limit } символов
       *[other] { $limit } символа
    }, например /alias Aigul.
staff-alias-set = Теперь пользователи видят вас как «{ $alias }».
staff-invite-volunteer = Одноразовый код для волонтёра, действует { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
        [many] { $hours } часов
       *[other] { $hours } часа
    }: <code>{ $code }</code>. Человек отправляет этому боту /join и код. Передайте код лично, не в общих чатах.
staff-invite-coordinator = Одноразовый код для координатора, действует { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
        [many] { $hours } часов
       *[other] { $hours } часа
    }: <code>{ $code }</code>. Человек отправляет этому боту /join и код. Передайте код лично, не в общих чатах.
staff-list-heading = Активные волонтёры и координаторы:
staff-list-row = #{ $number } · { $alias } · { $role } · с { $since }
staff-list-empty = Пока никого.
staff-role-volunteer = волонтёр
staff-role-coordinator = координатор
staff-revoke = Отозвать #{ $number }
staff-promote = Сделать #{ $number } координатором
staff-updated = Обновлено: { $alias }.
