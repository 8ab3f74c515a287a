"""Loads (or creates) the private-chat user, their locale, and notes incoming message ids."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import TelegramObject, Update

from bot.context import I18nContext
from bot.services.message_log import note_messages
from bot.services.users import UserService
from storage.fsm import join_update_writes


class UserContext(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat, user = data.get("event_chat"), data.get("event_from_user")
        if chat is None or user is None or chat.type != ChatType.PRIVATE or user.is_bot:
            return await handler(event, data)
        users = UserService.from_data(data)
        profile = await users.ensure(user.id)
        translator = data["translator"]
        locale = profile.locale or translator.resolve(user.language_code)
        data["user_profile"] = profile
        data["i18n"] = I18nContext(translator, translator.resolve(locale))
        data["users"] = users
        if isinstance(event, Update) and event.message is not None:
            notes = [(profile.tg_key, event.message.message_id, False, data["clock"]())]
            # With the update's dialog state, in one transaction when it has been handled.
            if not join_update_writes(note_messages, notes):
                await note_messages(data["session"], notes)
        await users.commit()
        return await handler(event, data)
