"""/forget: erase every stored row of the user, then delete the chat messages the bot still may delete."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cancellation import raise_if_cancelled
from bot.config import RuntimeSettings
from bot.context import I18nContext
from bot.i18n import Translator
from bot.leases import lease_holder, lease_kept
from bot.ordering import ChatSequencer
from bot.services.announcements import record_outcome
from bot.services.message_log import tracking_enabled
from storage.crypto import Cipher, IdHasher
from storage.erasures import ErasureMarkRepository
from storage.outbox import OutboxRepository
from storage.repositories import ChatMessageRepository, FsmRepository, UserRepository

logger = logging.getLogger(__name__)

# Telegram lets a bot delete messages in a private chat for 48 hours; keep a margin.
DELETE_WINDOW = timedelta(hours=47, minutes=50)
BATCH = 100  # deleteMessages takes at most 100 ids
DEFAULT_LEASE = timedelta(seconds=RuntimeSettings.model_fields["lease_seconds"].default)


async def withdraw_sent(bot: Any, sessions: async_sessionmaker[AsyncSession], hasher: IdHasher | None,
                        chat_id: int, message_id: int) -> None:
    """A message that was on its way while its person ran /forget may have arrived after their chat
    was cleared: it is deleted, with the note of its id the sent-message log just made."""
    try:
        await bot.delete_message(chat_id, message_id)
    except TelegramAPIError as error:
        logger.warning("could not withdraw a message sent during erasure: %s", type(error).__name__)
    if hasher is not None:
        async with sessions() as session:
            await ChatMessageRepository(session).delete_ids(hasher.chat(chat_id), [message_id])
            await session.commit()


# Failures worth another try later, unlike a refusal (a message too old, already gone).
TRANSIENT = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter)


class ErasureInterrupted(Exception):
    """Some messages could not be deleted for a reason that may pass: the mark stays."""


@dataclass(frozen=True)
class ErasureReport:
    deleted_messages: int
    failed_messages: int  # refused by Telegram; older ones are never tried (ids pruned after 48 h)


def new_holder() -> str:
    """A lease holder's name: fresh for each erasure or resumer, never mistaken for another's."""
    return lease_holder("erase")


class ErasureService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, hasher: IdHasher,
                 translator: Translator, clock: Callable[[], datetime], lease: timedelta = DEFAULT_LEASE) -> None:
        self.sessions, self.cipher, self.hasher, self.clock = sessions, cipher, hasher, clock
        self.translator, self.lease = translator, lease

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ErasureService:
        return cls(data["sessions"], data["cipher"], data["hasher"], data["translator"], data["clock"],
                   timedelta(seconds=data["settings"].runtime.lease_seconds))

    async def mark(self, session: AsyncSession, chat_id: int, locale: str | None, holder: str) -> None:
        """The durable "erasure pending" mark, under `holder`'s lease, in `session`'s transaction:
        the caller commits it with the confirmation, before the erasure starts."""
        now = self.clock()
        await ErasureMarkRepository(session, self.cipher).put(self.hasher.chat(chat_id), chat_id, locale, now,
                                                              holder, now + self.lease)

    async def complete(self, bot: Bot, chat_id: int, locale: str, holder: str, *, late: bool = False) -> ErasureReport:
        """The whole erasure under `holder`'s mark: rows, messages, notes, the "done" message, and
        last the mark itself. Any step may have run before (a resumed erasure): each is idempotent.

        A "done" message Telegram refuses for good (the user blocked the bot, the chat is gone)
        does not keep the mark; any other failure does, and the erasure is resumed once the lease
        runs out. `late`: past Telegram's deletion window nothing is left to retry for."""
        owner = self.hasher.chat(chat_id)
        async def renew() -> bool:  # a long erasure (many messages, a slow network) keeps its mark
            async with self.sessions() as session:
                kept = await ErasureMarkRepository(session, self.cipher).renew(owner, holder, self.clock() + self.lease)
                await session.commit()
            return kept

        async with lease_kept(renew, self.lease, "erasure"):
            token = tracking_enabled.set(False)  # nothing of this chat is noted any more
            try:
                report = await self.erase(bot, chat_id)
                try:
                    await bot.send_message(chat_id, self.done_text(locale, report))
                except (TelegramForbiddenError, TelegramBadRequest) as error:
                    logger.warning("could not say an erasure was done: %s", type(error).__name__)
                except TelegramAPIError:
                    if not late:
                        raise
            finally:
                tracking_enabled.reset(token)
            async with self.sessions() as session:
                await ErasureMarkRepository(session, self.cipher).finish(owner, holder)
                await session.commit()
        return report

    def done_text(self, locale: str, report: ErasureReport) -> str:
        i18n = I18nContext(self.translator, locale)
        failed = i18n("forget-done-failed", failed=report.failed_messages) if report.failed_messages else ""
        return i18n.compose("forget-done-title", i18n("forget-done-body", deleted=report.deleted_messages), failed,
                            i18n("forget-done-remaining"))

    async def erase(self, bot: Bot, chat_id: int) -> ErasureReport:
        """The person's rows go first, then the messages noted by then, then the notes.

        In that order because of messages on their way (a reminder, an outbox message): each is
        sent, its id noted, and only then its row finished. One finished before the rows went
        was noted before, so the list read afterwards has it; one finishing later finds its row
        gone and takes its message back itself (withdraw_sent). Reading the list first left a
        gap: a message noted after the read but finished before the rows went stayed in the chat."""
        owner = self.hasher.chat(chat_id)
        async with self.sessions() as session:
            users = UserRepository(session, self.cipher, self.hasher)
            user = await users.find(chat_id)
            if user is not None:
                await self._withdraw_announcements(session, user.id)
            await FsmRepository(session).delete_owner(owner)
            # Everything else hangs off the user row by ON DELETE CASCADE (storage/models.py):
            # papers and reminders, settings, steps, reports and evidence, cases with their relay
            # links and outbox rows, duress and privacy settings. storage/db.py turns foreign keys on
            # for SQLite; tests/e2e/test_forget.py counts every table afterwards.
            await users.delete(self.hasher.user(chat_id))
            await session.commit()
        cutoff = self.clock() - DELETE_WINDOW
        async with self.sessions() as session:
            recent = await ChatMessageRepository(session).since(owner, cutoff)
        deleted, interrupted = 0, False
        for start in range(0, len(recent), BATCH):
            batch = recent[start : start + BATCH]
            try:
                await bot.delete_messages(chat_id=chat_id, message_ids=batch)
                deleted += len(batch)
            except TRANSIENT as error:
                interrupted = True
                logger.warning("could not delete a batch of messages, for now: %s", type(error).__name__)
            except TelegramAPIError as error:
                logger.warning("could not delete a batch of messages: %s", type(error).__name__)
        if interrupted:
            # The network or Telegram failed (or this process is stopping and its HTTP session
            # closed): the notes stay, for the resumed erasure to try again (ErasureResumer).
            raise ErasureInterrupted("some messages could not be deleted for now")
        # Noted until now: a /forget cut short (a crash) leaves them to its resumption, or to pruning.
        async with self.sessions() as session:
            await ChatMessageRepository(session).delete_owner(owner)
            await session.commit()
        return ErasureReport(deleted_messages=deleted, failed_messages=len(recent) - deleted)

    async def _withdraw_announcements(self, session: AsyncSession, user_id: int) -> None:
        """Announcements still queued for this user are counted as not delivered, so the
        coordinator still gets the final report (the user's outbox rows go with the user).

        Whoever deletes a row counts it, once: here even a row being sent at this moment (under
        a live lease), since the delivery then finds it gone and records nothing."""
        outbox, now = OutboxRepository(session, self.cipher), self.clock()
        for item_id in await outbox.of_user(user_id):
            item = await outbox.get(item_id)
            if item is not None and "announcement" in item.payload and await outbox.remove(item_id):
                await record_outcome(session, outbox, self.cipher, self.translator, item, False, now)


class ErasureResumer:
    """Finishes the erasures other processes left unfinished: a mark whose lease ran out means its
    process died or stopped mid-erasure (a kill, a crash, a stop past its grace time). Run at start
    and every REMINDER_INTERVAL_SECONDS in every process; the lease makes one process take each."""

    def __init__(self, service: ErasureService, bot: Bot, sequencer: ChatSequencer, default_locale: str) -> None:
        self.service, self.bot, self.sequencer, self.default_locale = service, bot, sequencer, default_locale
        self.holder = new_holder()

    async def run_due(self) -> int:
        """One round; returns how many erasures it completed."""
        service, now = self.service, self.service.clock()
        async with service.sessions() as session:
            owners = await ErasureMarkRepository(session, service.cipher).free(now)
        completed = 0
        for owner in owners:
            try:
                completed += await self._resume(owner)
            except Exception as error:  # left for a later round, once the lease runs out
                raise_if_cancelled()
                logger.warning("could not resume an erasure: %s", type(error).__name__)
        return completed

    async def _resume(self, owner: bytes) -> int:
        service, now = self.service, self.service.clock()  # each lease runs from its own start
        async with service.sessions() as session:
            marks = ErasureMarkRepository(session, service.cipher)
            if not await marks.lease(owner, self.holder, now, now + service.lease):
                return 0  # another process took it a moment ago
            mark = await marks.get(owner)
            await session.commit()
        if mark is None:
            return 0
        requested = mark.requested_at if mark.requested_at.tzinfo else mark.requested_at.replace(tzinfo=UTC)
        # The chat's update lock, as an erasure run by an update holds it.
        async with self.sequencer.hold(mark.chat_id):
            await service.complete(self.bot, mark.chat_id, mark.locale or self.default_locale, self.holder,
                                   late=now - requested > DELETE_WINDOW)
        return 1
