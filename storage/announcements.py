"""Announcements: who asked for them, and each announcement's delivered / failed counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Announcement, PrivacySettings, User


@dataclass(frozen=True)
class AnnouncementEntry:
    id: int
    locale: str
    staff_id: int | None
    staff_locale: str
    total: int
    delivered: int
    failed: int
    created_at: datetime

    @property
    def finished(self) -> bool:
        return self.delivered + self.failed >= self.total


def _entry(row: Announcement) -> AnnouncementEntry:
    return AnnouncementEntry(row.id, row.locale, row.staff_id, row.staff_locale, row.total, row.delivered,
                             row.failed, row.created_at)


class AnnouncementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def recipients(self, locale: str) -> list[int]:
        """Users of this language who turned announcements on, by internal id."""
        rows = await self.session.scalars(
            select(User.id).join(PrivacySettings, PrivacySettings.user_id == User.id)
            .where(PrivacySettings.announcements.is_(True), User.locale == locale)
            .order_by(User.id))
        return list(rows)

    async def create(self, locale: str, staff_id: int, staff_locale: str, total: int, now: datetime) -> int:
        row = Announcement(locale=locale, staff_id=staff_id, staff_locale=staff_locale, total=total, delivered=0,
                           failed=0, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def get(self, announcement_id: int) -> AnnouncementEntry | None:
        row = await self.session.get(Announcement, announcement_id, populate_existing=True)
        return _entry(row) if row else None

    async def count(self, announcement_id: int, delivered: bool) -> AnnouncementEntry | None:
        """One recipient done; the updated entry (None if the announcement is gone).

        The UPDATE locks the row until commit, so exactly one transaction sees the last recipient.
        """
        column = Announcement.delivered if delivered else Announcement.failed
        await self.session.execute(update(Announcement).where(Announcement.id == announcement_id)
                                   .values({column: column + 1}))
        return await self.get(announcement_id)

    async def recent(self, limit: int = 5) -> list[AnnouncementEntry]:
        rows = await self.session.scalars(select(Announcement).order_by(Announcement.id.desc()).limit(limit))
        return [_entry(row) for row in rows]
