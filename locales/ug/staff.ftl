### Commands are written as string literals starting with \u200E (left-to-right mark), so that
### right-to-left text shows "/alias" and not "alias/". Keep the mark when editing.

## Volunteers and coordinators: joining, aliases, invite codes, the volunteer list.

staff-title = تىرەك
staff-joined-volunteer = خۇش كەلدىڭىز. سىز ئەمدى پىدائىي: پىدائىيلار گۇرۇپپىسىدا ئىشلىيەلەيسىز. ئىشلەتكۈچىلەر كۆرىدىغان تەخەللۇسىڭىزنى { "\u200E/alias" } ئارقىلىق تاللاڭ، مەسىلەن { "\u200E/alias Aigul" }.
staff-joined-coordinator = خۇش كەلدىڭىز. سىز ئەمدى ماسلاشتۇرغۇچى: { "\u200E/faqadmin" } مەزمۇن قوراللىرىنى ئاچىدۇ (سوئال ۋە جاۋابلار، ستاتىستىكا، ئۇقتۇرۇشلار)، { "\u200E/invite" } تەكلىپ كودى چىقىرىدۇ، { "\u200E/volunteers" } پىدائىيلار تىزىملىكىنى كۆرسىتىدۇ. { "\u200E/help" } بارلىق بۇيرۇقلىرىڭىزنى كۆرسىتىدۇ.
staff-help-volunteer = پىدائىي سۈپىتىدىكى بۇيرۇقلىرىڭىز:
    ئىشلەتكۈچىلەر كۆرىدىغان تەخەللۇس: { "\u200E/alias" }، مەسىلەن { "\u200E/alias Aigul" }
    پىدائىيلار گۇرۇپپىسىدىكى ئەھۋال تېمىسىدا { "\u200E/help" } ئۇ يەردىكى بۇيرۇقلارنى كۆرسىتىدۇ.
staff-help-coordinator = بۇ سۆھبەتتىكى ماسلاشتۇرغۇچى بۇيرۇقلىرىڭىز:
    سوئال ۋە جاۋابلار (تېكىستلەر، مەنبەلەر، چېسلالار، چىقىرىش ۋە كىرگۈزۈش)، ستاتىستىكا، ئۇقتۇرۇشلار: { "\u200E/faqadmin" }
    يېڭى پىدائىي ئۈچۈن بىر قېتىملىق كود: { "\u200E/invite" } (ماسلاشتۇرغۇچى ئۈچۈن: { "\u200E/invite coordinator" })
    ئاكتىپ پىدائىيلار ۋە ماسلاشتۇرغۇچىلار، ھوقۇقىنى بىكار قىلىش ياكى ئۆستۈرۈش ئۈچۈن: { "\u200E/volunteers" }
    ئىشلەتكۈچىلەر كۆرىدىغان تەخەللۇس: { "\u200E/alias" }
    پىدائىيلار گۇرۇپپىسىدىكى ئەھۋال تېمىسىدا { "\u200E/help" } ئۇ يەردىكى بۇيرۇقلارنى كۆرسىتىدۇ.
staff-alias-usage = تەخەللۇس بېكىتىش ئۈچۈن { "\u200E/alias" } ۋە { $limit } ھەرپكىچە بولغان تەخەللۇس يوللاڭ، مەسىلەن { "\u200E/alias Aigul" }.
staff-alias-set = ئىشلەتكۈچىلەر ئەمدى سىزنى «{ $alias }» دەپ كۆرىدۇ.
staff-invite-volunteer = بىر قېتىملىق پىدائىي كودى، { $hours } سائەت ئىناۋەتلىك: <code>{ $code }</code>. ئۇ ئادەم بۇ بوتقا { "\u200E/join" } ۋە كودنى يوللايدۇ. كودنى پەقەت شەخسىي ھالدا يەتكۈزۈڭ.
staff-invite-coordinator = بىر قېتىملىق ماسلاشتۇرغۇچى كودى، { $hours } سائەت ئىناۋەتلىك: <code>{ $code }</code>. ئۇ ئادەم بۇ بوتقا { "\u200E/join" } ۋە كودنى يوللايدۇ. كودنى پەقەت شەخسىي ھالدا يەتكۈزۈڭ.
staff-list-heading = ئاكتىپ پىدائىيلار ۋە ماسلاشتۇرغۇچىلار:
staff-list-row = { $number }-نومۇر · { $alias } · { $role } · { $since } دىن بېرى
staff-list-empty = تېخى ھېچكىم يوق.
staff-role-volunteer = پىدائىي
staff-role-coordinator = ماسلاشتۇرغۇچى
staff-revoke = { $number }-نومۇرنىڭ ھوقۇقىنى بىكار قىلىش
staff-promote = { $number }-نومۇرنى ماسلاشتۇرغۇچى قىلىش
staff-updated = يېڭىلاندى: { $alias }.
