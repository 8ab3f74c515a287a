"""Clearing the visible chat without erasing data: the quick wipe (/clear, the user's word) and
disappearing mode (both sides deleted 1, 6 or 24 hours after each message).

Disappearing mode's queue is `chat_messages` (storage/privacy.py), so it survives restarts. A
failed deleteMessages call is retried on the next rounds; after MAX_ATTEMPTS, or once a message
is past Telegram's 48-hour window, it is given up and the user is told once per round.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram_dialog.api.entities import DEFAULT_STACK_ID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import I18nContext
from bot.i18n import Translator
from bot.ordering import ChatSequencer
from bot.services.erasure import BATCH, DELETE_WINDOW, withdraw_sent
from bot.services.reminders import as_utc
from storage.crypto import Cipher, IdHasher
from storage.models import User
from storage.privacy import DueMessage, PrivacyRepository
from storage.repositories import ChatMessageRepository, UserRepository

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ClearReport:
    deleted: int
    failed: int


async def delete_in_batches(bot: Bot, chat_id: int, message_ids: list[int]) -> tuple[list[int], list[int]]:
    """(deleted, failed) ids. deleteMessages skips what Telegram cannot delete, so only whole
    failed calls are known as failures; callers keep messages inside the 48-hour window."""
    deleted: list[int] = []
    failed: list[int] = []
    for start in range(0, len(message_ids), BATCH):
        batch = message_ids[start : start + BATCH]
        try:
            await bot.delete_messages(chat_id=chat_id, message_ids=batch)
            deleted += batch
        except TelegramForbiddenError:
            raise
        except TelegramAPIError as error:
            logger.warning("could not delete a batch of messages: %s", type(error).__name__)
            failed += batch
    return deleted, failed


class ChatCleaner:
    """The quick wipe: every message the bot may still delete, at once; the user's data stays."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], hasher: IdHasher, clock: Callable[[], datetime]) -> None:
        self.sessions, self.hasher, self.clock = sessions, hasher, clock

    async def clear(self, bot: Bot, chat_id: int) -> ClearReport:
        owner = self.hasher.chat(chat_id)
        async with self.sessions() as session:
            recent = await ChatMessageRepository(session).since(owner, self.clock() - DELETE_WINDOW)
        try:
            deleted, failed = await delete_in_batches(bot, chat_id, recent)
        except TelegramForbiddenError:
            deleted, failed = [], recent
        async with self.sessions() as session:
            # Ids of deleted messages serve nothing; failed ones are kept so /clear can try again.
            await ChatMessageRepository(session).delete_ids(owner, deleted)
            await session.commit()
        return ClearReport(len(deleted), len(failed))


async def forget_deleted_screen(storage: BaseStorage, bot_id: int, chat_id: int, deleted: set[int]) -> None:
    """If the dialog's current screen was deleted, make aiogram-dialog send the next one anew.

    Otherwise its next render would edit (or strip the keyboard of) a message that is gone.
    """
    key = StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=chat_id, destiny=f"aiogd:stack:{DEFAULT_STACK_ID}")
    stack = await storage.get_data(key)
    if stack.get("last_message_id") in deleted:
        stack["last_message_id"] = None
        await storage.set_data(key, stack)


class DisappearingRunner:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], bot: Bot, cipher: Cipher, hasher: IdHasher,
                 translator: Translator, storage: BaseStorage, sequencer: ChatSequencer) -> None:
        self.sessions, self.bot, self.cipher, self.hasher, self.translator = sessions, bot, cipher, hasher, translator
        # The chat's update lock: a screen is not deleted halfway through an update that edits it.
        self.storage, self.sequencer = storage, sequencer

    async def run_due(self, now: datetime) -> int:
        """One round: delete what is due; returns how many messages were deleted."""
        async with self.sessions() as session:
            due = await PrivacyRepository(session, self.hasher).due(now)
        by_user: dict[int, list[DueMessage]] = defaultdict(list)
        for message in due:
            by_user[message.user_id].append(message)
        deleted = 0
        for user_id, messages in by_user.items():
            deleted += await self._run_user(user_id, messages, now)
        return deleted

    async def _run_user(self, user_id: int, messages: list[DueMessage], now: datetime) -> int:
        too_old = [m for m in messages if as_utc(m.sent_at) <= now - DELETE_WINDOW
                   or m.attempts >= MAX_ATTEMPTS]
        live = [m for m in messages if m not in too_old]
        async with self.sessions() as session:
            user = await session.get(User, user_id)
            if user is None:
                return 0  # erased (/forget) since the round read the due messages: nothing left to do
            chat_id = await UserRepository(session, self.cipher, self.hasher).telegram_id(user_id)
            locale = user.locale
        blocked = False
        async with self.sequencer.hold(chat_id):
            try:
                done, failed = await delete_in_batches(self.bot, chat_id, [m.message_id for m in live])
            except TelegramForbiddenError:
                # Blocked: nothing can be deleted or said; drop the ids.
                done, failed, blocked = [m.message_id for m in live], [], True
            await forget_deleted_screen(self.storage, self.bot.id, chat_id, set(done))
        done_rows = [m.row_id for m in live if m.message_id in set(done)]
        failed_rows = [m.row_id for m in live if m.message_id in set(failed)]
        async with self.sessions() as session:
            repository = PrivacyRepository(session, self.hasher)
            await repository.forget_messages(done_rows + [m.row_id for m in too_old])
            await repository.count_attempt(failed_rows)
            await session.commit()
        if too_old and not blocked:
            await self._tell(chat_id, locale, len(too_old))
        return len(done_rows)

    async def _tell(self, chat_id: int, locale: str | None, count: int) -> None:
        i18n = I18nContext(self.translator, self.translator.resolve(locale))
        try:
            notice = await self.bot.send_message(chat_id, i18n.compose("privacy-title", i18n("privacy-disappearing-failed", count=count)))
        except TelegramAPIError as error:
            logger.warning("could not tell about undeleted messages: %s", type(error).__name__)
            return
        # The person may have run /forget while the notice was on its way, and their chat been
        # cleared before it arrived: as with reminders and the outbox, the sent-message log noted
        # it first, so either /forget's list has it or the person is gone by now and it goes here.
        async with self.sessions() as session:
            if await UserRepository(session, self.cipher, self.hasher).find(chat_id) is not None:
                return
        await withdraw_sent(self.bot, self.sessions, self.hasher, chat_id, notice.message_id)
