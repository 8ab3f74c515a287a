"""Risk triage: phrases that make a conversation urgent, in any supported language and script.

The text is never stored or logged; only the categories found travel on (to the case's topic).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from bot.services.transliteration import key_variants, search_key

PHRASES = Path(__file__).with_name("triage_phrases.toml")
CATEGORIES = ("self-harm", "danger", "relatives", "return", "summons")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    data = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    if set(data) != set(CATEGORIES):
        raise ValueError(f"{PHRASES.name}: categories must be exactly {CATEGORIES}")
    patterns = {}
    for category in CATEGORIES:
        keys = {variant for phrases in data[category].values() for phrase in phrases
                for variant in key_variants(_words(phrase))}
        alternatives = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
        patterns[category] = re.compile(rf"(?:^| )(?:{alternatives})")
    return patterns


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", search_key(text)).split())


def scan(text: str) -> list[str]:
    """The risk categories a text touches, in CATEGORIES order; [] for none."""
    if not text:
        return []
    words = _words(text)
    variants = key_variants(words)
    return [c for c, pattern in _patterns().items() if any(pattern.search(v) for v in variants)]
