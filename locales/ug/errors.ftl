### Commands are written as string literals starting with \u200E (left-to-right mark), so that
### right-to-left text shows "/start" and not "start/". Keep the mark when editing.

## Answers to unexpected input. Nothing the user had is lost.

errors-title = تىرەك
errors-unknown-command = بۇ بۇيرۇقنى بىلمەيمەن. كۇنۇپكىلارنى ئىشلىتىڭ، ياكى بۇيرۇقلار تىزىملىكىنى كۆرۈش ئۈچۈن { "\u200E/help" } نى يوللاڭ.
errors-text-only = بۇ يەردە پەقەت تېكىست ئۇچۇرلىرىنىلا ئوقۇيالايمەن. سوئالىڭىزنى بىر قانچە سۆز بىلەن يېزىڭ، ياكى كۇنۇپكىلارنى ئىشلىتىڭ.
errors-button-expired = بۇ كۇنۇپكا ئەمدى ئىشلىمەيدۇ. مانا ھازىرقى تىزىملىك.
errors-edited = مەن پەقەت يېڭى ئۇچۇرلارنىلا ئوقۇيمەن. تۈزىتىشىڭىزنى يېڭى ئۇچۇر قىلىپ يوللاڭ.
errors-unavailable = بۇ تاللاشنى ئىشلەتكىلى بولمايدۇ. ھازىرقى تىزىملىكنىڭ كۇنۇپكىلىرىنى ئىشلىتىڭ.
errors-internal = بىز تەرەپتە بىر خاتالىق كۆرۈلدى. ھېچنېمە يوقالمىدى. قايتا سىناپ بېقىڭ.
errors-slow-down = بىراقلا بەك كۆپ بولدى. سەل ساقلاپ، قايتا سىناڭ.
errors-not-passed-on = بىراقلا بەك كۆپ ئۇچۇر: بۇ ئۇچۇر ۋە ئۇنىڭدىن كېيىنكىلىرى پىدائىيغا يەتكۈزۈلمىدى. بىر نەچچە مىنۇت ساقلاپ، ئۇلارنى مۇشۇ ئۇچۇردىن باشلاپ قايتا يوللاڭ.
