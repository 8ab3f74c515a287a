"""The volunteers' forum group: one topic per case. Only active volunteers and coordinators act
here; anyone else gets a refusal without detail, and nothing they write reaches a user."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import BaseFilter
from aiogram.types import TelegramObject


class InVolunteerGroup(BaseFilter):
    async def __call__(self, event: TelegramObject, **data: Any) -> bool:
        chat = data.get("event_chat")
        group = data["settings"].telegram.volunteer_chat_id
        return chat is not None and group is not None and chat.id == group


def build_volunteer_router() -> Router:
    from bot.routers.volunteers import cases

    router = Router(name="volunteers")
    for observer in (router.message, router.edited_message, router.callback_query):
        observer.filter(InVolunteerGroup())
    router.include_router(cases.create_router())
    return router
