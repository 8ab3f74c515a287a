"""One database session per update; handlers and services use it, services commit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import AfterUpdate


class DatabaseSession(BaseMiddleware):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        after = AfterUpdate()
        async with self.sessions() as session:
            data["session"] = session
            data["after_update"] = after
            result = await handler(event, data)
        for action in after.actions:
            await action()
        return result
