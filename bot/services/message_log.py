"""Notes the ids of messages the bot sends to private chats, for erasure within 48 hours.

A request middleware on the bot's HTTP session sees every successful send, whichever code
made it (handlers, dialogs, background jobs), so nothing escapes the log.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from datetime import datetime

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import IdHasher
from storage.fsm import join_update_writes
from storage.repositories import ChatMessageRepository

# Off while erasing: the final "erased" notice must not leave a new trace of the user behind.
tracking_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("tracking_enabled", default=True)


class SentMessageLog(BaseRequestMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], hasher: IdHasher, clock: Callable[[], datetime]) -> None:
        self.sessions, self.hasher, self.clock = sessions, hasher, clock

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot,
        method: TelegramMethod[TelegramType],
    ) -> TelegramType:
        result = await make_request(bot, method)
        results = result if isinstance(result, list) else [result]
        messages = [m for m in results if isinstance(m, Message) and m.chat.type == "private"]
        if messages and tracking_enabled.get():
            sent_at = self.clock()
            notes = [(self.hasher.chat(message.chat.id), message.message_id, True, sent_at) for message in messages]
            # During an update: with its dialog state, in one transaction when it has been handled.
            if not join_update_writes(note_messages, notes):
                async with self.sessions() as session:
                    await note_messages(session, notes)
                    await session.commit()
        return result


async def note_messages(session: AsyncSession, notes: list[tuple[bytes, int, bool, datetime]]) -> None:
    """(owner, message id, from the bot, when) for each message."""
    await ChatMessageRepository(session).record_many(notes)
