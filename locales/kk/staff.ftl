## Еріктілер мен үйлестірушілер: қосылу, бүркеншік аттар, шақыру кодтары, еріктілер тізімі.

staff-title = Tirek
staff-joined-volunteer = Қош келдіңіз. Енді сіз еріктісіз: еріктілер тобында жұмыс істей аласыз. Пайдаланушылар көретін бүркеншік атыңызды /alias арқылы таңдаңыз, мысалы /alias Aigul.
staff-joined-coordinator = Қош келдіңіз. Енді сіз үйлестірушісіз: /invite шақыру кодтарын береді, /volunteers еріктілер тізімін көрсетеді.
staff-alias-usage = /alias және { $limit } таңбаға дейінгі бүркеншік атты жіберіңіз, мысалы /alias Aigul.
staff-alias-set = Енді пайдаланушылар сізді «{ $alias }» деп көреді.
staff-invite-volunteer = Бір реттік ерікті коды, { $hours } сағат жарамды: <code>{ $code }</code>. Адам осы ботқа /join және кодты жібереді. Кодты тек жеке хабармен беріңіз.
staff-invite-coordinator = Бір реттік үйлестіруші коды, { $hours } сағат жарамды: <code>{ $code }</code>. Адам осы ботқа /join және кодты жібереді. Кодты тек жеке хабармен беріңіз.
staff-list-heading = Белсенді еріктілер мен үйлестірушілер:
staff-list-row = #{ $number } · { $alias } · { $role } · { $since } күнінен бастап
staff-list-empty = Әзірге ешкім жоқ.
staff-role-volunteer = ерікті
staff-role-coordinator = үйлестіруші
staff-revoke = #{ $number } өкілеттігін алу
staff-promote = #{ $number } үйлестіруші ету
staff-updated = Жаңартылды: { $alias }.
