## Questions and answers: browsing, answers, search, feedback.

faq-title = سوئال ۋە جاۋابلار
faq-topics-body = بىر تېمىنى تاللاڭ.
faq-questions-body = <b>{ $topic }</b>
    بىر سوئالنى تاللاڭ.
faq-empty = بۇ بۆلەكتە تېخى جاۋاب يوق.
faq-sources = مەنبەلەر:
faq-source-confidence-m = ئىشەنچلىك مەنبەلەر خەۋەر قىلغان
faq-source-confidence-l = يالغۇز ياكى ۋاسىتىلىك مەنبە
faq-verified = ئاخىرقى قېتىم تەكشۈرۈلگەن ۋاقىت: { $date }
faq-recheck-overdue = ⚠ بۇ جاۋابنى قايتا تەكشۈرۈش ۋاقتى كەلدى. ئۇ كونىراپ قالغان بولۇشى مۇمكىن.
faq-helpful-question = بۇ جاۋاب پايدىلىق بولدىمۇ؟
faq-helpful-yes = 👍 ھەئە
faq-helpful-no = 👎 ياق
faq-helpful-thanks = رەھمەت. جاۋابىڭىز بىزنىڭ ياخشىلىنىشىمىزغا ياردەم بېرىدۇ.
faq-not-found = بۇ جاۋاب ئەمدى يوق. باشقا بىرىنى تاللاڭ.
faq-search-title = ئىزدەش
faq-search-results = بۇ جاۋابلار ياردەم بېرىشى مۇمكىن:
faq-search-none =
    بۇنىڭغا ماس جاۋاب تاپالمىدىم.

    • بىر قانچە ئاچقۇچلۇق سۆز بىلەن قايتا سىناپ بېقىڭ، مەسىلەن: «گۇۋاھنامىنى ئۇزارتىش».
    • ياكى تۆۋەندىكى كۇنۇپكا ئارقىلىق بارلىق تېمىلارنى كۆرۈڭ.
faq-search-too-long = ئۇچۇرىڭىز ئۇزۇن. توغرا جاۋابنى تېپىش ئۈچۈن، سوئالىڭىزنى بىر قانچە سۆز بىلەن سوراڭ. سىز يازغانلارنىڭ ھېچقايسىسى ساقلانمىدى.
faq-browse-topics = تېمىلارنى كۆرۈش
faq-ask-volunteer = 💬 پىدائىيدىن سوراش
