"""Filters shared by routers."""

from __future__ import annotations

from typing import Any

from aiogram.filters import BaseFilter
from aiogram.types import TelegramObject, User

from bot.services.roles import role_of
from storage.cases import COORDINATOR


class IsCoordinator(BaseFilter):
    """Passes coordinators only; everyone else falls through to the routers after, unnoticed."""

    async def __call__(self, event: TelegramObject, event_from_user: User | None = None, **data: Any) -> bool:
        if event_from_user is None:
            return False
        return await role_of(data, event_from_user.id) == COORDINATOR
