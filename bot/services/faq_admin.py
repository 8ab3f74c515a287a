"""FAQ editing for coordinators: every change is a whole-item state, versioned, then re-indexed.

A change is recorded with its author as `staff:<id>` or a keyed hash of the Telegram id (a
coordinator named only in COORDINATOR_IDS has no staff row), never the id itself. The first
change to a seeded item first records the item as it was ("baseline"), so a rollback can
return to the seed text.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.faq import FaqService
from bot.services.faq_search import FaqSearchIndex
from storage.cases import StaffRepository
from storage.crypto import Cipher, IdHasher
from storage.faq_admin import FaqAdminRepository, ItemState, ItemSummary, VersionEntry
from storage.repositories import FaqEntry, SourceEntry

SOURCE_LOCALE = "en"
COMPLETE, MISSING, OUTDATED = "complete", "missing", "outdated"


async def actor_of(session: AsyncSession, cipher: Cipher, hasher: IdHasher, telegram_id: int) -> str:
    staff = await StaffRepository(session, cipher, hasher).find(telegram_id)
    return f"staff:{staff.id}" if staff is not None else "key:" + hasher.digest("actor", telegram_id).hex()[:24]


def changed_locales(before: ItemState | None, after: ItemState | None) -> list[str]:
    old = (before or {}).get("texts", {})
    new = (after or {}).get("texts", {})
    return sorted(loc for loc in set(old) | set(new) if old.get(loc) != new.get(loc))


def entry_of(item_id: int, state: ItemState, locale: str) -> FaqEntry | None:
    """How users in `locale` would see this state (for previews)."""
    text = state["texts"].get(locale)
    if text is None:
        return None
    return FaqEntry(
        id=item_id, slug=state["slug"], topic_id=state["topic_id"], question=text[0], answer=text[1],
        verified_on=date.fromisoformat(state["verified_on"]),
        recheck_by=date.fromisoformat(state["recheck_by"]) if state["recheck_by"] else None,
        sources=tuple(SourceEntry(*s) for s in state["sources"]),
    )


def translation_status(state: ItemState, versions: list[VersionEntry], locale: str) -> str:
    """Missing, outdated (the source text changed since this translation was written), or complete."""
    texts = state["texts"]
    if locale not in texts:
        return MISSING
    if locale == SOURCE_LOCALE or SOURCE_LOCALE not in texts:
        return COMPLETE
    written = next((v for v in reversed(versions) if locale in v.locales and v.state is not None), None)
    if written is None:
        return COMPLETE
    basis = written.state["texts"].get(SOURCE_LOCALE)
    return COMPLETE if basis is not None and basis[:2] == texts[SOURCE_LOCALE][:2] else OUTDATED


@dataclass(frozen=True)
class ItemOverview:
    id: int
    slug: str
    topic_id: int
    status: dict[str, str]  # locale -> complete / missing / outdated
    review_due: bool


class FaqAdminService:
    def __init__(self, session: AsyncSession, index: FaqSearchIndex, actor: str, clock: Callable[[], datetime]) -> None:
        self.session, self.index, self.actor, self.clock = session, index, actor, clock
        self.repo = FaqAdminRepository(session)

    @classmethod
    async def from_data(cls, data: dict, telegram_id: int) -> FaqAdminService:
        actor = await actor_of(data["session"], data["cipher"], data["hasher"], telegram_id)
        return cls(data["session"], data["faq_index"], actor, data["clock"])

    # --- reading ---------------------------------------------------------------------------

    async def state(self, item_id: int) -> ItemState | None:
        return await self.repo.state(item_id)

    async def overview(self, locales: list[str], topic_id: int | None = None) -> list[ItemOverview]:
        today = self.clock().date()
        history: dict[int, list[VersionEntry]] = {}
        for version in await self.repo.all_item_versions():
            history.setdefault(version.item_id, []).append(version)
        found = []
        for summary in await self.repo.summaries(topic_id):
            state = await self.repo.state(summary.id)
            status = {loc: translation_status(state, history.get(summary.id, []), loc) for loc in locales}
            found.append(ItemOverview(summary.id, summary.slug, summary.topic_id, status, _due(summary, today)))
        return found

    async def history(self, item_id: int) -> list[VersionEntry]:
        return await self.repo.versions(item_id)

    async def status(self, item_id: int, locales: list[str]) -> dict[str, str]:
        state = await self.repo.state(item_id)
        versions = await self.repo.versions(item_id)
        return {loc: translation_status(state, versions, loc) for loc in locales} if state else {}

    # --- changing --------------------------------------------------------------------------

    async def change(self, item_id: int | None, action: str, new_state: ItemState | None) -> int | None:
        """Writes `new_state` (None deletes), records the version, commits and rebuilds the index."""
        item_id = await self.stage(item_id, action, new_state)
        await self.session.commit()
        await FaqService(self.session, self.index).rebuild_index()
        return item_id

    async def stage(self, item_id: int | None, action: str, new_state: ItemState | None) -> int | None:
        """The same as `change` without the commit: an import stages many, then commits once."""
        now = self.clock()
        before = await self.repo.state(item_id) if item_id is not None else None
        if before is not None and not await self.repo.versions(item_id):
            await self.repo.add_version(item_id=item_id, topic_id=before["topic_id"], at=now, actor="seed",
                                        action="baseline", locales=list(before["texts"]), state=before)
        if new_state is None:
            if item_id is not None and before is not None:
                await self.repo.delete(item_id)
                # The state before deletion is kept: the seeder knows not to bring the item back.
                await self.repo.add_version(item_id=item_id, topic_id=before["topic_id"], at=now, actor=self.actor,
                                            action="delete", locales=list(before["texts"]), state=before)
            return item_id
        item_id = await self.repo.write(item_id, new_state)
        await self.repo.add_version(item_id=item_id, topic_id=new_state["topic_id"], at=now, actor=self.actor,
                                    action=action, locales=changed_locales(before, new_state), state=new_state)
        return item_id

    async def rebuild_index(self) -> None:
        await FaqService(self.session, self.index).rebuild_index()

    async def edit(self, item_id: int, edit: Callable[[ItemState], None], action: str = "edit") -> bool:
        state = await self.repo.state(item_id)
        if state is None:
            return False
        new_state = copy.deepcopy(state)
        edit(new_state)
        if new_state != state:
            await self.change(item_id, action, new_state)
        return True

    async def create(self, topic_id: int, slug: str) -> int | None:
        if await self.repo.item_id_of(slug) is not None:
            return None
        today = self.clock().date()
        state = {"slug": slug, "topic_id": topic_id, "position": await self.repo.next_position(),
                 "verified_on": today.isoformat(), "recheck_by": _add_months(today, 6).isoformat(),
                 "sources": [], "texts": {}}
        return await self.change(None, "create", state)

    async def rollback(self, item_id: int, version_id: int) -> bool:
        version = await self.repo.version(version_id)
        if version is None or version.item_id != item_id or version.state is None:
            return False
        await self.change(item_id, "rollback", copy.deepcopy(version.state))
        return True

    # --- topics ----------------------------------------------------------------------------

    async def add_topic(self, slug: str, title: str, locales: list[str]) -> int | None:
        if any(t.slug == slug for t in await self.repo.topics()):
            return None
        titles = {loc: title for loc in locales}
        topic_id = await self.repo.add_topic(slug, titles)
        await self._topic_version(topic_id, "topic-add")
        return topic_id

    async def rename_topic(self, topic_id: int, locale: str, title: str) -> None:
        await self.repo.set_topic_title(topic_id, locale, title)
        await self._topic_version(topic_id, "topic-rename")

    async def move_topic(self, topic_id: int, step: int) -> None:
        order = [t.id for t in await self.repo.topics()]
        if topic_id not in order:
            return
        here = order.index(topic_id)
        there = max(0, min(len(order) - 1, here + step))
        order.insert(there, order.pop(here))
        await self.repo.set_topic_order(order)
        await self._topic_version(topic_id, "topic-move")

    async def _topic_version(self, topic_id: int, action: str) -> None:
        topic = next(t for t in await self.repo.topics() if t.id == topic_id)
        await self.repo.add_version(item_id=None, topic_id=topic_id, at=self.clock(), actor=self.actor,
                                    action=action, locales=[], state={"slug": topic.slug, "position": topic.position,
                                                                      "titles": topic.titles})
        await self.session.commit()


def _due(summary: ItemSummary, today: date) -> bool:
    return summary.recheck_by is not None and summary.recheck_by < today


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))
