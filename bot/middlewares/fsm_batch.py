"""The dialog state one update changes is written once, in one transaction, when it is handled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from storage.fsm import SealedSqlStorage


class FsmWriteBatch(BaseMiddleware):
    """Registered after DatabaseSession: its after-update actions (erasing a user's data) come
    after the dialog state is written, as they did when every write went out at once."""

    def __init__(self, storage: SealedSqlStorage) -> None:
        self.storage = storage

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.storage.batch():
            return await handler(event, data)
