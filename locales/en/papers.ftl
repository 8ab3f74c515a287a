## My papers: documents, expiry dates, renewal guides and reminder settings.

papers-title = My dates
papers-list-body = Your papers and their expiry dates. Choose one to see its renewal guide and reminders, or add another.
papers-list-empty =
    You have not added any papers yet.

    Add a paper and its expiry date, and Tirek will remind you before it runs out. The kind, the date and the place are stored encrypted, and /forget erases them.
papers-add = ➕ Add a paper
papers-settings = ⏰ Reminder settings
papers-kind-body = What kind of paper is it?
papers-kind-asylum-seeker = Asylum-seeker certificate
papers-kind-refugee = Refugee certificate
papers-kind-humanitarian = Humanitarian or temporary asylum paper
papers-kind-kandas = Kandas status
papers-kind-residence = Residence permit
papers-kind-other = Other paper
papers-date-body =
    When does it expire? Choose the day below, or type the date, for example 2026-03-01, 01.03.2026 or 1.3.2026.
papers-date-format = I could not read that as a date. Please type it like 2026-03-01, 01.03.2026 or 1.3.2026, or choose the day below.
papers-date-impossible = That day does not exist in the calendar. Please check the day and the month.
papers-date-past = That date has already passed. Please enter the date your paper expires; if it has already expired, add it with a new date or see the guidance on what to do right now.
papers-date-too-old = That year is too early. Please check the year.
papers-date-too-far = That date is more than 20 years away. Please check the year.
papers-place-body =
    Where do you renew it? For example, the office or the town. This is optional: type it, or press Skip.
papers-place-skip = Skip
papers-place-too-long = That is too long. Please keep it under 200 characters.
papers-confirm-body = Save this paper?
papers-save = ✅ Save
papers-saved = Saved.
papers-too-many = You already have 20 papers. Delete one before adding another.
papers-field-kind = Paper: { $kind }
papers-field-expires = Expires: { $date }
papers-field-place = Renewed at: { $place }
papers-expired = ⚠️ This paper has expired. See "Expired or refused?" below for what to do right now.
papers-days-left = { $days ->
        [0] It expires today.
        [one] { $days } day left.
       *[other] { $days } days left.
    }
papers-reminders-on = Reminders: { $dates }.
# Between the dates of a list; a date may contain a comma itself ("November 22, 2026").
papers-reminders-separator = { "; " }
papers-reminders-off = Reminders are off for this paper.
papers-reminders-none = No reminders are left before this date.
papers-not-found = This paper is no longer here. It may have been deleted.
papers-guide = 📖 How to renew
papers-edit-date = 📅 New date
papers-edit-kind = Kind
papers-edit-place = Place
papers-urgent = Expired or refused?
papers-reminders-stop = 🔕 Stop reminders
papers-reminders-resume = 🔔 Turn reminders on
papers-delete = 🗑 Delete
papers-delete-body = Delete this paper and its reminders? This cannot be undone.
papers-delete-confirm = Yes, delete
papers-deleted = Deleted.
papers-sources = Sources:
papers-confidence-m = reported by reliable sources
papers-confidence-l = single or indirect source
papers-verified = Last checked: { $date }
papers-guide-more = This is general information, not legal advice. More in Questions and answers.
papers-guide-asylum-seeker =
    <b>Which office</b>
    Since Order No. 118 of 7 April 2022, asylum and refugee matters are handled by the local executive body for employment (Ministry of Labour and Social Protection), not by the police migration service. Some government pages still name the police: they are out of date.

    <b>Steps and deadlines</b>
    1. The certificate is issued on the day you apply and is valid for 3 months.
    2. While your case is being decided, it is reissued for 3 months at a time: go to the office before the date on it.
    3. A decision is due within 3 months; it can be extended up to 1 year.

    <b>What to bring</b>
    Our sources do not list the documents for a reissue. Take the certificate you have now and ask the office what else it needs.

    <b>If you are late or refused</b>
    Press "Expired or refused?" on the paper's screen.
papers-guide-refugee =
    <b>Which office</b>
    The local executive body for employment (since Order No. 118 of 7 April 2022), not the police.

    <b>Steps and deadlines</b>
    1. Refugee status has been granted for one year, with extensions (reported in 2020).
    2. The rules for extending it are in Government Resolution No. 183 of 9 March 2010.
    3. Ask for the extension at the office well before the date on your certificate.

    <b>What to bring</b>
    Our sources do not list the documents for an extension. Take your certificate and ask the office what else it needs.

    <b>If you are late or refused</b>
    Press "Expired or refused?" on the paper's screen.
papers-guide-humanitarian =
    People who hold this paper report renewing it every 3 to 6 months. We could not verify the legal basis of this category, which office renews it, or which documents it needs, so we give no checked steps.

    Renew it before the date on it, and ask for legal aid early: press "Expired or refused?" on the paper's screen to see who can help.
papers-guide-kandas =
    <b>Where</b>
    A public service centre, egov.kz, migration.enbek.kz, or a Kazakh embassy abroad.

    <b>Rules since 26 October 2025</b>
    1. A decision is made within 3 working days.
    2. A preliminary refusal is followed by a hearing.
    3. The status can be extended once, for up to 6 months: ask before it ends.

    <b>What to bring</b>
    For the application: the application form, an autobiography, identity documents with a notarised translation, and proof of Kazakh ethnicity. Our sources do not list separate documents for the extension.
papers-guide-residence =
    We have no checked information about renewing a residence permit yet, so we give no steps here. Look in Questions and answers, or ask for legal aid: press "Expired or refused?" on the paper's screen.
papers-guide-other =
    We have no checked renewal guide for this kind of paper. Look in Questions and answers, or ask for legal aid: press "Expired or refused?" on the paper's screen.
papers-urgent-body =
    <b>What to do right now</b>
    1. Do not wait. Go to the office that issues your paper and ask what you can do now. For asylum and refugee papers this is the local executive body for employment, not the police.
    2. Keep your paper, any refusal letter and every other paper you were given, and note the dates.
    3. Ask for legal aid: the Kazakhstan International Bureau for Human Rights (KIBHR), formerly UNHCR's legal-counselling partner, or the UNHCR office in Almaty (its current presence is not verified). Find their contacts on their own websites.
    4. Prosecuting asylum seekers for entering illegally breaches Article 31 of the Refugee Convention (Human Rights Watch, 2020).
papers-urgent-no-volunteer = Tirek cannot put you in touch with a volunteer yet.
papers-ask-volunteer-note = A volunteer can help you with this. If you ask, they see the kind of paper and its expiry date, nothing else about you.
papers-ask-volunteer = 💬 Ask a volunteer about this paper
papers-source-refugee-law = Law of the Republic of Kazakhstan "On Refugees" of 4 December 2009 No. 216-IV, Article 11
papers-source-order-118 = Order No. 118 of 7 April 2022 (Ministry of Labour and Social Protection)
papers-source-resolution-183 = Government Resolution No. 183 of 9 March 2010 on granting, extending and withdrawing refugee status (amended 13 May 2022 and 7 August 2024)
papers-source-rferl-2020 = RFE/RL, 30 October 2020: refugee status for one year for four Kazakhs from Xinjiang
papers-source-field-report = Field report (Steenberg), November 2023 and March 2024: renewal terms as holders report them; legal basis not verified
papers-source-kandas-apply = Kandas status: where to apply and which documents (official rules)
papers-source-kandas-rules-2025 = Kandas status rules in force from 26 October 2025
papers-source-organisations = Organisations: KIBHR; UNHCR Multi-Country Office in Almaty (current presence to verify)
papers-source-hrw-2020 = Human Rights Watch, January 2020: Article 31 of the 1951 Refugee Convention
papers-settings-body =
    Reminders come { $days } days before a paper expires, at 10:00 in your time zone: { $tz }.

    To change the days, type up to 5 numbers, for example 30 7 1. To change the time zone, choose one below or type its name, for example Europe/Paris.
papers-settings-bad = I could not read that. Type days like 30 7 1 (from 1 to 365), or a time zone name like Europe/Paris.
papers-handoff-card = Paper: { $kind }, expiry date { $date }; expired or refused
