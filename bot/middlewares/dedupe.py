"""The same update delivered twice (webhook retries, two processes) has one effect."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import UpdateRepository


class UpdateDeduplicator(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Callable[[], datetime]) -> None:
        self.sessions, self.clock = sessions, clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update) or data.get("from_inbox"):
            return await handler(event, data)  # the inbox claimed it when it took it in
        # Claimed in its own transaction before handling: at most once, across processes too.
        async with self.sessions() as session:
            fresh = await UpdateRepository(session).claim(event.update_id, self.clock())
            await session.commit()
        if not fresh:
            return UNHANDLED
        return await handler(event, data)
