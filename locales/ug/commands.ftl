## The bot's command menu and profile texts. Neutral: they show outside the chat.

commands-start = باش تىزىملىك
commands-language = تىل
commands-privacy = مەخپىيەتلىك
commands-clear = سۆھبەتنى تازىلاش
commands-forget = مەلۇماتلىرىمنى ئۆچۈرۈش
commands-help = ياردەم
commands-description = تىرەك (Tirek) كۆپ سورىلىدىغان سوئاللارغا قازاقچە، ئۇيغۇرچە، رۇسچە ۋە ئىنگلىزچە جاۋاب بېرىدۇ. تىلىڭىزنى تاللاش ئۈچۈن «باشلاش» (Start) كۇنۇپكىسىنى بېسىڭ.
commands-short-description = ئۆز تىلىڭىزدىكى پىدائىيلار ياردەم مۇلازىمىتى.
