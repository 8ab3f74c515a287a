"""Announcements to users who asked for them, in one language, through the outbox.

The coordinator's text exists only in the sealed outbox rows (one per recipient) until each is
sent; the `announcements` row keeps counts. Delivery calls `record_outcome` in the transaction
that finishes each row, and the last one queues the final report to the coordinator.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import I18nContext
from bot.i18n import Translator
from storage.announcements import AnnouncementEntry, AnnouncementRepository
from storage.cases import StaffRepository
from storage.crypto import Cipher
from storage.outbox import OutboxItem, OutboxRepository
from storage.repositories import UserRepository

MAX_CHARS = 3500  # of the coordinator's plain text; the whole message must stay under 4096 as HTML
MAX_MESSAGE = 4096


def announcement_text(translator: Translator, locale: str, body_html: str) -> str:
    """Exactly what recipients see: a neutral title line, then the coordinator's formatted text."""
    return I18nContext(translator, locale).compose("coordinator-announcement-title", body_html)


def report_text(translator: Translator, entry: AnnouncementEntry) -> str:
    i18n = I18nContext(translator, translator.resolve(entry.staff_locale))
    return i18n.compose("coordinator-title", i18n(
        "coordinator-announce-finished", number=str(entry.id), language=translator.native_name(entry.locale),
        delivered=str(entry.delivered), failed=str(entry.failed), total=str(entry.total)))


class AnnouncementService:
    def __init__(self, session: AsyncSession, cipher: Cipher, clock: Callable[[], datetime]) -> None:
        self.session, self.cipher, self.clock = session, cipher, clock
        self.repo = AnnouncementRepository(session)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AnnouncementService:
        return cls(data["session"], data["cipher"], data["clock"])

    async def audience(self, locale: str) -> int:
        return len(await self.repo.recipients(locale))

    async def send(self, locale: str, text: str, staff_id: int, staff_locale: str) -> AnnouncementEntry | None:
        """The announcement row and one outbox row per recipient, in one transaction."""
        recipients = await self.repo.recipients(locale)
        if not recipients:
            return None
        now = self.clock()
        announcement_id = await self.repo.create(locale, staff_id, staff_locale, len(recipients), now)
        outbox, users = OutboxRepository(self.session, self.cipher), UserRepository(self.session, self.cipher, None)  # type: ignore[arg-type]
        for user_id in recipients:
            payload = {"chat_id": await users.telegram_id(user_id), "text": text, "quiet": True,
                       "announcement": announcement_id}
            await outbox.add(f"user:{user_id}", "send", payload, now=now, user_id=user_id)
        await self.session.commit()
        return await self.repo.get(announcement_id)

    async def recent(self, limit: int = 5) -> list[AnnouncementEntry]:
        return await self.repo.recent(limit)


async def record_outcome(session: AsyncSession, outbox: OutboxRepository, cipher: Cipher, translator: Translator,
                         item: OutboxItem, delivered: bool, now: datetime) -> None:
    """Counts a finished announcement row (in the caller's transaction); the last one reports."""
    announcement_id = item.payload.get("announcement")
    if announcement_id is None:
        return
    entry = await AnnouncementRepository(session).count(announcement_id, delivered)
    if entry is None or entry.delivered + entry.failed != entry.total or entry.staff_id is None:
        return
    staff = await StaffRepository(session, cipher, None).get(entry.staff_id)  # type: ignore[arg-type]
    if staff is None:
        return
    await outbox.add(f"staff:{staff.id}", "send",
                     {"chat_id": staff.telegram_id, "text": report_text(translator, entry), "quiet": True}, now=now)
