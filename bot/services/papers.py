"""My papers: the user's documents, their staged reminders, and the reminder settings.

Reminders are planned in the user's time zone at a fixed local hour (REMIND_AT), stored as UTC.
Stages in the past are not planned. Every change of a date or of the settings re-plans the
paper's pending reminders; "stop reminders" cancels them and keeps them off for that paper.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.papers import (
    SNOOZE_STAGE,
    PaperEntry,
    PaperRepository,
    ReminderRepository,
    ReminderSettings,
    SettingsRepository,
)

KINDS = ("asylum-seeker", "refugee", "humanitarian", "kandas", "residence", "other")
DEFAULT_DAYS = (30, 7, 1)
DEFAULT_TZ = "Asia/Almaty"
DEFAULT_SETTINGS = ReminderSettings(DEFAULT_DAYS, DEFAULT_TZ)
REMIND_AT = time(10, 0)  # local time of day: late enough not to wake anyone, early enough to act
MAX_DAYS = 365
MAX_STAGES = 5
MAX_PLACE_CHARS = 200
MAX_PAPERS = 20
# Offered as buttons; any other IANA name can be typed.
TIME_ZONES = ("Asia/Almaty", "Asia/Bishkek", "Asia/Tashkent", "Europe/Istanbul", "Europe/Berlin",
              "America/Toronto", "Australia/Sydney")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def find_time_zone(text: str) -> str | None:
    """An IANA name typed in any case ("europe/paris"), or None."""
    wanted = text.strip().replace(" ", "_").casefold()
    if not wanted or len(wanted) > 64:
        return None
    return next((name for name in sorted(available_timezones()) if name.casefold() == wanted), None)


def parse_days(text: str) -> tuple[int, ...] | None:
    """'30, 7, 1' -> (30, 7, 1): 1 to MAX_STAGES distinct whole days between 1 and MAX_DAYS."""
    parts = [p for p in text.replace(",", " ").replace(";", " ").split() if p]
    if not parts or len(parts) > MAX_STAGES or not all(p.isdigit() and len(p) <= 3 for p in parts):
        return None
    days = sorted({int(p) for p in parts}, reverse=True)
    if days[-1] < 1 or days[0] > MAX_DAYS:
        return None
    return tuple(days)


def local_today(now: datetime, tz: str) -> date:
    return now.astimezone(zone(tz)).date()


def at_local_hour(day: date, tz: str) -> datetime:
    return datetime.combine(day, REMIND_AT, tzinfo=zone(tz)).astimezone(UTC)


def plan(expires: date, settings: ReminderSettings, now: datetime) -> list[tuple[int, datetime]]:
    """(stage, due_at UTC) for each stage still ahead."""
    stages = [(days, at_local_hour(expires - timedelta(days=days), settings.tz)) for days in settings.days]
    return [(days, due) for days, due in stages if due > now]


def tomorrow_at(now: datetime, tz: str) -> datetime:
    return at_local_hour(local_today(now, tz) + timedelta(days=1), tz)


class PaperService:
    def __init__(self, session: AsyncSession, cipher: Cipher, clock: Callable[[], datetime]) -> None:
        self.session, self.clock = session, clock
        self.papers = PaperRepository(session, cipher)
        self.reminders = ReminderRepository(session)
        self.settings_repo = SettingsRepository(session, cipher)

    @classmethod
    def from_data(cls, data: dict) -> PaperService:
        return cls(data["session"], data["cipher"], data["clock"])

    async def settings(self, user_id: int) -> ReminderSettings:
        return await self.settings_repo.get(user_id, DEFAULT_SETTINGS)

    async def today(self, user_id: int) -> date:
        return local_today(self.clock(), (await self.settings(user_id)).tz)

    async def list(self, user_id: int) -> list[PaperEntry]:
        return await self.papers.list(user_id)

    async def get(self, user_id: int, paper_id: int) -> PaperEntry | None:
        return await self.papers.get(user_id, paper_id)

    async def add(self, user_id: int, kind: str, expires: date, place: str) -> PaperEntry | None:
        if len(await self.papers.list(user_id)) >= MAX_PAPERS:
            return None
        paper = await self.papers.add(user_id, kind, expires, place[:MAX_PLACE_CHARS])
        await self._replan(paper)
        await self.session.commit()
        return paper

    async def update(self, user_id: int, paper_id: int, *, kind: str | None = None, expires: date | None = None,
                     place: str | None = None, remind: bool | None = None) -> PaperEntry | None:
        paper = await self.papers.get(user_id, paper_id)
        if paper is None:
            return None
        changed = PaperEntry(
            paper.id, paper.user_id, kind or paper.kind, expires or paper.expires,
            paper.place if place is None else place[:MAX_PLACE_CHARS],
            # A new expiry date ("renewed") turns reminders back on.
            paper.remind if remind is None and expires is None else (True if remind is None else remind),
        )
        await self.papers.save(changed)
        if expires is not None or remind is not None:
            await self._replan(changed)
        await self.session.commit()
        return changed

    async def delete(self, user_id: int, paper_id: int) -> bool:
        deleted = await self.papers.delete(user_id, paper_id)
        await self.session.commit()
        return deleted

    async def save_settings(self, user_id: int, settings: ReminderSettings) -> None:
        await self.settings_repo.save(user_id, settings)
        for paper in await self.papers.list(user_id):
            await self._replan(paper, settings)
        await self.session.commit()

    async def _replan(self, paper: PaperEntry, settings: ReminderSettings | None = None) -> None:
        if not paper.remind:
            await self.reminders.cancel_pending(paper.id)
            return
        settings = settings or await self.settings(paper.user_id)
        await self.reminders.replace_pending(paper.id, plan(paper.expires, settings, self.clock()))

    # --- the buttons of a delivered reminder ----------------------------------------------------

    async def reminder_paper(self, user_id: int, reminder_id: int) -> PaperEntry | None:
        """The paper of a reminder, only if it belongs to this user (forged ids give None)."""
        reminder = await self.reminders.get(reminder_id)
        if reminder is None:
            return None
        return await self.papers.get(user_id, reminder.paper_id)

    async def snooze(self, paper: PaperEntry) -> datetime:
        settings = await self.settings(paper.user_id)
        due = tomorrow_at(self.clock(), settings.tz)
        await self.reminders.add(paper.id, SNOOZE_STAGE, due)
        await self.session.commit()
        return due

    async def stop(self, paper: PaperEntry) -> None:
        await self.update(paper.user_id, paper.id, remind=False)
