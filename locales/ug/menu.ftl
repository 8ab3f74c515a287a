### Commands are written as string literals starting with \u200E (left-to-right mark), so that
### right-to-left text shows "/start" and not "start/". Keep the mark when editing.

## Main menu and help.

menu-title = تىرەك
menu-body = تۆۋەندىن بىر بۆلەكنى تاللاڭ، ياكى سوئالىڭىزنى بىر قانچە سۆز بىلەن يېزىڭ.
menu-faq = سوئال ۋە جاۋابلار
menu-privacy = مەخپىيەتلىك ۋە مەلۇماتلىرىڭىز
menu-language = تىل
menu-forget = مەلۇماتلىرىمنى ئۆچۈرۈش
menu-help = ياردەم
menu-citizenship = پۇقرالىق ۋە نوپۇستىن چىقىش
menu-steps = مېنىڭ قەدەملىرىم
menu-papers = ھۆججەتلىرىم
menu-handoff = پىدائىي بىلەن سۆزلىشىش
menu-report = تەھدىت ياكى بېسىم توغرىسىدا مەلۇم قىلىش
menu-help-title = ياردەم
menu-help-body =
    سوئالىڭىزنى بىر قانچە سۆز بىلەن يېزىڭ، ياكى كۇنۇپكىلارنى ئىشلىتىڭ.

    بۇيرۇقلار:
    باش تىزىملىك: { "\u200E/start" }
    تىلنى ئۆزگەرتىش: { "\u200E/language" }
    نېمىلەر ساقلىنىدۇ، تېلېگرام نېمىلەرنى كۆرەلەيدۇ: { "\u200E/privacy" }
    بۇ سۆھبەتنىڭ ئاخىرقى 48 سائەتلىك ئۇچۇرلىرىنى دەرھال ئۆچۈرۈش: { "\u200E/clear" }
    مەلۇماتلىرىڭىزنى ۋە يېقىنقى ئۇچۇرلارنى ئۆچۈرۈش: { "\u200E/forget" }
    مۇشۇ ياردەم: { "\u200E/help" }
