## Citizenship and deregistration: questions, personal summary, resettlement to Canada (M-62).
## Facts: /work/shared/domain-facts.md. "Reported" marks what does not come from an official text.

citizenship-title = Your situation
citizenship-intro =
    A few questions about your documents. From your answers you get a short summary: the rules that apply to you, the risks to know, and next steps.

    • Every question can be skipped. None asks for names, relatives or addresses.
    • Your answers are not saved: they are held, encrypted, only while this section is open. Only the steps you choose to save are stored, and /forget erases them.
    • This is not legal advice.
citizenship-begin = Start the questions
citizenship-progress = Question { $number } of { $total }
citizenship-skip = Skip this question

citizenship-q-kz = Do you hold Kazakh citizenship?
citizenship-q-kz-why = <i>Why I ask: Kazakhstan's rules on a second citizenship apply to its citizens.</i>
citizenship-a-kz-yes = Yes
citizenship-a-kz-applying = I have applied
citizenship-a-kz-no = No

citizenship-q-cn-passport = Do you still have a Chinese passport (not cut or handed in)?
citizenship-q-cn-passport-why = <i>Why I ask: a Kazakh citizen who also holds a foreign passport can face a fine or expulsion.</i>
citizenship-a-cn-passport-yes = Yes, I still have one
citizenship-a-cn-passport-no = No

citizenship-q-hukou = Is your household registration in China (hukou) still active, as far as you know?
citizenship-q-hukou-why = <i>Why I ask: in practice an active hukou can mean that China still treats you as its citizen.</i>
citizenship-a-hukou-active = Yes, still active
citizenship-a-hukou-cancelled = No, it was cancelled
citizenship-a-hukou-unsure = I don't know

citizenship-q-kandas = Do you have kandas status?
citizenship-q-kandas-why = <i>Why I ask: kandas get citizenship by a simplified procedure with its own conditions.</i>
citizenship-a-kandas-yes = Yes
citizenship-a-kandas-applying = I have applied
citizenship-a-kandas-no = No

citizenship-q-residence = Where do you live now? Only the country matters.
citizenship-q-residence-why = <i>Why I ask: what is reported about the Chinese consulate concerns Kazakhstan.</i>
citizenship-a-residence-kz = In Kazakhstan
citizenship-a-residence-other = In another country

citizenship-q-travel = Do you travel to China, or plan to?
citizenship-q-travel-why = <i>Why I ask: people have been detained at the border even with their papers in order (reported).</i>
citizenship-a-travel-yes = Yes
citizenship-a-travel-no = No

citizenship-q-told-return = Has anyone told you to go back to China to cancel your hukou?
citizenship-q-told-return-why = <i>Why I ask: such demands are reported, and going back carries real risks. I do not ask who told you.</i>
citizenship-a-told-return-yes = Yes
citizenship-a-told-return-no = No

citizenship-q-penalty = Have you been fined or summoned in Kazakhstan over your citizenship?
citizenship-q-penalty-why = <i>Why I ask: then some next steps are more urgent.</i>
citizenship-a-penalty-fined = Yes, fined
citizenship-a-penalty-summoned = Yes, summoned
citizenship-a-penalty-no = No

citizenship-summary-intro = Based on your answers (a skipped question counts as unknown):
citizenship-summary-rules = <b>Rules that apply</b>
citizenship-summary-risks = <b>Risks to know</b>
citizenship-summary-no-risks = From your answers we see no particular risk. That is not a guarantee.
citizenship-summary-steps = <b>Next steps</b> (save them to tick them off in "My steps"):
citizenship-summary-footer = <i>Not legal advice. Facts checked on { $date }; "reported" means the source is not an official text. More in Questions and answers.</i>

citizenship-rule-not-citizen = • You do not hold Kazakh citizenship, so Kazakhstan's 30-day reporting rule and Chinese law on taking a foreign nationality (Article 9) do not concern you now.
citizenship-rule-kz-no-dual = • Kazakhstan does not recognise a second citizenship (Constitution, Article 10). A citizen who acquires another one must report it within 30 days (Law on Citizenship, Article 21).
citizenship-rule-kz-art-496 = • Kazakhstan, Code of Administrative Offences, Article 496: not reporting a foreign citizenship: a fine of 200 MCI or administrative expulsion; using a Kazakh passport after losing citizenship: 100 MCI. MCI is the monthly calculation index, set by law each year. In 2022, 841 people were penalised and 138 expelled (reported).
citizenship-rule-kandas-renounce = • Kandas apply for citizenship by a simplified procedure and must submit a notarised renunciation of their foreign citizenship.
citizenship-rule-cn-art-9 = • China, Nationality Law (1980): no dual nationality (Article 3). A national settled abroad who of their own will takes a foreign nationality loses Chinese nationality automatically (Article 9), with no application (Article 14).
citizenship-rule-cn-practice = • In practice (reported): the hukou often stays active, cancelling it is often possible only in person in China, and people have been sentenced in China for "dual citizenship".
citizenship-rule-data-exchange = • Since 10 November 2023 an agreement reportedly has Kazakhstan and China exchange data on naturalised citizens, including whether the earlier citizenship ended. How the data is used is not known.

citizenship-risk-penalty-fined = • You were fined: under Article 496 such cases can also end in expulsion. Keep every paper and get legal advice soon.
citizenship-risk-penalty-summoned = • You were summoned: it may concern Article 496 (a fine or expulsion). Keep the summons and get legal advice as soon as you can.
citizenship-risk-cn-passport = • A Chinese passport next to Kazakh citizenship can be seen as an unreported foreign citizenship: 200 MCI or expulsion. How it is treated in your case is not certain: ask a lawyer.
citizenship-risk-hukou-active = • An active hukou may mean that China still treats you as its citizen, despite Article 9 (reported). Whether Kazakhstan counts it as a second citizenship is not clear from our sources.
citizenship-risk-travel = • Travel to China: a Kazakh citizen whose Chinese passport was cut and whose hukou cancellation was certified was detained at the border in July 2025 and charged with "dual nationality" (reported). Papers in order may not protect you.
citizenship-risk-told-return = • In 2018 the Chinese embassy in Astana told former nationals to go back to China to cancel their hukou (reported). Going back carries the risks of travel; no one can promise it is safe.
citizenship-risk-consulate = • The Chinese consulate in Almaty reportedly refuses to cancel a hukou, so from Kazakhstan there may be no way to do it.
citizenship-risk-consulate-elsewhere = • We have no reports about Chinese consulates outside Kazakhstan. Do not assume that cancelling the hukou there is possible or safe.

citizenship-save = 💾 Save these steps
citizenship-saved =
    { $count ->
        [0] Your list already has these steps.
        [one] One step saved to "My steps".
       *[other] { $count } steps saved to "My steps".
    }
citizenship-change = Change my answers
citizenship-back-summary = Back to the summary

citizenship-m62-title = Quick check
citizenship-m62-open = Resettlement to Canada (M-62): quick check
citizenship-m62-again = Check again
citizenship-m62-q-other = Do you hold any citizenship other than Chinese, for example Kazakh?
citizenship-m62-q-other-why = <i>Why I ask: the programme is reported to cover only people with no citizenship other than Chinese.</i>
citizenship-a-other-yes = Yes
citizenship-a-other-no = No
citizenship-m62-q-lives = Do you live outside China?
citizenship-m62-q-lives-why = <i>Why I ask: the motion speaks of resettlement from third countries such as Turkiye, not from China.</i>
citizenship-a-lives-third = Yes, in another country
citizenship-a-lives-china = No, in China
citizenship-m62-verdict-excluded = <b>Result:</b> with a citizenship other than Chinese you are in practice excluded (reported). This is why Kazakh citizens, kandas included, are not covered.
citizenship-m62-verdict-china = <b>Result:</b> the motion speaks of resettlement from third countries, not from China.
citizenship-m62-verdict-possible = <b>Result:</b> you may belong to the group the motion speaks of. You still cannot apply yourself: see who refers people below.
citizenship-m62-verdict-unknown = <b>Result:</b> without your answers we can only give the general rules below.
citizenship-m62-about = Motion M-62 (Canada's House of Commons, 1 February 2023, 322 votes to 0) is not binding. It speaks of resettling 10,000 Uyghurs and other Turkic Muslims over two years from 2024.
citizenship-m62-referral = <b>Who can refer you</b> (reported): you cannot apply yourself. A referral comes from UNHCR, a designated referral organisation, or a private sponsor. 500 places are for human rights defenders.
citizenship-m62-other-citizenship = <b>Who is covered</b> (reported): only people with no citizenship other than Chinese. So kandas with Kazakh citizenship are in practice excluded.
citizenship-m62-from-third-countries = <b>From where:</b> from third countries such as Turkiye, not from China.
citizenship-m62-uncertain = First arrivals were reported in May, probably of 2025. The two-year period began in 2024 and may be ending; we do not know whether places remain.
