### Commands are written as string literals starting with \u200E (left-to-right mark), so that
### right-to-left text shows "/note" and not "note/". Keep the mark when editing.

## Cases: what volunteers see in a case's topic, and the notices users get about their case.
## Texts for the volunteers' group use the DEFAULT_LOCALE; notices to users use theirs.

cases-user-title = تىرەك
cases-staff-title = تىرەك

# In the case's topic (volunteers).
cases-topic-opened = يېڭى سۆھبەت. ئۇ ئادەم يوللىغان ھەممە نەرسە بۇ يەرگە كۆچۈرۈلىدۇ؛ بۇ تېمىدا يازغان ئۇچۇرلىرىڭىز ئۇنىڭغا كۆچۈرۈلىدۇ، بۇيرۇقلار ۋە { "\u200E/note" } بۇنىڭ سىرتىدا.
cases-topic-flagged = بەلگە قويۇلدى: { $subject }. ئالدىنلىق دەرىجىسى: { $priority }.
cases-topic-reopened = ئۇ ئادەم يەنە يازدى: سۆھبەت قايتا ئېچىلدى.
cases-topic-forwarded = كېيىنكى ئۇچۇر ئۇلاپ يوللانغان ئۇچۇر. تېلېگرام كۆرسەتكەن ئەسلى يوللىغۇچى: { $origin }
cases-topic-forwarded-own = كېيىنكى ئۇچۇر ئۇلاپ يوللانغان ئۇچۇر: ئادەم ئۆزى يازغان ئۇچۇرنى ئۇلاپ يوللىدى ({ $date } UTC). تېلېگرام ئۇنىڭ بىلەن بىللە ئۇنىڭ ئىسمىنى كۆرسەتتى، شۇڭا بۇ يەردە ئىسمى يېزىلمىدى.
cases-topic-triage = ئاپتوماتىك تەكشۈرۈش: ئىشلىتىلگەن سۆزلەرگە قارىغاندا، مۇمكىن: { $categories }.
cases-topic-claimed = ئۈستىگە ئالغۇچى: { $volunteer }.
cases-topic-released = بوشىتىلدى: خالىغان پىدائىي ئۈستىگە ئالالايدۇ.
cases-topic-closed = تاقالدى: { $resolution }. ئۇ ئادەمگە خەۋەر قىلىندى؛ ئۇ يەنە يازسا، سۆھبەت قايتا ئېچىلىدۇ.
cases-topic-checkin-safe = ھال سوراش: ئۇ ئادەم ئۆزىنىڭ ئامان ئىكەنلىكىنى ئېيتتى.
cases-topic-checkin-unanswered = ھال سوراش: «ئامانمۇسىز؟» دېگەن سوئالغا جاۋاب يوق. ئۇ ئادەم بىلەن ئالاقىلىشىشقا تىرىشىڭ.
cases-escalated = جىددىي بىر سۆھبەت ({ $code }) تېخىچە پىدائىي كۈتۈۋاتىدۇ.
cases-checkin-unanswered = سۆھبەت { $code } دىكى ھال سوراشقا جاۋاب كەلمىدى.

cases-subject-person = ئادەم بىلەن سۆزلىشىشنى تەلەپ قىلدى
cases-subject-report = ۋەقە توغرىسىدا مەلۇمات
cases-subject-papers = ھۆججەتلەر
cases-subject-steps = كېيىنكى قەدەملەر
cases-subject-citizenship = پۇقرالىق
cases-subject-triage = ئاپتوماتىك تەكشۈرۈش
cases-subject-duress = مەجبۇرلاش سىگنالى
cases-subject-checkin = ھال سوراش: ياردەم كېرەك

cases-priority-urgent = جىددىي
cases-priority-high = يۇقىرى
cases-priority-normal = ئادەتتىكى

cases-triage-self-harm = ئۆزىگە زىيان يەتكۈزۈش
cases-triage-danger = بىۋاسىتە خەۋپ
cases-triage-relatives = تۇغقانلارغا بېسىم
cases-triage-return = قايتىپ كېلىش تەلىپى
cases-triage-summons = چاقىرىق قەغىزى

cases-resolution-resolved = ھەل قىلىندى
cases-resolution-referred = باشقا جايغا يوللاندى
cases-resolution-no-reply = جاۋاب يوق
cases-resolution-duplicate = تەكرار
cases-resolution-other = باشقا

cases-card-title = سۆھبەت { $code }
cases-card-language = تىل: { $language }
cases-card-subject = سەۋەبى: { $subject }
cases-card-priority = ئالدىنلىق دەرىجىسى: { $priority }
cases-card-shared = ئۇ ئادەم ئورتاقلىشىشنى تاللىغان مەلۇماتلار:
cases-card-nothing-shared = ئۇ ئادەم ئۆز دىئالوگلىرىدىن ھېچنېمە ئورتاقلاشمىدى.
cases-card-howto = ئۇ ئادەمگە يېزىش ئۈچۈن بۇ تېمىدا جاۋاب يېزىڭ. { "\u200E/note" } خاتىرىنى پەقەت مۇشۇ يەردىلا قالدۇرىدۇ؛ { "\u200E/claim" }، { "\u200E/release" }، { "\u200E/priority" }، { "\u200E/close" } ۋە { "\u200E/card" } سۆھبەتنى باشقۇرىدۇ.
cases-card-shortened = ئاخىرىدا … بار قۇرلار بۇ يەردە قىسقارتىلدى؛ { "\u200E/card" } ئۇلارنى تولۇق يوللايدۇ.
cases-card-left-out = كارتىغا سىغمىغان قۇرلار سانى: { $count }. { "\u200E/card" } ئۇلارنى تولۇق يوللايدۇ.
cases-card-in-full = ئۇ ئادەم ئورتاقلاشقان مەلۇماتلار، تولۇق:
cases-button-claim = ✋ ئۈستىگە ئېلىش
cases-button-release = بوشىتىش
cases-button-close = ✅ تاقاش…

cases-volunteer = پىدائىي
cases-volunteer-number = { $number }-نومۇرلۇق پىدائىي
cases-edited = تەھرىرلەنگەن

cases-undelivered-blocked = بۇ ئۇچۇر ئۇ ئادەمگە يەتمىدى: ئۇ بوتنى توسىۋەتكەن ياكى سۆھبەتنى ئۆچۈرىۋەتكەن.
cases-undelivered-refused = بۇ ئۇچۇرنى ئۇ ئادەمگە يەتكۈزگىلى بولمىدى. قايتا يوللاپ بېقىڭ.
cases-not-passed-on = ئۇچۇرلىرىڭىزنىڭ بىرىنى پىدائىيغا يەتكۈزگىلى بولمىدى. ئۇنى قايتا يوللاڭ.
cases-undelivered-notice = بۇ سۆھبەت توغرىسىدىكى بىر ئۇقتۇرۇشنى بۇ يەردە كۆرسەتكىلى بولمىدى. { "\u200E/card" } سۆھبەت كارتىسىنى قايتا كۆرسىتىدۇ.

cases-relay-closed = بۇ سۆھبەت تاقالغان، شۇڭا ھېچنېمە يوللانمىدى. ئۇ ئادەم يازغاندا سۆھبەت قايتا ئېچىلىدۇ.
cases-relay-claimed = بۇ سۆھبەتنى باشقا بىر پىدائىي ئۈستىگە ئالغان، شۇڭا ھېچنېمە يوللانمىدى. خاتىرە ئۈچۈن { "\u200E/note" } نى ئىشلىتىڭ.
cases-help = سۆھبەت تېمىسىدىكى بۇيرۇقلار: { "\u200E/claim" }، { "\u200E/release" }، { "\u200E/priority urgent|high|normal" }، { "\u200E/close" }، { "\u200E/note" } (مۇشۇ يەردە قالىدىغان خاتىرە)، { "\u200E/card" } (سۆھبەت كارتىسى قايتا). { "\u200E/faq" } سۆزلەر: كىشىگە ئۆز تىلىدا FAQ جاۋابى يوللاش.
cases-not-a-case = بۇ پەقەت سۆھبەت تېمىسىدىلا ئىشلەيدۇ.
cases-noted = خاتىرە مۇشۇ يەردە ساقلاندى؛ ئۇ ئادەم ئۇنى كۆرمەيدۇ.
cases-claim-refused = ئۇنى ئاللىقاچان بىرى ئۈستىگە ئالغان، ياكى ئۇ تاقالغان.
cases-release-refused = ئۇنى پەقەت ئۈستىگە ئالغان پىدائىي ياكى ماسلاشتۇرغۇچىلا بوشىتالايدۇ.
cases-manage-refused = سۆھبەتنىڭ دەرىجىسىنى پەقەت ئۇنى ئۈستىگە ئالغان پىدائىي ياكى ماسلاشتۇرغۇچىلا ئۆزگەرتەلەيدۇ ياكى ئۇنى تاقىيالايدۇ. جىددىي سۆھبەتنى ئالدى بىلەن { "\u200E/claim" } ئارقىلىق ئۈستىگە ئېلىش كېرەك.
cases-priority-usage = مۇنداق ئىشلىتىڭ: { "\u200E/priority urgent" }، { "\u200E/priority high" } ياكى { "\u200E/priority normal" }.
cases-unchanged = ھېچنېمە ئۆزگەرمىدى.
cases-close-choose = قانداق ئاخىرلاشتى؟
cases-unavailable = ئىشلەتكىلى بولمايدۇ.
cases-done = تاماملاندى.

# To the user.
cases-closed = پىدائىي بۇ سۆھبەتنى تاقىدى. بۇ يەرگە يەنە يازسىڭىز، سۆھبەت قايتا ئېچىلىدۇ.
cases-checkin-question = ھالىڭىزنى سوراپ قويايلى: ھەممە ئىش جايىدىمۇ؟
cases-checkin-safe = مەن ئامان
cases-checkin-help = ماڭا ياردەم كېرەك
cases-checkin-thanks = جاۋاب بەرگىنىڭىزگە رەھمەت.
cases-checkin-help-sent = بىر پىدائىيغا خەۋەر قىلىندى، ئۇ سىزگە مۇشۇ يەردە يازىدۇ. ئەگەر بىۋاسىتە خەۋپ ئاستىدا بولسىڭىز، يېنىڭىزدىكى ئىشەنچلىك كىشىلەر بىلەن ئالاقىلىشىڭ ياكى ئۆزىڭىز تۇرۇۋاتقان دۆلەتنىڭ جىددىي قۇتقۇزۇش نومۇرىغا تېلېفون قىلىڭ (قازاقىستاندا 112، ساقچى ئۈچۈن 102).
cases-faq-usage = { "\u200E/faq" } ۋە بىر قانچە سۆز يوللاڭ، مەسىلەن { "\u200E/faq" } گۇۋاھنامىنى ئۇزارتىش: ماس جاۋابلار تەۋسىيە قىلىنىدۇ، تاللىغىنىڭىز كىشىگە ئۆز تىلىدا يوللىنىدۇ.
cases-faq-none = بۇ سۆزلەرگە ماس كېلىدىغان FAQ جاۋابى تېپىلمىدى. باشقا سۆزلەرنى سىناپ بېقىڭ، ياكى ئۆز سۆزىڭىز بىلەن جاۋاب بېرىڭ.
cases-faq-choose = كىشىگە ئۆز تىلىدا قايسى جاۋابنى يوللاش كېرەك؟
cases-faq-sent = { $number }-نومۇرلۇق FAQ جاۋابى كىشىگە يوللاندى.
