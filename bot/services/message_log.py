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
            async with self.sessions() as session:
                repository = ChatMessageRepository(session)
                for message in messages:
                    await repository.record(self.hasher.chat(message.chat.id), message.message_id, True, self.clock())
                await session.commit()
        return result
