"""Words that must never appear in the first line of a message (lock-screen previews).

Anyone who glances at a locked phone sees the first line of each notification. Tirek starts
every screen with a short neutral heading (a message id ending in ``-title``), and these
stems must never appear in such a heading, in any language or script, nor in the first line
of anything the bot actually sends (the end-to-end tests reuse :func:`sensitive_hits`). The bot
itself checks what people choose that becomes a first line: a volunteer's alias, which heads
every message to the person (bot/routers/private/staff.py, bot/services/cases.py).

Matching: substrings, after :func:`normalize` (Unicode NFKC, casefold, format characters,
combining marks, tatweel and the Kazakh high hamza removed, Cyrillic "ё" read as "е", a few
Arabic-script letter variants folded, runs of whitespace read as one space). Stems are
normalized the same way, so write them in their ordinary spelling.

Every text is checked against EVERY list: a Kazakh user's heading is checked against Uyghur,
Russian and English words too, because people mix languages and scripts.

Choosing stems: a stem must be short enough to catch the word's inflected forms and long
enough not to catch harmless words. Known trade-offs, on purpose:
* Kazakh "қауіп", Uyghur "بىخەتەرلىك", Russian "безопасност" mean both "security" and
  "safety": a heading about "safety" is flagged in those languages. Use another heading.
* "camp" also matches "campaign", "арест" also "Бухарест": harmless words that a heading
  has no reason to use.
* Russian "полиц" does not match "политика"; Uyghur "مەلۇم قىل" (to report) is a phrase so
  that "مەلۇمات" (information) is not flagged; Kazakh "хабарла-" (to report, also "message")
  is left out for the same reason.
The lists were drafted by an AI model and have not been reviewed by native speakers: see
locales/STATUS.md. Add forms when a reviewer finds one missing; run the self-tests in
tests/test_locales.py (they check harmless headings stay unflagged).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SENSITIVE_STEMS", "normalize", "sensitive_hits"]

# locale or script -> stems (ordinary spelling; normalized at import).
SENSITIVE_STEMS: dict[str, list[str]] = {
    "en": [
        "asylum", "refuge",  # refuge, refugee(s)
        "police", "policing", "policem",
        "camp", "internment", "re-educat", "reeducat", "vocational",
        "threat",  # threat, threaten, threatening
        "report",  # report, reported, reporting, reporter
        "informant", "informer", "denounc",
        "citizen",  # citizen, citizenship
        "deport", "extradit", "expel", "expulsion",
        "china", "chinese", "prc ", "beijing",
        "xinjiang", "sinkiang", "turkestan", "turkistan",
        "security", "surveil",
        "persecut", "interrogat",
        "detention", "detain",  # detain, detained, detainee
        "arrest", "prison", "jail",
        "exile", "repress",
    ],
    "ru": [
        "убежищ",  # убежище, убежища
        "бежен",  # беженец, беженцы, беженка
        "полиц", "милиц",
        "лагер",  # лагерь, лагеря, концлагерь
        "перевоспит",
        "угроз", "угрож",  # угроза, угрожать
        "донос", "заявлен", "жалоб",
        "гражданств", "подданств",
        "депорт", "выдвор", "высылк", "экстради",
        "китай", "китая", "китаю", "китае", "китаем", "кнр",
        "синьцзян", "синцзян", "туркестан",
        "безопасност", "спецслужб", "кнб", "мгб", "мвд", "слежк", "шпион",
        "преследов",  # преследование, преследовать
        "допрос",
        "задержан", "арест", "тюрьм", "тюрем", "заключенн",
        "изгнан", "репресс",
    ],
    "kk": [  # Kazakh, Cyrillic
        "пана",  # пана, баспана: asylum, refuge ("пана сұрау": to ask for asylum)
        "босқын",  # refugee
        "полиц", "сақшы",  # police (сақшы: as in Xinjiang)
        "лагер", "қайта тәрбие",
        "қауіп",  # threat, danger; қауіпсіздік: security (also "safety", see above)
        "қорқыт", "қоқан-лоқы",  # intimidate, threat
        "арыз", "шағым", "баяндама",  # complaint, report
        "азаматтық", "азаматтығ",  # citizenship (not "азамат": also a man's name)
        "депорт", "елден шығар",
        "қытай", "қхр",
        "шыңжаң", "шинжаң", "түркістан",
        "ұқк",  # National Security Committee
        "қудала",  # persecute
        "тергеу",  # interrogation, investigation
        "қамау", "қамақ", "түрме", "тұтқын",  # detention, custody, prison, prisoner
        "қуғын", "сүргін", "репресс",  # persecution, exile, repression
    ],
    "kk-Arab": [  # Kazakh, Arabic script (töte jazuw), as written in Xinjiang
        "پانا",  # پانا، باسپانا: asylum
        "بوسقىن",  # refugee
        "پوليتسيا", "ساقشى",  # police
        "لاگەر", "لاگير",  # camp
        "قاۋىپ", "قورقىت",  # threat, security
        "ارىز", "شاعىم",  # complaint, report
        "ازاماتتىق", "ازاماتتىع",  # citizenship
        "دەپورت",
        "قىتاي", "جۇڭگو",  # China
        "شىنجاڭ", "تۇركىستان",
        "قۋدالا",  # persecute
        "تەرگەۋ",  # interrogation
        "قاماۋ", "قاماق", "تۇرمە", "تۇتقىن",  # detention, prison, prisoner
        "قۋعىن", "سۇرگىن",  # persecution, exile
    ],
    "ug": [  # Uyghur, Arabic script
        "پاناھ",  # asylum (سىياسىي پاناھلىق)
        "مۇساپىر", "قاچقۇن",  # refugee
        "ساقچى", "پولىتسىيە", "پولىس",  # police
        "لاگېر", "قايتا تەربىيە",  # camp, re-education
        "تەھدىت",  # threat
        "شىكايەت", "دوكلات", "چېقىمچى", "مەلۇم قىل",  # complaint, report, informer, to report
        "پۇقرالىق", "گراژدان", "تەۋەلىك",  # citizenship
        "دېپورت", "قوغلىۋېت", "قايتۇرۇۋېت",  # deport, expel, send back
        "خىتاي", "جۇڭگو", "جۇڭخۇا",  # China
        "شىنجاڭ", "تۈركىستان",
        "بىخەتەرلىك", "خەۋپسىزلىك",  # security
        "زىيانكەشلىك",  # persecution
        "سوراق",  # interrogation
        "قاماق", "تۈرمە", "تۇتقۇن", "قولغا ئال", "قولغا ئېلىن",  # detention, prison, arrest
        "سۈرگۈن",  # exile
    ],
    "ug-Cyrl": [  # Uyghur, Cyrillic, as Uyghurs in Kazakhstan write it
        "панаһ",
        "мусапир", "қачқун",
        "сақчи", "полиц",
        "лагер", "қайта тәрбийә",
        "тәһдит",
        "шикайәт", "доклат", "чеқимчи",
        "пуқралиқ", "гражданлиқ", "тәвәлик",
        "депорт", "қоғливәт",
        "хитай", "җуңго",
        "шинҗаң", "шинжаң", "түркистан",
        "бихәтәрлик", "хәвпсизлик",
        "зиянкәшлик",
        "сорақ",
        "қамақ", "түрмә", "тутқун", "қолға ал", "қолға елин",
        "сүргүн",
    ],
}

# Letters that keyboards produce interchangeably in Arabic-script Uyghur and Kazakh.
_FOLD = str.maketrans({
    "\u06a9": "\u0643",  # keheh -> kaf
    "\u06cc": "\u0649",  # Farsi yeh -> alef maksura (Uyghur i)
    "\u0647": "\u06d5",  # heh -> ae (Uyghur/Kazakh e)
    "\u0640": None,  # tatweel
    "\u0674": None,  # Kazakh high hamza (front-vowel mark)
    "ё": "е",
})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn", "Me"))
    return _SPACES.sub(" ", text.translate(_FOLD))


_NORMALIZED: dict[str, list[tuple[str, str]]] = {
    key: [(stem, normalize(stem)) for stem in stems] for key, stems in SENSITIVE_STEMS.items()
}


def sensitive_hits(text: str) -> list[str]:
    """Every stem of every list found in ``text``, as "<list>:<stem>"; empty when neutral."""
    haystack = normalize(text)
    # "prc " and other stems ending in a space also match at the end of the text.
    haystack_padded = f" {haystack} "
    return [
        f"{key}:{stem}"
        for key, stems in _NORMALIZED.items()
        for stem, normalized in stems
        if normalized in haystack_padded
    ]
