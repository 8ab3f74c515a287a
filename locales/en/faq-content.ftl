### Tirek FAQ content (English). Metadata and sources: storage/seed/faq.toml.
### Plain text only: the bot escapes and formats it. No placeables in this file.

## Topics

faq-topic-renewal = Renewing your papers
faq-topic-kandas = Kandas status and citizenship
faq-topic-dual-citizenship = Dual citizenship and China
faq-topic-threats = Threats and pressure
faq-topic-evidence = Saving evidence
faq-topic-telegram-privacy = Telegram and privacy

## Topic: renewal

faq-item-renewal-where-question = Where do I apply for asylum or renew my asylum-seeker certificate?
faq-item-renewal-where-answer =
    Since April 2022, refugee and asylum matters in Kazakhstan are handled by the local executive bodies for employment (the employment offices). They work under the Ministry of Labour and Social Protection. This was set by Order No. 118 of 7 April 2022.

    The police migration service no longer takes these applications.

    • Some government web pages still say you should go to the police. Those pages are out of date.
    • If an office sends you to the police, ask a volunteer through Tirek. They can help you check.
    • We do not list the offices' addresses and contacts here because they change. A volunteer can help you find the current ones.

    The main law is the Law "On Refugees" of 4 December 2009 No. 216-IV.
faq-item-renewal-where-keywords = renew, renewal, extend, prolong, certificate, asylum, asylum seeker, where to go, employment office, enbek, migration police, police, refugee, papers, Order 118

faq-item-renewal-certificate-question = How long is my asylum-seeker certificate valid, and how is it renewed?
faq-item-renewal-certificate-answer =
    When you apply for asylum in Kazakhstan, you should receive an asylum-seeker certificate on the same day. It is valid for 3 months.

    While your case is still being decided, the certificate is reissued for 3 months at a time. This is in the Law "On Refugees", Article 11. The rules for granting and extending refugee status are in Government Resolution No. 183 of 9 March 2010, changed on 13 May 2022 and 7 August 2024.

    • Keep your certificate safe and write down the date it ends.
    • Go to the employment office to renew it in good time, before it ends.
    • If you think you may be late, ask a volunteer through Tirek early.

    This information cannot guarantee any result in your own case.
faq-item-renewal-certificate-keywords = certificate, asylum seeker certificate, valid, validity, expire, expires, 3 months, three months, renew, reissue, extend, prolong, spravka, udostoverenie, papers

faq-item-renewal-deadlines-question = What are the deadlines when I apply for asylum in Kazakhstan?
faq-item-renewal-deadlines-answer =
    The Law "On Refugees" (Article 11) sets these time limits:

    • Apply within 5 calendar days after you arrive in Kazakhstan, or after you learn that you are in danger. Calendar days include weekends and holidays.
    • You receive an asylum-seeker certificate on the same day you apply.
    • Your fingerprints are taken within 3 days.
    • A decision should be made within 3 months. This time can be extended, up to 1 year.

    Since April 2022 you apply at the local employment office, not at the police (Order No. 118).

    If you have already missed the 5 days, ask a volunteer through Tirek and look for legal help as soon as possible. We cannot say how your case will be decided.
faq-item-renewal-deadlines-keywords = deadline, time limit, how many days, 5 days, five days, fingerprints, fingerprinting, decision, how long, wait, 3 months, one year, apply, application, asylum

faq-item-renewal-humanitarian-question = How often do I have to renew humanitarian asylum?
faq-item-renewal-humanitarian-answer =
    Some people from Xinjiang in Kazakhstan live on papers they call humanitarian asylum. People who hold them report that they must renew them every 3 to 6 months. Some Uyghurs report renewing every 6 months for up to 20 years.

    We have not verified the legal basis of this category. So we cannot tell you its exact rules, terms or rights.

    People with these papers also report that they cannot buy a SIM card, open a bank account, rent a home officially, marry, or get travel documents. This comes from one field report from 2023 and 2024.

    • Write down your next renewal date and do not miss it.
    • Ask a lawyer to look at your exact papers, or ask a volunteer through Tirek.

    You are not alone: other families are in the same situation.
faq-item-renewal-humanitarian-keywords = humanitarian asylum, humanitarian, temporary asylum, every 6 months, every 3 months, renew, extend, SIM card, bank account, marriage, travel document, papers, Uyghur, illegal crossing

faq-item-renewal-refugee-term-question = If I get refugee status, how long is it given for?
faq-item-renewal-refugee-term-answer =
    Refugee status can be extended, and it can also be withdrawn. The rules are in Government Resolution No. 183 of 9 March 2010, changed in 2022 and 2024.

    How long the status lasts in practice: in October 2020 RFE/RL reported that four Kazakhs from Xinjiang were granted refugee status "for one year", with extensions after that. This is a news report, not the text of the rules.

    It was also reported (Azattyq, September 2023) that some people have lived for years on certificates, with no citizenship and no travel documents, and could not register a marriage.

    • Keep copies of every decision and certificate you receive.
    • Ask a volunteer for help well before your term ends.
faq-item-renewal-refugee-term-keywords = refugee status, refugee, one year, term, how long, extension, extend, withdraw, travel document, marriage, status, bosqyn, bezhenets

faq-item-renewal-late-or-refused-question = What should I do if my renewal is late or my application is refused?
faq-item-renewal-late-or-refused-answer =
    Act quickly and look for legal help as soon as you can. This bot is not a lawyer and cannot change a decision.

    Where to look for help:
    • The Kazakhstan International Bureau for Human Rights (KIBHR) was UNHCR's legal-counselling partner in Kazakhstan.
    • UNHCR has had a Multi-Country Office in Almaty. Whether it is still working there needs to be checked.
    • For current contacts, check each organisation's own website, or ask a volunteer through Tirek.

    If you entered Kazakhstan without papers: Human Rights Watch said in January 2020 that prosecuting asylum seekers for illegal entry breaches Article 31 of the Refugee Convention. A lawyer can tell you whether this helps in your case.

    Take your certificate, any letters or decisions, and their dates with you.
faq-item-renewal-late-or-refused-keywords = refused, refusal, rejected, late, missed, expired, appeal, lawyer, legal aid, help, UNHCR, KIBHR, human rights bureau, Article 31, illegal entry, deport

## Topic: kandas

faq-item-kandas-apply-question = How do I apply for kandas status?
faq-item-kandas-apply-answer =
    Kandas status is for ethnic Kazakhs who come to live in Kazakhstan. Before 2020 they were called "oralman".

    Where you can apply:
    • at a public service centre (TsON);
    • online at egov.kz or migration.enbek.kz;
    • at a Kazakh embassy, if you are abroad.

    Documents you need:
    • an application;
    • an autobiography (a short story of your life);
    • your identity documents with a notarised translation;
    • a document that shows you are ethnically Kazakh.

    The rules changed in October 2025 and may change again. A volunteer can help you check the current list before you go.
faq-item-kandas-apply-keywords = kandas, qandas, oralman, apply, application, status, documents, autobiography, notarised translation, TsON, CON, egov, enbek, embassy, ethnic Kazakh

faq-item-kandas-decision-question = How long does a kandas status decision take, and what if I am refused?
faq-item-kandas-decision-answer =
    Under the rules in force since 26 October 2025:

    • A decision should be made within 3 working days.
    • If the answer is a preliminary refusal, a hearing comes first. There you can give your side before the final decision.
    • Kandas status can be extended once, for up to 6 months.

    What you can do:
    • Write down the dates: when you applied and when you got an answer.
    • If you get a preliminary refusal, ask a volunteer quickly so that you can prepare for the hearing.

    These rules are new, and we do not yet know well how they work in practice. We cannot promise any result.
faq-item-kandas-decision-keywords = kandas, qandas, decision, 3 days, working days, refusal, refused, preliminary refusal, hearing, extend, extension, 6 months, status, how long

faq-item-kandas-quota-2026-question = What is the kandas quota for 2026, and what support is there?
faq-item-kandas-quota-2026-answer =
    An order of 12 December 2025 set the 2026 resettlement quota for kandas at 2,281 people:

    • Pavlodar region: 977
    • Akmola region: 285
    • Abai region: 264
    • East Kazakhstan, North Kazakhstan and Kostanay regions: 200 each
    • Atyrau region: 125
    • West Kazakhstan region: 30

    Support in quota regions, as reported: 70 MCI per family member for moving, and 15 to 30 MCI a month for rent and utilities, for 12 months. MCI is the monthly calculation index, an amount set by law each year. A volunteer can tell you what it is in tenge.

    We have not checked the support amounts in the official text. Before you move, ask the employment office or a volunteer what applies to you.
faq-item-kandas-quota-2026-keywords = quota, kvota, 2026, resettlement, move, relocation, support, money, rent, utilities, MCI, MRP, Pavlodar, Akmola, Abai, Kostanay, kandas

faq-item-kandas-citizenship-question = How can a kandas get Kazakh citizenship?
faq-item-kandas-citizenship-answer =
    Kandas can apply for Kazakh citizenship by a simplified procedure.

    One important condition: you must submit a notarised renunciation of your foreign citizenship. For people from Xinjiang this is usually Chinese citizenship.

    Kazakhstan does not recognise dual citizenship (Constitution, Article 10). Cancelling your household registration in China is a separate matter and can be hard in practice. See the topic on dual citizenship.

    • Keep copies of your renunciation and of all papers you submit.
    • Ask a volunteer to help you check the current list of documents.

    We cannot promise the result of an application.
faq-item-kandas-citizenship-keywords = citizenship, passport, Kazakh passport, simplified, renunciation, give up Chinese citizenship, notary, notarised, kandas, qandas, grazhdanstvo, azamattyq

## Topic: dual-citizenship

faq-item-dual-kazakhstan-rules-question = Can I have Kazakh and Chinese citizenship at the same time?
faq-item-dual-kazakhstan-rules-answer =
    No. Kazakhstan does not recognise another citizenship (Constitution, Article 10).

    A Kazakh citizen who gets another citizenship must report it within 30 days (Law on Citizenship, Article 21).

    Penalties under Article 496 of the Code of Administrative Offences:
    • using a Kazakh passport after losing Kazakh citizenship: a fine of 100 MCI;
    • not reporting a foreign citizenship: a fine of 200 MCI or administrative expulsion from Kazakhstan;
    • for officials: 300 MCI or expulsion.

    In 2022, 841 people were penalised and 138 were expelled (reported figures).

    MCI is the monthly calculation index, an amount set by law each year. If you are not sure about your own status, talk to a volunteer or a lawyer before you act.
faq-item-dual-kazakhstan-rules-keywords = dual citizenship, double citizenship, two passports, Chinese passport, report, 30 days, fine, expulsion, deport, Article 496, Article 10, MCI, lose citizenship

faq-item-dual-china-law-question = What does Chinese law say about losing Chinese citizenship?
faq-item-dual-china-law-answer =
    The Nationality Law of China (1980) says:

    • Article 3: China does not recognise dual nationality.
    • Article 9: a Chinese national who has settled abroad and of their own will takes a foreign nationality automatically loses Chinese nationality.
    • Article 14: in such cases no application is needed.

    So on paper, when you became a Kazakh citizen, you stopped being a Chinese citizen.

    In practice, it is reported to work differently. Your hukou (household registration in China) may stay active, and cancelling it often can be done only in person in China. People have been charged in China with "dual citizenship". See the next question.

    The gap between the law and practice is real. Talk to a lawyer or a volunteer before any trip to China.
faq-item-dual-china-law-keywords = Chinese nationality law, lose Chinese citizenship, automatically, Article 9, Article 3, Article 14, China law, hukou, household registration, dual nationality, renounce

faq-item-dual-hukou-practice-question = How do I cancel my hukou, and is it safe to travel to China?
faq-item-dual-hukou-practice-answer =
    What is reported (a field report from 2023 and others):

    • Cancelling the hukou (household registration in China) often can be done only in person in China.
    • The Chinese consulate in Almaty refuses to do it.
    • In February 2018 the Chinese embassy in Astana told former Chinese nationals to return to China to cancel their hukou (ChinaAid, 1 March 2018).
    • People have been sentenced in China for "dual citizenship".
    • A man who had been a Kazakh citizen since 2017, whose Chinese passport had been cut and whose hukou cancellation was certified in 2023, was detained at the border on 22 July 2025 and charged with "dual nationality" (IPHR and KIBHR, 15 January 2026).

    So even correct papers may not protect you. We cannot tell you that a trip is safe. Talk to a lawyer or a volunteer before you decide.
faq-item-dual-hukou-practice-keywords = hukou, hukou cancellation, cancel hukou, household registration, propiska, deregister, consulate, Almaty consulate, embassy, travel to China, border, detained, arrest, dual nationality, go back

faq-item-dual-data-exchange-question = Does Kazakhstan share my data with China?
faq-item-dual-data-exchange-answer =
    China and Kazakhstan signed an agreement on 17 May 2023. It is reported to be in force since 10 November 2023.

    Under it, the two countries exchange data on:
    • visa-free arrivals and visas;
    • breaking the rules of entry and stay;
    • naturalised citizens: name, birth details, photo, citizenship status, entries and exits, and whether the earlier citizenship was ended.

    What this means for you is not certain. Activists read it as making asylum and citizenship requests riskier. That is their reading; we have not seen proof of how the data is used.

    Keep this in mind when you decide what to share and where. Ask a volunteer if you are worried.
faq-item-dual-data-exchange-keywords = data, data exchange, information exchange, agreement, China Kazakhstan agreement, share data, personal data, visa-free, 2023, surveillance, naturalised, safe to apply

faq-item-dual-canada-m62-question = Can I be resettled to Canada under Motion M-62?
faq-item-dual-canada-m62-answer =
    On 1 February 2023 Canada's House of Commons passed Motion M-62 by 322 votes to 0. It is not binding. It speaks of resettling 10,000 Uyghurs and other Turkic Muslims over two years from 2024, from third countries such as Turkiye, not from China.

    What is reported:
    • You cannot apply yourself. You must be referred by UNHCR, a designated referral organisation, or a private sponsor.
    • There are 500 places for human rights defenders.
    • First arrivals were reported in May, probably of 2025.
    • It covers only people with no citizenship other than Chinese. So kandas who hold Kazakh citizenship are in practice excluded.

    The motion speaks of two years from 2024, so as of November 2026 that period has ended or is ending. We do not know whether resettlement under it continues or whether places remain. A volunteer can help you look for newer information.
faq-item-dual-canada-m62-keywords = Canada, M-62, resettlement, resettle, move to Canada, 10000, UNHCR, referral, sponsor, private sponsor, human rights defender, Uyghur, immigration, Kanada

## Topic: threats

faq-item-threats-messages-question = I got a threatening message from Chinese police on WhatsApp. What should I do?
faq-item-threats-messages-answer =
    You are not alone. Many Uyghurs, Kazakhs and others abroad report the same thing. A February 2020 report by Amnesty International covers about 400 Uyghurs, Kazakhs and others in 22 countries.

    Patterns people report:
    • messages on WhatsApp, often from fake or Hong Kong numbers;
    • demands for "cooperation", a "brief introduction of yourself", or a meeting;
    • threats that name your relatives and the place where they live;
    • students and others asked to report on people in their community, which spreads mistrust;
    • relatives made to call you and beg you to cooperate.

    What you can do now:
    • Save the messages before you delete or block anything. See the topic on saving evidence.
    • Talk to a volunteer through Tirek. You decide what to do next.

    This bot cannot stop the messages or protect your relatives.
faq-item-threats-messages-keywords = threat, threats, WhatsApp, police, Chinese police, message, Hong Kong number, unknown number, cooperation, meeting, introduce yourself, intimidation, scared, spy, informant

faq-item-threats-relatives-question = My relatives back home are being pressured because of me. What can I do?
faq-item-threats-relatives-answer =
    This is a known pattern, and it is not your fault.

    What is reported:
    • Families are asked for the exile's phone number, school, status, and how they went abroad.
    • Relatives are made to plead with the exile to "cooperate".
    • Safeguard Defenders reports that "persuasion to return" works through family members.
    • Amnesty International (February 2020) described pressure on relatives of people in many countries.

    We cannot tell you what is safe for your relatives. Every family's situation is different.

    Things that may help you decide:
    • Keep a record of what your relatives tell you, with dates. See the topic on saving evidence.
    • Talk with a volunteer through Tirek. Organisations that document these cases can also listen.
faq-item-threats-relatives-keywords = relatives, family, parents, mother, father, brother, sister, pressure, hostage, call me, come back, return, persuasion to return, Xinjiang, homeland

faq-item-threats-reporting-question = Should I report threats to the police?
faq-item-threats-reporting-answer =
    That is your decision. Here is what is known, so that you can decide.

    • In some countries, for example New Zealand and Finland, police are reported to have treated such threats as nuisance calls.
    • In Kazakhstan, activists have been detained or warned, and protesters threatened (reported).
    • In August 2023 a camp survivor was reportedly approached by Chinese police inside the Khorgos cross-border trade zone.
    • An agreement under which China and Kazakhstan exchange some data is reported to be in force since 10 November 2023. See the topic on dual citizenship.

    If you decide to report:
    • take your saved evidence and your incident log;
    • before you give us details here, read the topic on Telegram and privacy.

    We cannot promise how the police will act.
faq-item-threats-reporting-keywords = police, report, complaint, statement, go to police, Kazakhstan police, Khorgos, activists, detained, nuisance, protection, zayavlenie, militsiya

faq-item-threats-organisations-question = Which organisations document threats against exiles?
faq-item-threats-organisations-answer =
    These organisations document pressure on exiles. For current contacts, check each organisation's own website, or ask a volunteer.

    • Safeguard Defenders (Madrid): reports on Chinese overseas "police service stations", 54 in September 2022 and at least 102 in 53 countries by December 2022. It does not help with relocation or asylum.
    • Amnesty International: report "Nowhere feels safe" (February 2020).
    • Human Rights Watch.
    • Uyghur Human Rights Project (Washington).

    About Atajurt in Kazakhstan: the group split in 2019, and members were detained after a protest in November 2025. Sending people there may itself carry risk. We do not know the current status of Talpyn Zhastar (Almaty).

    Documenting a case does not mean an organisation can protect you.
faq-item-threats-organisations-keywords = organisation, NGO, human rights, Amnesty, Human Rights Watch, HRW, Safeguard Defenders, UHRP, Atajurt, Talpyn Zhastar, police stations, who can help, contacts

## Topic: evidence

faq-item-evidence-save-question = How do I save threatening messages as evidence?
faq-item-evidence-save-answer =
    Save first, act later. Save the messages before you delete, block or report anything.

    • Take screenshots that show the sender's account name or number, and the date and time.
    • Make sure the name and time are visible. Do not cut them off.
    • Keep the whole conversation, including your own replies, not only the worst message.

    Then write what happened in your incident log (see the next question) and keep copies in more than one place.

    This advice follows the practice of the PEN America field manual, OnlineSOS and the BCSTH toolkit.

    Saving evidence does not mean you must report. It keeps your choices open.
faq-item-evidence-save-keywords = evidence, proof, save, screenshot, screen shot, skrin, record, keep messages, delete, block, report, conversation, chat history, WhatsApp

faq-item-evidence-log-question = What should I write in an incident log?
faq-item-evidence-log-answer =
    An incident log is a simple list of what happened. Over time it shows the pattern to you, to lawyers and to organisations.

    For each event, write down:
    • the date;
    • the time;
    • what happened, in your own words;
    • what evidence you have, for example a screenshot or a voice message;
    • who you think is behind it;
    • the platform or app, for example WhatsApp, Telegram, a phone call, or a visit to your relatives.

    Write it soon after the event, while you remember well. A paper notebook or a file on a device is fine. Keep a copy in a second place.

    If writing is hard for you, you can record a voice note with the same points.
faq-item-evidence-log-keywords = log, incident log, diary, notebook, record, write down, date, time, what happened, list, journal, notes, evidence

faq-item-evidence-backup-question = Where should I keep copies of my evidence?
faq-item-evidence-backup-answer =
    Keep your evidence in more than one place, so that one lost or broken phone does not mean losing everything. For example: on your phone, on a computer or USB stick, and with a person you trust.

    Think about who can see each copy.

    If your phone could be checked, for example at a border or by police, think about what is on it and where your backups are. A cloud backup linked to your phone may be opened from the phone itself.

    • A trusted person or organisation can keep a copy for you.
    • Do not send evidence to anyone you are not sure about.

    If you are unsure, a volunteer can talk it through with you.
faq-item-evidence-backup-keywords = backup, back up, copy, copies, cloud, USB, flash drive, computer, store, keep safe, phone check, border, lost phone, hide

## Topic: telegram-privacy

faq-item-telegram-encryption-question = Is this chat with the bot private and encrypted?
faq-item-telegram-encryption-answer =
    Please read this before you tell us details.

    • Chats with bots are ordinary Telegram cloud chats. They are not end-to-end encrypted.
    • Telegram keeps metadata, such as your IP address and devices, for up to 12 months.
    • Since September 2024 Telegram may give IP addresses and phone numbers to authorities when it receives valid legal requests.

    This means that Telegram could be asked who used this chat. We cannot tell you when that might happen in a given country.

    You decide what to write here. It may be wiser not to write full names of relatives or exact places in this chat. You can ask a volunteer about other ways to talk.
faq-item-telegram-encryption-keywords = privacy, private, safe, secure, encryption, encrypted, end-to-end, secret chat, IP address, phone number, metadata, Telegram, who can read, surveillance, police request

faq-item-telegram-delete-question = How do I delete this chat, and can the bot delete my messages?
faq-item-telegram-delete-answer =
    To delete this chat from your phone: in the chat list, press and hold this chat, then choose Delete. On a computer, right-click the chat.

    The bot can delete its own messages and your messages in this chat only within 48 hours after they were sent. After that, the bot cannot delete them.

    Deleting the chat removes it from your devices. Because this is a cloud chat, it may not remove every copy. We cannot promise that all traces are gone.

    • If someone may check your phone, do not wait too long to delete.
    • What Tirek itself keeps about you is described under "Privacy and your data" in the menu.
faq-item-telegram-delete-keywords = delete, delete chat, remove, erase, clear history, 48 hours, two days, traces, phone check, hide chat, udalit, clean

faq-item-telegram-previews-question = Can other people see my messages on the lock screen?
faq-item-telegram-previews-answer =
    Yes, they might. When a message arrives, its first line can appear in the notification on your lock screen. Someone near your phone can read it without unlocking it.

    To reduce this:
    • In your phone's settings or in Telegram's notification settings, turn off message previews.
    • Or turn off notifications for this chat.
    • If you cannot find these settings, ask a volunteer to help.

    You can still open the chat yourself to read new messages. If other people use your phone or are often near it, this is worth doing.
faq-item-telegram-previews-keywords = lock screen, notification, notifications, preview, message preview, show text, mute, turn off, someone sees, family sees, hide messages, screen
