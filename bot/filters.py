"""Role filters. A filter that matches puts the staff row into handler data as `staff`."""

from __future__ import annotations

from typing import Any

from aiogram.filters import BaseFilter
from aiogram.types import TelegramObject

from bot.services.roles import COORDINATOR, staff_of


class IsStaff(BaseFilter):
    """An active volunteer or coordinator (or only coordinators, with `coordinator=True`)."""

    def __init__(self, *, coordinator: bool = False) -> None:
        self.coordinator = coordinator

    async def __call__(self, event: TelegramObject, **data: Any) -> bool | dict[str, Any]:
        user = data.get("event_from_user")
        if user is None or user.is_bot:
            return False
        staff = await staff_of(data, user.id)
        if staff is None or (self.coordinator and staff.role != COORDINATOR):
            return False
        return {"staff": staff}


class IsCoordinator(IsStaff):
    def __init__(self) -> None:
        super().__init__(coordinator=True)
