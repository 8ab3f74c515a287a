## Volunteers and coordinators: joining, aliases, invite codes, the volunteer list.

staff-title = Tirek
staff-joined-volunteer = Welcome. You are now a volunteer: you can act in the volunteers' group. Choose the nickname users see with /alias, for example /alias Aigul.
staff-joined-coordinator = Welcome. You are now a coordinator: /faqadmin opens the content tools (questions and answers, statistics, announcements), /invite issues invite codes, /volunteers lists volunteers. /help lists all your commands.
staff-help-volunteer = Your commands as a volunteer:
    /alias: the nickname users see, for example /alias Aigul
    In a case topic of the volunteers' group, /help lists the commands there.
staff-help-coordinator = Your commands as a coordinator, in this chat:
    /faqadmin: questions and answers (texts, sources, dates, export and import), statistics, announcements
    /invite: a one-time code for a new volunteer (/invite coordinator: for a coordinator)
    /volunteers: active volunteers and coordinators, to revoke or promote
    /alias: the nickname users see
    In a case topic of the volunteers' group, /help lists the commands there.
staff-alias-usage = Send /alias and a nickname of up to { $limit } characters (letters, digits, spaces and . , - _ ' ( ) only), for example /alias Aigul.
staff-alias-not-neutral = This nickname is the first line of every message the person gets, and a locked phone shows it. It contains a word that could reveal what the conversation is about, in one of the languages. Please choose another, for example a first name.
staff-alias-set = Users now see you as "{ $alias }".
staff-invite-volunteer = A one-time volunteer code, valid for { $hours } hours: <code>{ $code }</code>. The person sends /join and the code to this bot. Pass it on privately.
staff-invite-coordinator = A one-time coordinator code, valid for { $hours } hours: <code>{ $code }</code>. The person sends /join and the code to this bot. Pass it on privately.
staff-list-heading = Active volunteers and coordinators:
staff-list-row = #{ $number } · { $alias } · { $role } · since { $since }
staff-list-empty = Nobody yet.
staff-role-volunteer = volunteer
staff-role-coordinator = coordinator
staff-revoke = Revoke #{ $number }
staff-promote = Make #{ $number } coordinator
staff-updated = Updated: { $alias }.
