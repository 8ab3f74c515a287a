"""Free-text FAQ search over every locale's text, answered in the user's language.

Small and in memory: the FAQ has tens of items, so a weighted token index with prefix matching
(Kazakh and Uyghur add suffixes to stems) is fast and predictable. Every script is first mapped
to one Latin search key (bot/services/transliteration.py), so a question typed in Uyghur Arabic,
Latin or Cyrillic, or Kazakh Cyrillic, Latin or Arabic script, meets the same items; missing
diacritics, Arabic-script variants and letter case do not matter. A word that matches nothing is
retried against the index's words one letter away (a typo), at a lower weight, when at least
one other word of the query matched exactly.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.services.transliteration import key_variants, search_key
from storage.repositories import SearchDocument

STEM = 5  # compare the first letters only: enough to join a stem with its suffixes
MIN_TOKEN = 2
QUESTION_WEIGHT, KEYWORD_WEIGHT, ANSWER_WEIGHT = 3.0, 3.0, 1.0
MAX_QUERY_TOKENS = 40
TYPO_WEIGHT = 0.6  # a query word one letter away from an indexed word counts this much
MIN_TYPO_TOKEN = 5  # shorter words (and stems) are too easily one letter away from another word

_WORD = re.compile(r"\w+", re.UNICODE)

_STOPWORD_TEXT = (
    # en
    "the a an and or of to in on for is are do does i my me how what where when can with it be "
    # ru
    "и в во на по с со к о об что как где когда я мой моя мне ли это не "
    # kk
    "мен менің және үшін қалай қайда не бұл ма ме ба бе па пе немесе "
    # ug
    "ۋە ياكى بىلەن ئۈچۈن مەن مېنىڭ بۇ قانداق نېمە"
)
# Stop words are compared by search key, so they are dropped whatever the script.
STOPWORDS = frozenset(v for word in _STOPWORD_TEXT.split() for v in key_variants(search_key(word)))


def normalize(text: str) -> str:
    """The script-independent search key of a text (see transliteration.search_key)."""
    return search_key(text)


def _groups(text: str) -> list[tuple[str, ...]]:
    """One tuple of token variants per word (two only for the ambiguous ә/ä)."""
    found: list[tuple[str, ...]] = []
    for word in _WORD.findall(normalize(text)):
        variants = key_variants(word)
        if len(variants[0]) < MIN_TOKEN or variants[0].isdigit() or any(v in STOPWORDS for v in variants):
            continue
        found.append(tuple(dict.fromkeys(v[:STEM] for v in variants)))
    return found


def tokens(text: str) -> list[str]:
    """The index tokens of a text (the first reading of each word)."""
    return [group[0] for group in _groups(text)]


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


@dataclass(frozen=True)
class Match:
    item_id: int
    score: float


class FaqSearchIndex:
    def __init__(self, threshold: float = 1.2) -> None:
        self.threshold = threshold
        self._weights: dict[int, dict[str, float]] = {}
        self._idf: dict[str, float] = {}
        self._near: dict[str, set[str]] = {}

    def rebuild(self, documents: Iterable[SearchDocument]) -> None:
        weights: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for doc in documents:
            item = weights[doc.item_id]
            for field, weight in ((doc.question, QUESTION_WEIGHT), (doc.keywords, KEYWORD_WEIGHT), (doc.answer, ANSWER_WEIGHT)):
                for token in {t for group in _groups(field) for t in group}:
                    item[token] = max(item[token], weight)
        document_frequency: dict[str, int] = defaultdict(int)
        for item in weights.values():
            for token in item:
                document_frequency[token] += 1
        total = max(len(weights), 1)
        near: dict[str, set[str]] = defaultdict(set)
        for token in document_frequency:
            if len(token) >= MIN_TYPO_TOKEN:
                for key in _deletions(token) | {token}:
                    near[key].add(token)
        self._idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
        self._weights = {item_id: dict(w) for item_id, w in weights.items()}
        self._near = dict(near)

    @property
    def size(self) -> int:
        return len(self._weights)

    def _typos(self, token: str) -> set[str]:
        """Indexed tokens one substitution, insertion or deletion away (same-length prefixes)."""
        if len(token) < MIN_TYPO_TOKEN:
            return set()
        found: set[str] = set()
        for key in _deletions(token) | {token}:
            found |= self._near.get(key, set())
        found.discard(token)
        return found

    def search(self, query: str, limit: int = 3) -> list[Match]:
        groups = list(dict.fromkeys(_groups(query)))[:MAX_QUERY_TOKENS]
        if not groups:
            return []
        # Each query word: its readings, each with a weight factor (1 exact, TYPO_WEIGHT near).
        exact = [{t: 1.0 for t in group if t in self._idf} for group in groups]
        if not any(exact):
            return []  # typos only support words that matched: a greeting must not find an item
        expanded = [
            readings or {near: TYPO_WEIGHT for t in group for near in self._typos(t)}
            for group, readings in zip(groups, exact, strict=True)
        ]
        scores: list[Match] = []
        for item_id, weights in self._weights.items():
            score = sum(
                max((weights.get(t, 0.0) * self._idf[t] * factor for t, factor in readings.items()), default=0.0)
                for readings in expanded
            )
            if score > 0:
                scores.append(Match(item_id, score / math.sqrt(len(groups))))
        scores.sort(key=lambda m: (-m.score, m.item_id))
        return [m for m in scores[:limit] if m.score >= self.threshold]
