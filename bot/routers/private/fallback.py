"""Whatever no dialog or command took: a short translated answer, and the user's place kept."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, Chat, ErrorEvent, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.context import I18nContext
from bot.i18n import Translator
from bot.routers.private.commands import open_home
from dialogs.faq import start_search
from dialogs.guards import notice
from storage.repositories import UserProfile

logger = logging.getLogger(__name__)


async def resume(manager: DialogManager, profile: UserProfile) -> None:
    """Show the current screen again below the answer, or the home screen if there is none."""
    if manager.has_context():
        await manager.show(ShowMode.SEND)
    else:
        await open_home(manager, profile)


async def unknown_command(message: Message, dialog_manager: DialogManager, user_profile: UserProfile) -> None:
    await notice(dialog_manager, "errors-unknown-command")
    await resume(dialog_manager, user_profile)


async def free_text(message: Message, dialog_manager: DialogManager, user_profile: UserProfile) -> None:
    if not user_profile.onboarded:
        await open_home(dialog_manager, user_profile)
        return
    await start_search(dialog_manager, message.text)


async def not_text(message: Message, dialog_manager: DialogManager, user_profile: UserProfile) -> None:
    await notice(dialog_manager, "errors-text-only")
    await resume(dialog_manager, user_profile)


async def edited(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.compose("errors-title", i18n("errors-edited")))


async def stale_button(callback: CallbackQuery, dialog_manager: DialogManager, i18n: I18nContext, user_profile: UserProfile) -> None:
    # Unknown or forged callback data: nothing runs; the user gets the current screen back.
    await callback.answer(i18n("errors-button-expired"))
    await resume(dialog_manager, user_profile)


async def outdated_dialog(event: ErrorEvent, dialog_manager: DialogManager, i18n: I18nContext, user_profile: UserProfile) -> None:
    """A button of a screen that is gone (older message, erased state) or forged data."""
    callback = event.update.callback_query
    if callback is None:
        await resume(dialog_manager, user_profile)
        return
    await callback.answer(i18n("errors-button-expired"))
    message = callback.message
    current = dialog_manager.current_stack().last_message_id if dialog_manager.has_context() else None
    if isinstance(message, Message) and message.reply_markup is not None and message.message_id != current:
        # Take the dead keyboard away so it cannot be pressed again; the live screen stays below.
        await message.edit_reply_markup(reply_markup=None)
    if not dialog_manager.has_context():
        await open_home(dialog_manager, user_profile)
    else:
        dialog_manager.show_mode = ShowMode.NO_UPDATE


async def unexpected(event: ErrorEvent, translator: Translator, i18n: I18nContext | None = None) -> None:
    if isinstance(event.exception, TelegramForbiddenError):
        # The user blocked the bot while it was answering: nothing to apologise to.
        logger.warning("could not answer: the user blocked the bot")
        return
    # The type only: exception messages can carry user text or ids.
    logger.error("unhandled %s while handling an update", type(event.exception).__name__)
    chat = _private_chat_of(event)
    if chat is None:
        return
    # The failure may have come before the user's language was known: fall back to the default.
    i18n = i18n or I18nContext(translator, translator.source_locale)
    with suppress(TelegramAPIError):  # Telegram itself may be what failed
        await event.update.bot.send_message(chat.id, i18n.compose("errors-title", i18n("errors-internal")))


def _private_chat_of(event: ErrorEvent) -> Chat | None:
    update = event.update
    message = update.message or (update.callback_query.message if update.callback_query else None)
    chat = message.chat if message is not None else None
    return chat if chat is not None and chat.type == ChatType.PRIVATE else None


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(free_text, F.text)
    router.message.register(not_text)
    router.edited_message.register(edited)
    router.callback_query.register(stale_button)
    router.errors.register(outdated_dialog, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
    router.errors.register(unexpected)
    return router
