"""Seeds the FAQ from the repository: metadata in storage/seed/faq.toml, text in locales/*/faq-content.ftl.

Items are written when new, and rewritten when the seed changed and nobody edited the item in
the bot since (its stored digest still matches a seed), so coordinators' edits are never lost.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from storage.faq_admin import FaqAdminRepository
from storage.repositories import FaqRepository, SeedRunRepository, SourceEntry

SEED_NAME = "faq"


def seed_path() -> Path:
    return Path(str(resources.files("storage"))) / "seed" / "faq.toml"


@dataclass(frozen=True)
class SeedResult:
    topics: int
    written: int
    kept: int


def load_seed(path: Path | None = None) -> dict[str, Any]:
    with (path or seed_path()).open("rb") as handle:
        return tomllib.load(handle)


def inputs_digest(seed_source: bytes, translator: Translator) -> str:
    """What a seed is made of: the seed file and every locale's files (a message may use terms
    from any file, and a locale falls back to another)."""
    return hashlib.sha256(seed_source + translator.sources_digest().encode()).hexdigest()


async def seed_faq(session: AsyncSession, translator: Translator, path: Path | None = None) -> SeedResult:
    seed_source = (path or seed_path()).read_bytes()
    seed = tomllib.loads(seed_source.decode("utf-8"))
    admin = FaqAdminRepository(session)
    inputs = inputs_digest(seed_source, translator)
    if await SeedRunRepository(session).digest(SEED_NAME) == inputs:
        # A restart with the same files: the last seed did all there is to do, and coordinators'
        # changes since then are what the seed would keep anyway.
        return SeedResult(topics=len(seed["topics"]), written=0, kept=len(seed["items"]))
    repository = FaqRepository(session)
    locales = translator.complete_locales
    topic_ids: dict[str, int] = {}
    # Coordinators' deletions and topic titles win over the seed, like their edits do.
    deleted, renamed = await admin.edited_by_coordinators()
    for position, topic in enumerate(seed["topics"]):
        slug = topic["slug"]
        if slug in renamed and (known := await repository.topic_id(slug)) is not None:
            topic_ids[slug] = known
            continue
        titles = {loc: translator.get(loc, f"faq-topic-{slug}") for loc in locales}
        topic_ids[slug] = await repository.upsert_topic(slug, position, titles)
    written = kept = 0
    for position, item in enumerate(seed["items"]):
        slug = item["slug"]
        texts = {
            loc: tuple(_plain(translator, loc, f"faq-item-{slug}-{part}") for part in ("question", "answer", "keywords"))
            for loc in locales
        }
        sources = [
            SourceEntry(s["title"], s.get("url", ""), str(s.get("date", "")), s.get("confidence", ""))
            for s in item.get("sources", [])
        ]
        digest = hashlib.sha256(
            json.dumps([item, texts], sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()
        existing = await repository.item_seed_digest(slug)
        if existing is None and slug in deleted:
            kept += 1
            continue
        if existing is not None and existing[1] in (digest, None):
            # Same seed as before, or edited by a coordinator (digest cleared): leave it.
            kept += 1
            continue
        await repository.write_item(
            item_id=existing[0] if existing else None,
            slug=slug,
            topic_id=topic_ids[item["topic"]],
            position=position,
            verified_on=_date(item["verified"]),
            recheck_by=_date(item["recheck_by"]) if item.get("recheck_by") else None,
            seed_digest=digest,
            texts=texts,  # type: ignore[arg-type]
            sources=sources,
        )
        written += 1
    await SeedRunRepository(session).set_digest(SEED_NAME, inputs)
    await session.commit()
    return SeedResult(topics=len(topic_ids), written=written, kept=kept)


def _plain(translator: Translator, locale: str, message_id: str) -> str:
    # FAQ text is stored plain and escaped when shown; the translator escapes nothing here
    # because no arguments are passed.
    return translator.get(locale, message_id).replace("\u200f", "")


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
