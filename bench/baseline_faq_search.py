"""BASELINE for bench/search_accuracy.py: the FAQ search as it was before script-aware search keys.

A verbatim copy of bot/services/faq_search.py at the commit before issue 5 (`git show
eef0336:bot/services/faq_search.py`), kept only so the benchmark can compare old and new in the
same run. Not used by the bot.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storage.repositories import SearchDocument

STEM = 5  # compare the first letters only: enough to join a stem with its suffixes
MIN_TOKEN = 2
QUESTION_WEIGHT, KEYWORD_WEIGHT, ANSWER_WEIGHT = 3.0, 3.0, 1.0
MAX_QUERY_TOKENS = 40

# Arabic-script letters folded to one form; harakat and tatweel removed.
_ARABIC_FOLD = str.maketrans({"ي": "ى", "ی": "ى", "ك": "ك", "ک": "ك", "ە": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ـ": None})
# Kazakh/Uyghur Cyrillic letters folded to the Russian letters people type when they lack a layout.
_CYRILLIC_FOLD = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и", "ё": "е", "җ": "ж"})
_WORD = re.compile(r"\w+", re.UNICODE)

STOPWORDS = frozenset(
    "the a an and or of to in on for is are do does i my me how what where when can with it be "
    "и в во на по с со к о об что как где когда я мой моя мне ли это не "
    "мен менің және мен үшін қалай қайда не бұл ма ме ба бе па пе".split()
)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).translate(_CYRILLIC_FOLD).translate(_ARABIC_FOLD)


def tokens(text: str) -> list[str]:
    words = _WORD.findall(normalize(text))
    return [w[:STEM] for w in words if len(w) >= MIN_TOKEN and w not in STOPWORDS and not w.isdigit()]


@dataclass(frozen=True)
class Match:
    item_id: int
    score: float


class FaqSearchIndex:
    def __init__(self, threshold: float = 1.2) -> None:
        self.threshold = threshold
        self._weights: dict[int, dict[str, float]] = {}
        self._idf: dict[str, float] = {}

    def rebuild(self, documents: Iterable[SearchDocument]) -> None:
        weights: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for doc in documents:
            item = weights[doc.item_id]
            for field, weight in ((doc.question, QUESTION_WEIGHT), (doc.keywords, KEYWORD_WEIGHT), (doc.answer, ANSWER_WEIGHT)):
                for token in set(tokens(field)):
                    item[token] = max(item[token], weight)
        document_frequency: dict[str, int] = defaultdict(int)
        for item in weights.values():
            for token in item:
                document_frequency[token] += 1
        total = max(len(weights), 1)
        self._idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
        self._weights = {item_id: dict(w) for item_id, w in weights.items()}

    @property
    def size(self) -> int:
        return len(self._weights)

    def search(self, query: str, limit: int = 3) -> list[Match]:
        query_tokens = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TOKENS]
        if not query_tokens:
            return []
        scores: list[Match] = []
        for item_id, weights in self._weights.items():
            score = sum(weights.get(t, 0.0) * self._idf.get(t, 0.0) for t in query_tokens)
            if score > 0:
                scores.append(Match(item_id, score / math.sqrt(len(query_tokens))))
        scores.sort(key=lambda m: (-m.score, m.item_id))
        return [m for m in scores[:limit] if m.score >= self.threshold]
