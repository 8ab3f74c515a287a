"""FAQ search accuracy on bench/search_questions.toml stays high, in every script (issue 5).

The benchmark itself (bench/search_accuracy.py) also prints the baseline and per-script numbers.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

from bot.services.faq_search import FaqSearchIndex
from bot.services.transliteration import key_variants, search_key

BENCH = Path(__file__).resolve().parents[1] / "bench" / "search_accuracy.py"


def _bench():
    if "search_accuracy_bench" in sys.modules:
        return sys.modules["search_accuracy_bench"]
    spec = importlib.util.spec_from_file_location("search_accuracy_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


async def test_search_finds_the_expected_item_in_every_script() -> None:
    bench = _bench()
    questions = bench.load_questions()
    documents, slugs = await bench.load_documents()
    assert {q.expect for q in questions} <= set(slugs.values()), "a question expects an unknown slug"
    per_script = Counter(q.script for q in questions)
    assert set(per_script) == set(bench.SCRIPTS) and min(per_script.values()) >= 6, per_script
    index = FaqSearchIndex()
    index.rebuild(documents)
    overall = bench.evaluate(bench.searcher(index), questions, slugs)["all"]
    assert overall.top3_rate >= 0.85, f"top-3 {overall.top3_rate:.0%}"
    assert overall.top1_rate >= 0.6, f"top-1 {overall.top1_rate:.0%}"


def test_one_word_meets_itself_across_scripts() -> None:
    def keys(word: str) -> set[str]:
        return set(key_variants(search_key(word)))

    same = [
        ("Қазақстан", "qazaqstan", "Kazakstan", "قازاقستان"),  # kk Cyrillic, informal Latin, Arabic
        ("шешім", "sheshim", "şeşım", "ٴشەشىم"),  # ş / sh / ш / ش
        ("куәлік", "kualik", "kuälık", "ٴكۋالىك"),  # ә: Kazakh a
        ("тәһдит", "tehdit", "تەھدىت"),  # ә: Uyghur e; һ / h / ھ
        ("гуваһнамә", "guwahname", "گۇۋاھنامە"),  # w / в / ۋ
        ("ئۆچۈرۈش", "öchürüsh", "ochurush", "өчүрүш"),  # Uyghur vowels with the hamza carrier
        ("тоғриси", "toghrisi", "توغرىسى"),  # gh / ғ / غ
        ("жаңа", "zhana", "jaña", "جاڭا"),  # zh / j / ж / ج, ng / ñ / ң / ڭ
    ]
    for words in same:
        common = set.intersection(*(keys(w) for w in words))
        assert common, f"{words} do not share a search key: {[keys(w) for w in words]}"
