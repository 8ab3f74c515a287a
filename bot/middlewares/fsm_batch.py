"""Dialog state read once per update, and the changes written once, in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from storage.fsm import SealedSqlStorage


class _OnStorage(BaseMiddleware):
    def __init__(self, storage: SealedSqlStorage) -> None:
        self.storage = storage


class FsmReadAhead(_OnStorage):
    """Opens the update's batch. Registered before aiogram's FSMContextMiddleware, whose read of
    the update's FSM state is then the first read of the batch (a private chat's records all
    come with it) instead of a query of its own."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.storage.batch():
            return await handler(event, data)


class FsmWriteBatch(_OnStorage):
    """Writes the batch. Registered after DatabaseSession: its after-update actions (erasing a
    user's data) come after the dialog state is written, as they did when every write went out
    at once."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            await self.storage.flush()
