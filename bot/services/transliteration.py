"""One Latin "search key" for every script our users type in. Pure, table-driven functions.

The key is deliberately lossy: it exists so that the same word meets itself whatever the script,
not to be read. Covered:

- Kazakh Cyrillic, Russian Cyrillic and Uyghur Cyrillic (one table: the letters agree);
- Kazakh Latin (2021 official: ä ğ ı ñ ö ş ū ü; 2018 acute-accent variant; informal "qazaq",
  "sh", "zh", "ch", "gh", "ng") and Uyghur Latin (ULY: é ö ü gh ng x zh ch sh; informal);
- Uyghur Arabic script, and Kazakh Arabic script (töte jazu, with the front-vowel hamza ٴ).

Folding: sh/ş/ш/ش -> "sh"; ch/ç/ч/چ -> "ch"; zh/j/ж/җ/ج/ژ -> "j"; q/қ/ق -> "k";
gh/ğ/ғ/غ/ع -> "g"; ng/ñ/ң/ڭ -> "n"; x/kh/х/һ/ھ/خ/ح -> "h"; w/v/в/ۋ -> "u" (Kazakh writes у with ۋ);
y/ı/ы/і/и/й/ى/ي -> "i"; ö/ө/ۆ -> "o"; ü/ū/ү/ұ/ۇ/ۈ -> "u"; é/ې -> "e"; letters that repeat
are written once. Uyghur Arabic vowels ئا ئە ئو ئۇ ئۆ ئۈ ئې ئى become a e o u o u e i (the hamza
carrier ئ is silent).

One letter is truly ambiguous: Cyrillic ә (and Latin ä/ə) is Kazakh "a" (töte writes it as ا)
but Uyghur "e" (Arabic ە). `search_key` keeps it as the marker "æ" and `key_variants` expands a
word that has it into both readings, so each side can meet the other.
"""

from __future__ import annotations

import re
import unicodedata

AMBIGUOUS = "æ"  # Cyrillic ә / Latin ä: Kazakh "a", Uyghur "e"

# Applied before Unicode decomposition, which would otherwise split these into a base letter and
# a mark (ئ would become ي, a consonant; ş would lose its cedilla and meet "s").
_BEFORE_DECOMPOSITION = str.maketrans(
    {
        "ئ": "",  # Uyghur hamza carrier in front of a vowel: silent
        "ء": "",
        "ş": "sh",
        "ç": "ch",
        "ä": AMBIGUOUS,
        "ə": AMBIGUOUS,
        "á": AMBIGUOUS,  # Kazakh Latin 2018
        "ý": "u",  # Kazakh Latin 2018: у
        "ı": "i",
        "ğ": "g",
        "ñ": "n",
        "ә": AMBIGUOUS,
        # apostrophes: ULY's syllable separator, 2017 Kazakh Latin, or typos
        "'": "",
        "’": "",
        "ʼ": "",
        "ʻ": "",
        "`": "",
        "´": "",
    }
)

# Cyrillic: Russian, Kazakh and Uyghur letters.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "j",
    "җ": "j", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# Arabic script: Uyghur (UEY) and Kazakh (töte) letters, plus Arabic/Persian look-alikes that
# keyboards produce. Where the two languages differ, the commoner reading wins (noted).
_ARABIC = {
    "ا": "a", "ە": "e", "ه": "e", "ة": "e", "ې": "e", "ى": "i", "ي": "i", "ی": "i",
    "و": "o", "ۆ": "o",  # Kazakh ۆ is в (loanwords only); Uyghur ö is common
    "ۇ": "u", "ۈ": "u", "ۋ": "u",  # Uyghur w / Kazakh у
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "h",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "sh", "ص": "s", "ض": "z",
    "ط": "t", "ظ": "z", "ع": "g",  # Kazakh ғ
    "غ": "g", "ف": "f", "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ڭ": "ng", "ل": "l", "م": "m",
    "ن": "n", "ھ": "h", "ٴ": "", "ـ": "",
}  # fmt: skip

_SCRIPTS = str.maketrans({**_CYRILLIC, **_ARABIC})

# Latin folding, applied after the scripts above are in Latin letters.
_DIGRAPHS = re.compile(r"zh|gh|kh|ng")
_DIGRAPH_KEY = {"zh": "j", "gh": "g", "kh": "h", "ng": "n"}
_LETTERS = str.maketrans({"q": "k", "x": "h", "w": "u", "v": "u", "y": "i"})
_REPEATS = re.compile(r"(.)\1+")


def to_latin(text: str) -> str:
    """Lower-case Latin letters for any supported script; marks removed, digraphs kept."""
    text = text.casefold().translate(_BEFORE_DECOMPOSITION)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).translate(_SCRIPTS)


def fold(latin: str) -> str:
    """The search key of Latin text from `to_latin`: variants of one sound become one letter."""
    latin = _DIGRAPHS.sub(lambda m: _DIGRAPH_KEY[m.group()], latin)
    return _REPEATS.sub(r"\1", latin.translate(_LETTERS))


def search_key(text: str) -> str:
    """The script-independent key of a text; may contain the ambiguous marker `AMBIGUOUS`."""
    return fold(to_latin(text))


def key_variants(word: str) -> tuple[str, ...]:
    """Readings of a key word: one, or two when it has the ambiguous ә/ä (Kazakh a, Uyghur e)."""
    if AMBIGUOUS not in word:
        return (word,)
    return (word.replace(AMBIGUOUS, "a"), word.replace(AMBIGUOUS, "e"))
