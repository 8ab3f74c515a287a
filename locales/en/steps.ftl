## "My steps": the checklist saved from the citizenship summary.

steps-title = My steps
steps-empty = Your list is empty. Answer the questions in "Citizenship and deregistration", then save the steps from your summary.
steps-overview-body = Done: { $done } of { $total }. Choose a step to mark it done, or stuck if you cannot go on.
steps-stored = <i>Stored encrypted. "Delete this list" or /forget erases it.</i>
steps-questions = Answer the questions again
steps-clear = 🗑 Delete this list
steps-clear-confirm = Delete all your steps? This cannot be undone.
steps-clear-yes = Yes, delete
steps-mark-todo = ☐ To do
steps-mark-done = ✅ Done
steps-mark-stuck = ⚠️ Stuck
steps-status =
    { $status ->
        [todo] Status: to do
        [done] Status: done
       *[stuck] Status: stuck
    } (changed { $date })
steps-not-found = This step is no longer in your list.
steps-stuck-guidance =
    <b>Where to find legal help</b>
    Names only: take contact details from each organisation's own website, and check that they are current.
    • Kazakhstan International Bureau for Human Rights (KIBHR), formerly UNHCR's legal-counselling partner in Kazakhstan.
    • UNHCR Multi-Country Office in Almaty; in Kyrgyzstan, UNHCR in Bishkek. Check first that they still work there.
    • Abroad: Uyghur Human Rights Project (Washington), Amnesty International, Human Rights Watch.
    • Safeguard Defenders (Madrid) documents pressure from abroad, but does not help with moving or asylum.

    Before you write to anyone, think about who else can read your messages, and share only what is needed.

steps-item-keep-papers-name = Keep copies of your papers safe
steps-item-keep-papers-text = Keep copies of the papers on your citizenship and hukou (Kazakh ID or passport, a cut Chinese passport, a hukou cancellation certificate, a renunciation, any fine or summons) in a safe place, and a second copy somewhere else. Not only on your phone: phones are checked at borders.
steps-item-legal-advice-penalty-name = Get legal advice on the fine or summons
steps-item-legal-advice-penalty-text = Keep the paper you were given and note every date on it. Ask a lawyer or a legal aid organisation, as soon as you can, what it means for you and what you can still do.
steps-item-report-citizenship-name = Ask a lawyer about reporting within 30 days
steps-item-report-citizenship-text = A Kazakh citizen who acquires another citizenship must report it within 30 days (Law on Citizenship, Article 21); not reporting is punished by a fine of 200 MCI or expulsion. Whether your Chinese passport or hukou counts is not certain: ask a lawyer before you report or decide not to.
steps-item-renunciation-name = Prepare the notarised renunciation
steps-item-renunciation-text = To get citizenship as a kandas you must submit a notarised renunciation of your foreign citizenship. Keep a copy, and check the current list of documents with the office that takes your application.
steps-item-hukou-proof-name = Find out what shows your hukou status
steps-item-hukou-proof-text = Gather what you have that shows whether your hukou was cancelled (for example a cancellation certificate), and keep copies. Do not ask relatives in China to go to an office for you without weighing the risk to them.
steps-item-record-instruction-name = Write down the demand to go back
steps-item-record-instruction-text = Note when and how you were told to go back (an office, a call, a message), and keep any message as it is. Do not decide to go before you have talked to a lawyer or a human rights organisation.
steps-item-advice-before-travel-name = Get advice before any trip to China
steps-item-advice-before-travel-text = Before you book a trip, talk to a lawyer or a human rights organisation. People have been detained at the border and charged with "dual nationality" even with their papers in order (reported). Tell someone you trust when you leave and when you plan to be back.
steps-item-asylum-papers-name = Keep your residence papers valid
steps-item-asylum-papers-text = If you live on an asylum-seeker certificate, renew it on time: it is valid for 3 months and reissued for 3 months at a time while your case is pending. See Questions and answers for how to renew.
steps-ask-volunteer = 💬 Ask a volunteer about this step
steps-handoff-card = Stuck at the step: { $step }
