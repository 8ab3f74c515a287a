"""Repositories for "My papers": papers, their reminders, and the user's reminder settings.

Kept apart from storage/repositories.py (the same rules: frozen dataclasses, never commit).
A paper's kind, expiry date and place are sealed together (`storage.sealed.PAPER`); reminder
rows hold only the due time (plaintext, so the scheduler can find what is due), the stage, and
delivery bookkeeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.models import Paper, Reminder, UserSettings
from storage.sealed import PAPER, USER_SETTINGS

PENDING, SENT, CANCELLED, FAILED = "pending", "sent", "cancelled", "failed"
SNOOZE_STAGE = -1


@dataclass(frozen=True)
class PaperEntry:
    id: int
    user_id: int
    kind: str
    expires: date
    place: str
    remind: bool


@dataclass(frozen=True)
class ReminderEntry:
    id: int
    paper_id: int
    due_at: datetime
    stage: int
    status: str
    attempts: int


@dataclass(frozen=True)
class ReminderSettings:
    days: tuple[int, ...]
    tz: str


class PaperRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    def _entry(self, row: Paper) -> PaperEntry:
        value = self.cipher.open_json(row.sealed, PAPER.context({"id": row.id, "user_id": row.user_id}))
        return PaperEntry(row.id, row.user_id, value["kind"], date.fromisoformat(value["expires"]),
                          value.get("place", ""), row.remind)

    def _seal(self, paper_id: int, user_id: int, kind: str, expires: date, place: str) -> bytes:
        value = {"kind": kind, "expires": expires.isoformat(), "place": place}
        return self.cipher.seal_json(value, PAPER.context({"id": paper_id, "user_id": user_id}))

    async def add(self, user_id: int, kind: str, expires: date, place: str) -> PaperEntry:
        row = Paper(user_id=user_id, sealed=b"", remind=True)
        self.session.add(row)
        await self.session.flush()  # the id is part of the sealing context
        row.sealed = self._seal(row.id, user_id, kind, expires, place)
        await self.session.flush()
        return PaperEntry(row.id, user_id, kind, expires, place, True)

    async def list(self, user_id: int) -> list[PaperEntry]:
        rows = await self.session.scalars(select(Paper).where(Paper.user_id == user_id).order_by(Paper.id))
        return sorted((self._entry(r) for r in rows), key=lambda p: (p.expires, p.id))

    async def get(self, user_id: int, paper_id: int) -> PaperEntry | None:
        """Only the owner's paper: a forged or foreign id gives None."""
        row = await self.session.scalar(select(Paper).where(Paper.id == paper_id, Paper.user_id == user_id))
        return self._entry(row) if row else None

    async def save(self, paper: PaperEntry) -> None:
        sealed = self._seal(paper.id, paper.user_id, paper.kind, paper.expires, paper.place)
        await self.session.execute(
            update(Paper).where(Paper.id == paper.id, Paper.user_id == paper.user_id).values(sealed=sealed, remind=paper.remind)
        )

    async def delete(self, user_id: int, paper_id: int) -> bool:
        await self.session.execute(delete(Reminder).where(Reminder.paper_id == paper_id,
                                                          Reminder.paper_id.in_(select(Paper.id).where(Paper.user_id == user_id))))
        result = await self.session.execute(delete(Paper).where(Paper.id == paper_id, Paper.user_id == user_id))
        return result.rowcount == 1

    async def owner_of(self, paper_id: int) -> int | None:
        return await self.session.scalar(select(Paper.user_id).where(Paper.id == paper_id))


class SettingsRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    async def get(self, user_id: int, default: ReminderSettings) -> ReminderSettings:
        sealed = await self.session.scalar(select(UserSettings.sealed).where(UserSettings.user_id == user_id))
        if sealed is None:
            return default
        value = self.cipher.open_json(sealed, USER_SETTINGS.context({"user_id": user_id}))
        return ReminderSettings(tuple(value.get("days", default.days)), value.get("tz", default.tz))

    async def save(self, user_id: int, settings: ReminderSettings) -> None:
        sealed = self.cipher.seal_json({"days": list(settings.days), "tz": settings.tz},
                                       USER_SETTINGS.context({"user_id": user_id}))
        updated = await self.session.execute(update(UserSettings).where(UserSettings.user_id == user_id).values(sealed=sealed))
        if updated.rowcount == 0:
            self.session.add(UserSettings(user_id=user_id, sealed=sealed))
            await self.session.flush()


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def replace_pending(self, paper_id: int, plan: list[tuple[int, datetime]]) -> None:
        """Drop the paper's pending reminders and schedule `plan` (stage, due_at) instead."""
        await self.session.execute(delete(Reminder).where(Reminder.paper_id == paper_id, Reminder.status == PENDING))
        self.session.add_all(Reminder(paper_id=paper_id, due_at=due, stage=stage, status=PENDING, attempts=0)
                             for stage, due in plan)
        await self.session.flush()

    async def add(self, paper_id: int, stage: int, due_at: datetime) -> None:
        self.session.add(Reminder(paper_id=paper_id, due_at=due_at, stage=stage, status=PENDING, attempts=0))
        await self.session.flush()

    async def cancel_pending(self, paper_id: int) -> None:
        await self.session.execute(
            update(Reminder).where(Reminder.paper_id == paper_id, Reminder.status == PENDING)
            .values(status=CANCELLED, lease_owner=None, lease_until=None)
        )

    async def for_paper(self, paper_id: int) -> list[ReminderEntry]:
        rows = await self.session.scalars(select(Reminder).where(Reminder.paper_id == paper_id).order_by(Reminder.due_at))
        return [_reminder(r) for r in rows]

    async def get(self, reminder_id: int) -> ReminderEntry | None:
        row = await self.session.get(Reminder, reminder_id)
        return _reminder(row) if row else None

    # --- delivery ------------------------------------------------------------------------------

    async def due_ids(self, now: datetime, limit: int) -> list[int]:
        rows = await self.session.scalars(
            select(Reminder.id)
            .where(Reminder.status == PENDING, Reminder.due_at <= now,
                   or_(Reminder.lease_until.is_(None), Reminder.lease_until < now))
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
        )
        return list(rows)

    async def claim(self, reminder_id: int, owner: str, now: datetime, until: datetime) -> bool:
        """Compare-and-set: True for exactly one claimant while the lease is free."""
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.status == PENDING, Reminder.due_at <= now,
                   or_(Reminder.lease_until.is_(None), Reminder.lease_until < now))
            .values(lease_owner=owner, lease_until=until, attempts=Reminder.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def renew(self, reminder_id: int, owner: str, until: datetime) -> bool:
        """Extends the lease of a reminder this process is still sending; False if it is no longer ours."""
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, and_(Reminder.lease_owner == owner, Reminder.status == PENDING))
            .values(lease_until=until)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def finish(self, reminder_id: int, owner: str, status: str, now: datetime) -> bool:
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id, and_(Reminder.lease_owner == owner, Reminder.status == PENDING))
            .values(status=status, sent_at=now if status == SENT else None, lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1


def _reminder(row: Reminder) -> ReminderEntry:
    return ReminderEntry(row.id, row.paper_id, row.due_at, row.stage, row.status, row.attempts)
