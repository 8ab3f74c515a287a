"""Delivery of staged reminders: each due reminder is sent once, by one process.

`ReminderScheduler.run_due(now)` finds pending reminders whose time has come and takes them one
by one with a compare-and-set lease (`ReminderRepository.claim`: an UPDATE whose WHERE clause
requires the row to be pending, due and not leased; exactly one process sees rowcount 1). The
claim is committed before sending; after Telegram accepted the message the row is marked sent
in its own short transaction. Correct on SQLite (one writer at a time) and PostgreSQL (the
UPDATE re-checks its WHERE clause on the locked row), with any number of bot processes.

The one way to get a duplicate: the process dies after Telegram accepted the message and before
the "sent" commit (a few milliseconds). The lease then expires (LEASE_SECONDS) and another round
sends it again; we prefer that to losing a reminder. A live process keeps its lease: it counts
from the claim (not from the round's start, which may be a long batch ago) and is renewed every
third of the lease while the reminder is being sent (a starved CPU, a 429 waited out), so a slow
send is never taken over and sent twice. A reminder whose user blocked the bot (403) or whose
chat is gone is marked failed at once; any other error (Telegram's or not) is retried when the
lease expires, at most MAX_ATTEMPTS times. A reminder whose paper went while it was on its way
(/forget) is deleted from the chat again: it may have arrived after the chat was cleared.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
)
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cancellation import raise_if_cancelled
from bot.context import I18nContext
from bot.i18n import Translator, format_date
from bot.leases import lease_kept
from bot.services.erasure import withdraw_sent
from bot.services.papers import DEFAULT_SETTINGS, local_today
from storage.crypto import Cipher, IdHasher
from storage.models import User
from storage.papers import (
    FAILED,
    SENT,
    PaperRepository,
    ReminderRepository,
    SettingsRepository,
)
from storage.repositories import UserRepository

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
BATCH = 50
WORKERS = 4


class ReminderAction(CallbackData, prefix="rem"):
    """The buttons of a reminder message: t = tomorrow, r = renewed, s = stop."""

    action: str
    id: int


class Sender(Protocol):
    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None) -> Any: ...

    async def delete_message(self, chat_id: int, message_id: int) -> Any: ...


def as_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes; every stored time is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def reminder_keyboard(i18n: I18nContext, reminder_id: int) -> InlineKeyboardMarkup:
    def button(message_id: str, action: str) -> list[InlineKeyboardButton]:
        return [InlineKeyboardButton(text=i18n(message_id), callback_data=ReminderAction(action=action, id=reminder_id).pack())]

    return InlineKeyboardMarkup(inline_keyboard=[
        button("reminders-tomorrow", "t"), button("reminders-renewed", "r"), button("reminders-stop", "s"),
    ])


def reminder_text(i18n: I18nContext, kind: str, expires, today) -> str:
    days = (expires - today).days
    when = i18n("reminders-expired") if days < 0 else i18n("reminders-days-left", days=days)
    return i18n.compose(
        "reminders-title",
        i18n("reminders-body", kind=i18n(f"papers-kind-{kind}"), date=format_date(i18n.locale, expires)),
        when,
        i18n("reminders-next"),
    )


class ReminderScheduler:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], bot_sender: Sender,
                 clock: Callable[[], datetime], owner_id: str, *, cipher: Cipher, translator: Translator,
                 lease: timedelta = LEASE, hasher: IdHasher | None = None) -> None:
        self.sessions, self.sender, self.clock, self.owner_id = sessions, bot_sender, clock, owner_id[:64]
        self.cipher, self.translator, self.lease, self.hasher = cipher, translator, lease, hasher

    async def run_due(self, now: datetime | None = None) -> int:
        """Deliver what is due at `now`; returns how many reminders this process sent."""
        now = as_utc(now or self.clock())
        sent = 0
        while True:  # batch after batch: a fan-out of thousands must not wait a round per batch
            async with self.sessions() as session:
                candidates = await ReminderRepository(session).due_ids(now, BATCH)
            queue = iter(candidates)

            async def worker(now: datetime = now) -> int:
                delivered = 0
                for reminder_id in queue:
                    if not await self._claim(reminder_id, now):
                        continue  # another process took it
                    try:
                        async with lease_kept(partial(self._renew, reminder_id, now), self.lease, "reminders"):
                            delivered += await self._deliver(reminder_id, now)
                    except Exception as error:  # one bad row must not stop the others
                        raise_if_cancelled()
                        logger.error("reminder delivery failed: %s", type(error).__name__)
                        await self._fail_if_exhausted(reminder_id, now)
                return delivered

            # A few at once: one reminder's database work overlaps another's wait for the rate limit.
            sent += sum(await asyncio.gather(*(worker() for _ in range(WORKERS))))
            # Claimed rows are leased, so the next query returns new ones; a short batch was the last.
            if len(candidates) < BATCH:
                return sent
            now = max(now, as_utc(self.clock()))  # leases of later batches count from their own start

    def _lease_until(self, now: datetime) -> datetime:
        # From the moment of the claim or renewal: `now` is when the round began, and a long round
        # (batches, rate limits) would otherwise hand out leases that are already over.
        return max(now, as_utc(self.clock())) + self.lease

    async def _claim(self, reminder_id: int, now: datetime) -> bool:
        async with self.sessions() as session:
            claimed = await ReminderRepository(session).claim(reminder_id, self.owner_id, now, self._lease_until(now))
            await session.commit()
        return claimed

    async def _renew(self, reminder_id: int, now: datetime) -> bool:
        """While a reminder is being sent its lease is renewed (bot/leases.py), so no other process
        takes it over and sends it again as if this one had died."""
        async with self.sessions() as session:
            kept = await ReminderRepository(session).renew(reminder_id, self.owner_id, self._lease_until(now))
            await session.commit()
        return kept

    async def _deliver(self, reminder_id: int, now: datetime) -> int:
        async with self.sessions() as session:
            reminder = await ReminderRepository(session).get(reminder_id)
            if reminder is None:
                return 0
            owner = await PaperRepository(session, self.cipher).owner_of(reminder.paper_id)
            if owner is None:
                return 0
            paper = await PaperRepository(session, self.cipher).get(owner, reminder.paper_id)
            settings = await SettingsRepository(session, self.cipher).get(owner, DEFAULT_SETTINGS)
            locale = await session.scalar(select(User.locale).where(User.id == owner))
            chat_id = await UserRepository(session, self.cipher, None).telegram_id(owner)  # type: ignore[arg-type]
        if paper is None:  # deleted meanwhile; its reminders went with it
            return 0
        i18n = I18nContext(self.translator, self.translator.resolve(locale))
        text = reminder_text(i18n, paper.kind, paper.expires, local_today(now, settings.tz))
        try:
            message = await self.sender.send_message(chat_id, text, reply_markup=reminder_keyboard(i18n, reminder_id))
        except (TelegramForbiddenError, TelegramBadRequest) as error:
            # Blocked, or the chat is gone: retrying would fail the same way.
            logger.warning("reminder not deliverable: %s", type(error).__name__)
            await self._finish(reminder_id, FAILED, now)
            return 0
        except TelegramAPIError as error:
            logger.warning("reminder send failed, retried after the lease: %s", type(error).__name__)
            await self._fail_if_exhausted(reminder_id, now)
            return 0
        if not await self._finish(reminder_id, SENT, now):  # at once: the only window for a duplicate
            await self._withdraw_if_erased(reminder.paper_id, chat_id, message)
        return 1

    async def _withdraw_if_erased(self, paper_id: int, chat_id: int, message: Any) -> None:
        """The paper went while its reminder was on the way (/forget, or the paper deleted): the
        message names the kind of paper and may have arrived after the chat was cleared, so it
        is deleted, with the note of its id that the sent-message log just made."""
        async with self.sessions() as session:
            if await PaperRepository(session, self.cipher).owner_of(paper_id) is not None:
                return  # stopped or re-planned meanwhile: the reminder is still right
        message_id = getattr(message, "message_id", None)
        if message_id is not None:
            await withdraw_sent(self.sender, self.sessions, self.hasher, chat_id, message_id)

    async def _fail_if_exhausted(self, reminder_id: int, now: datetime) -> None:
        """Any failure, not only Telegram's, counts: the claim counted the attempt."""
        try:
            async with self.sessions() as session:
                reminder = await ReminderRepository(session).get(reminder_id)
            if reminder is not None and reminder.attempts >= MAX_ATTEMPTS:
                await self._finish(reminder_id, FAILED, now)
        except Exception as error:
            raise_if_cancelled()
            logger.error("reminder could not be marked failed: %s", type(error).__name__)

    async def _finish(self, reminder_id: int, status: str, now: datetime) -> bool:
        async with self.sessions() as session:
            finished = await ReminderRepository(session).finish(reminder_id, self.owner_id, status, now)
            await session.commit()
        return finished
