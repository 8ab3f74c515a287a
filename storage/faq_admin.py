"""Coordinators' side of the FAQ: whole-item states, versions, topics, unanswered-search counts.

An item's state is a plain JSON-able dict (`ItemState`), the unit of editing, versioning,
rollback and import. Repositories never commit (storage/repositories.py rules).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    FaqItem,
    FaqMissCount,
    FaqSource,
    FaqTopic,
    FaqTopicTitle,
    FaqTranslation,
    FaqVersion,
    JobRun,
)
from storage.repositories import _insert

# {"slug", "topic_id", "position", "verified_on", "recheck_by", "sources": [[title, url, published,
#  confidence]], "texts": {locale: [question, answer, keywords]}}; dates as ISO strings.
ItemState = dict[str, Any]


@dataclass(frozen=True)
class VersionEntry:
    id: int
    item_id: int | None
    at: datetime
    actor: str
    action: str
    locales: tuple[str, ...]
    state: ItemState | None


@dataclass(frozen=True)
class TopicAdmin:
    id: int
    slug: str
    position: int
    titles: dict[str, str]


@dataclass(frozen=True)
class ItemSummary:
    id: int
    slug: str
    topic_id: int
    locales: frozenset[str]
    recheck_by: date | None


class FaqAdminRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- items -----------------------------------------------------------------------------

    async def state(self, item_id: int) -> ItemState | None:
        item = await self.session.get(FaqItem, item_id)
        if item is None:
            return None
        texts = await self.session.scalars(select(FaqTranslation).where(FaqTranslation.item_id == item_id))
        sources = await self.session.scalars(
            select(FaqSource).where(FaqSource.item_id == item_id).order_by(FaqSource.position))
        return {
            "slug": item.slug, "topic_id": item.topic_id, "position": item.position,
            "verified_on": item.verified_on.isoformat(),
            "recheck_by": item.recheck_by.isoformat() if item.recheck_by else None,
            "sources": [[s.title, s.url, s.published, s.confidence] for s in sources],
            "texts": {t.locale: [t.question, t.answer, t.keywords] for t in sorted(texts, key=lambda t: t.locale)},
        }

    async def item_id_of(self, slug: str) -> int | None:
        return await self.session.scalar(select(FaqItem.id).where(FaqItem.slug == slug))

    async def write(self, item_id: int | None, state: ItemState) -> int:
        """Creates or overwrites an item from a state. The seed digest is cleared: the seeder
        leaves an item edited in the bot alone."""
        values = dict(slug=state["slug"], topic_id=state["topic_id"], position=state["position"],
                      verified_on=date.fromisoformat(state["verified_on"]),
                      recheck_by=date.fromisoformat(state["recheck_by"]) if state["recheck_by"] else None,
                      seed_digest=None)
        if item_id is None or await self.session.get(FaqItem, item_id) is None:
            item = FaqItem(id=item_id, helpful_yes=0, helpful_no=0, **values)
            self.session.add(item)
            await self.session.flush()
            item_id = item.id
        else:
            await self.session.execute(update(FaqItem).where(FaqItem.id == item_id).values(**values))
            await self.session.execute(delete(FaqTranslation).where(FaqTranslation.item_id == item_id))
            await self.session.execute(delete(FaqSource).where(FaqSource.item_id == item_id))
        self.session.add_all(
            FaqTranslation(item_id=item_id, locale=loc, question=q, answer=a, keywords=k)
            for loc, (q, a, k) in state["texts"].items())
        self.session.add_all(
            FaqSource(item_id=item_id, position=i, title=t, url=u, published=p, confidence=c)
            for i, (t, u, p, c) in enumerate(state["sources"]))
        await self.session.flush()
        return item_id

    async def delete(self, item_id: int) -> None:
        await self.session.execute(delete(FaqItem).where(FaqItem.id == item_id))

    async def summaries(self, topic_id: int | None = None) -> list[ItemSummary]:
        statement = select(FaqItem.id, FaqItem.slug, FaqItem.topic_id, FaqItem.recheck_by).order_by(
            FaqItem.position, FaqItem.id)
        if topic_id is not None:
            statement = statement.where(FaqItem.topic_id == topic_id)
        items = (await self.session.execute(statement)).all()
        locales: dict[int, set[str]] = {}
        for item_id, locale in await self.session.execute(select(FaqTranslation.item_id, FaqTranslation.locale)):
            locales.setdefault(item_id, set()).add(locale)
        return [ItemSummary(i, s, t, frozenset(locales.get(i, ())), r) for i, s, t, r in items]

    async def next_position(self) -> int:
        return (await self.session.scalar(select(func.max(FaqItem.position))) or 0) + 1

    async def votes(self) -> list[tuple[str, int, int]]:
        rows = await self.session.execute(
            select(FaqItem.slug, FaqItem.helpful_yes, FaqItem.helpful_no).order_by(FaqItem.position, FaqItem.id))
        return [tuple(row) for row in rows]

    # --- versions --------------------------------------------------------------------------

    async def add_version(self, *, item_id: int | None, topic_id: int | None, at: datetime, actor: str,
                          action: str, locales: list[str], state: dict | None) -> int:
        row = FaqVersion(item_id=item_id, topic_id=topic_id, at=at, actor=actor, action=action,
                         locales=",".join(sorted(locales)),
                         snapshot=json.dumps(state, ensure_ascii=False) if state is not None else "")
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def versions(self, item_id: int) -> list[VersionEntry]:
        rows = await self.session.scalars(
            select(FaqVersion).where(FaqVersion.item_id == item_id).order_by(FaqVersion.id))
        return [_version(row) for row in rows]

    async def all_item_versions(self) -> list[VersionEntry]:
        rows = await self.session.scalars(
            select(FaqVersion).where(FaqVersion.item_id.is_not(None)).order_by(FaqVersion.id))
        return [_version(row) for row in rows]

    async def version(self, version_id: int) -> VersionEntry | None:
        row = await self.session.get(FaqVersion, version_id)
        return _version(row) if row is not None else None

    async def edited_by_coordinators(self) -> tuple[set[str], set[str]]:
        """(slugs of items deleted in the bot, slugs of topics renamed in the bot): the seeder keeps off."""
        rows = await self.session.execute(
            select(FaqVersion.action, FaqVersion.snapshot).where(FaqVersion.action.in_(("delete", "topic-rename"))))
        deleted, renamed = set(), set()
        for action, snapshot in rows:
            (deleted if action == "delete" else renamed).add(json.loads(snapshot)["slug"])
        return deleted, renamed

    # --- topics ----------------------------------------------------------------------------

    async def topics(self) -> list[TopicAdmin]:
        topics = (await self.session.scalars(select(FaqTopic).order_by(FaqTopic.position, FaqTopic.id))).all()
        titles: dict[int, dict[str, str]] = {}
        for row in await self.session.scalars(select(FaqTopicTitle)):
            titles.setdefault(row.topic_id, {})[row.locale] = row.title
        return [TopicAdmin(t.id, t.slug, t.position, titles.get(t.id, {})) for t in topics]

    async def add_topic(self, slug: str, titles: dict[str, str]) -> int:
        position = (await self.session.scalar(select(func.max(FaqTopic.position))) or 0) + 1
        topic = FaqTopic(slug=slug, position=position)
        self.session.add(topic)
        await self.session.flush()
        self.session.add_all(FaqTopicTitle(topic_id=topic.id, locale=loc, title=t) for loc, t in titles.items())
        await self.session.flush()
        return topic.id

    async def set_topic_title(self, topic_id: int, locale: str, title: str) -> None:
        await self.session.execute(
            delete(FaqTopicTitle).where(FaqTopicTitle.topic_id == topic_id, FaqTopicTitle.locale == locale))
        self.session.add(FaqTopicTitle(topic_id=topic_id, locale=locale, title=title))
        await self.session.flush()

    async def set_topic_order(self, topic_ids: list[int]) -> None:
        for position, topic_id in enumerate(topic_ids):
            await self.session.execute(update(FaqTopic).where(FaqTopic.id == topic_id).values(position=position))

    # --- unanswered searches and periodic jobs ------------------------------------------------

    async def count_miss(self, day: date, locale: str) -> None:
        statement = _insert(self.session, FaqMissCount).values(day=day, locale=locale, count=1)
        statement = statement.on_conflict_do_update(
            index_elements=[FaqMissCount.day, FaqMissCount.locale], set_={"count": FaqMissCount.count + 1})
        await self.session.execute(statement)

    async def misses_since(self, day: date) -> list[tuple[date, str, int]]:
        rows = await self.session.execute(
            select(FaqMissCount.day, FaqMissCount.locale, FaqMissCount.count).where(FaqMissCount.day >= day))
        return [tuple(row) for row in rows]

    async def last_run(self, name: str) -> datetime | None:
        return await self.session.scalar(select(JobRun.last_at).where(JobRun.name == name))

    async def claim_run(self, name: str, last: datetime | None, at: datetime) -> bool:
        """Moves a job's last run from `last` (as read) to `at`; False when another process got
        there first, so a periodic job runs once however many processes look."""
        if last is None:
            statement = _insert(self.session, JobRun).values(name=name, last_at=at)
            result = await self.session.execute(statement.on_conflict_do_nothing(index_elements=[JobRun.name]))
        else:
            result = await self.session.execute(
                update(JobRun).where(JobRun.name == name, JobRun.last_at == last).values(last_at=at))
        return result.rowcount == 1


def _version(row: FaqVersion) -> VersionEntry:
    state = json.loads(row.snapshot) if row.snapshot else None
    return VersionEntry(row.id, row.item_id, row.at, row.actor, row.action,
                        tuple(x for x in row.locales.split(",") if x), state)
