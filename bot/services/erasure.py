"""/forget: erase every stored row of the user, then delete the chat messages the bot still may delete."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translator
from bot.services.announcements import record_outcome
from storage.crypto import Cipher, IdHasher
from storage.outbox import OutboxRepository
from storage.repositories import ChatMessageRepository, FsmRepository, UserRepository

logger = logging.getLogger(__name__)

# Telegram lets a bot delete messages in a private chat for 48 hours; keep a margin.
DELETE_WINDOW = timedelta(hours=47, minutes=50)
BATCH = 100  # deleteMessages takes at most 100 ids


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


@dataclass(frozen=True)
class ErasureReport:
    deleted_messages: int
    failed_messages: int  # refused by Telegram; older ones are never tried (ids pruned after 48 h)


class ErasureService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, hasher: IdHasher,
                 translator: Translator, clock: Callable[[], datetime]) -> None:
        self.sessions, self.cipher, self.hasher, self.clock = sessions, cipher, hasher, clock
        self.translator = translator

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ErasureService:
        return cls(data["sessions"], data["cipher"], data["hasher"], data["translator"], data["clock"])

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
        deleted = 0
        for start in range(0, len(recent), BATCH):
            batch = recent[start : start + BATCH]
            try:
                await bot.delete_messages(chat_id=chat_id, message_ids=batch)
                deleted += len(batch)
            except TelegramAPIError as error:
                logger.warning("could not delete a batch of messages: %s", type(error).__name__)
        # Noted until now: a /forget cut short (a crash) leaves them to the next one, or to pruning.
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
