"""FAQ search accuracy, old algorithm against new, per script.

    .venv/bin/python bench/search_accuracy.py [-v]

Seeds a fresh SQLite database with the FAQ (storage/seed/faq.toml and locales/*/faq-content.ftl,
through bot.services.faq_seed.seed_faq), reads the documents back with
FaqRepository.search_documents, builds (a) the baseline index (bench/baseline_faq_search.py, the
algorithm before script-aware search keys) and (b) the current one (bot/services/faq_search.py),
and asks both every question in bench/search_questions.toml. Prints top-1 and top-3 accuracy per
script and overall, and the ratio new/baseline; -v also lists the questions the new index misses.
A question counts as found only if its item is returned (so above the search threshold).
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bot.i18n import Translator
from bot.services.faq_search import FaqSearchIndex
from bot.services.faq_seed import seed_faq
from storage.db import create_engine, create_session_factory
from storage.migrations import upgrade
from storage.repositories import FaqRepository, SearchDocument

BENCH = Path(__file__).resolve().parent
QUESTIONS = BENCH / "search_questions.toml"
SCRIPTS = ("en", "ru", "kk-Cyrl", "kk-Latn", "kk-Arab", "ug-Arab", "ug-Latn", "ug-Cyrl")


@dataclass(frozen=True)
class Question:
    script: str
    expect: str
    text: str


@dataclass(frozen=True)
class Score:
    total: int
    top1: int
    top3: int

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    with path.open("rb") as handle:
        return [Question(q["script"], q["expect"], q["text"]) for q in tomllib.load(handle)["question"]]


async def load_documents() -> tuple[list[SearchDocument], dict[int, str]]:
    """The FAQ's search documents from a freshly seeded SQLite database, and item id -> slug."""
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
        try:
            await upgrade(engine)
            async with create_session_factory(engine)() as session:
                await seed_faq(session, Translator())
                repository = FaqRepository(session)
                documents = await repository.search_documents()
                slugs = {}
                for item_id in {d.item_id for d in documents}:
                    entry = await repository.entry(item_id, "en")
                    assert entry is not None
                    slugs[item_id] = entry.slug
        finally:
            await engine.dispose()
    return documents, slugs


def baseline_module() -> ModuleType:
    if "baseline_faq_search" in sys.modules:
        return sys.modules["baseline_faq_search"]
    spec = importlib.util.spec_from_file_location("baseline_faq_search", BENCH / "baseline_faq_search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


Search = Callable[[str], Sequence[int]]


def evaluate(search: Search, questions: Sequence[Question], slugs: dict[int, str]) -> dict[str, Score]:
    """Per script and "all": how many questions find their item first, and in the first three."""
    tallies: dict[str, list[int]] = {}
    for question in questions:
        found = [slugs[item_id] for item_id in search(question.text)[:3]]
        for key in (question.script, "all"):
            tally = tallies.setdefault(key, [0, 0, 0])
            tally[0] += 1
            tally[1] += found[:1] == [question.expect]
            tally[2] += question.expect in found
    return {key: Score(*tally) for key, tally in tallies.items()}


def searcher(index) -> Search:  # noqa: ANN001 - either index class
    return lambda text: [m.item_id for m in index.search(text, limit=3)]


def _ratio(new: float, old: float) -> str:
    return f"{new / old:5.2f}x" if old else "   inf" if new else "    - "


def main(argv: Sequence[str]) -> int:
    questions = load_questions()
    documents, slugs = asyncio.run(load_documents())
    baseline = baseline_module().FaqSearchIndex()
    baseline.rebuild(documents)
    current = FaqSearchIndex()
    current.rebuild(documents)
    old = evaluate(searcher(baseline), questions, slugs)
    new = evaluate(searcher(current), questions, slugs)
    print(f"FAQ search accuracy: {len(questions)} questions, {current.size} items, {len(documents)} documents")
    print(f"{'script':<8} {'n':>3}   {'top-1 base':>10} {'new':>6} {'ratio':>6}   {'top-3 base':>10} {'new':>6} {'ratio':>6}")
    for key in (*[s for s in SCRIPTS if s in new], "all"):
        o, n = old[key], new[key]
        print(
            f"{key:<8} {n.total:>3}   {o.top1_rate:>10.0%} {n.top1_rate:>6.0%} {_ratio(n.top1_rate, o.top1_rate):>6}"
            f"   {o.top3_rate:>10.0%} {n.top3_rate:>6.0%} {_ratio(n.top3_rate, o.top3_rate):>6}"
        )
    if "-v" in argv:
        search = searcher(current)
        for question in questions:
            found = [slugs[i] for i in search(question.text)]
            if found[:1] != [question.expect]:
                mark = "top-3" if question.expect in found else "MISS "
                print(f"{mark} [{question.script}] {question.text!r}: expected {question.expect}, got {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
