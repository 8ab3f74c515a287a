"""Commands in the private chat. Each opens a dialog from a fresh stack."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode

from bot.services.disappearing import ChatCleaner
from bot.services.privacy import PrivacyService
from dialogs.states import Forget, Language, MainMenu, Onboarding, Privacy
from storage.repositories import UserProfile


async def open_home(manager: DialogManager, profile: UserProfile) -> None:
    """The main menu, or onboarding for someone who has not chosen a language yet."""
    if profile.locale is None or not profile.onboarded:
        await manager.start(Onboarding.language, mode=StartMode.RESET_STACK)
    else:
        await manager.start(MainMenu.menu, mode=StartMode.RESET_STACK)


async def start(message: Message, dialog_manager: DialogManager, user_profile: UserProfile) -> None:
    await open_home(dialog_manager, user_profile)


async def language(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Language.pick, mode=StartMode.RESET_STACK)


async def help_(message: Message, dialog_manager: DialogManager, user_profile: UserProfile) -> None:
    if user_profile.onboarded:
        await dialog_manager.start(MainMenu.help, mode=StartMode.RESET_STACK)
    else:
        await open_home(dialog_manager, user_profile)


async def privacy(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Privacy.overview, mode=StartMode.RESET_STACK)


async def forget(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Forget.confirm, mode=StartMode.RESET_STACK)


async def quick_wipe(message: Message, dialog_manager: DialogManager) -> None:
    """/clear or the user's word: delete the visible chat at once, keep the data.

    Runs after the update (like /forget), so the dialog state saved on the way out cannot point
    at a deleted screen; the stack is reset and the next input opens the menu afresh. Nothing is
    sent when everything was deleted: an empty chat is the point.
    """
    data = dialog_manager.middleware_data
    bot, chat_id, i18n = data["bot"], message.chat.id, data["i18n"]
    cleaner = ChatCleaner(data["sessions"], data["hasher"], data["clock"])

    async def wipe() -> None:
        report = await cleaner.clear(bot, chat_id)
        if report.failed:
            await bot.send_message(chat_id, i18n.compose("privacy-title", i18n("privacy-wipe-failed", count=report.failed)))

    # The screen is about to be deleted: the next one is sent anew, not edited into a gap.
    dialog_manager.current_stack().last_message_id = None
    await dialog_manager.reset_stack(remove_keyboard=False)
    data["after_update"].add(wipe)


async def is_wipe_word(message: Message, session: Any, hasher: Any, user_profile: UserProfile | None = None) -> bool:
    if user_profile is None:
        return False
    return await PrivacyService(session, hasher).is_wipe_word(user_profile.id, message.text)


def create_router() -> Router:
    # A new router per app: several bot instances can live in one process (tests, restarts).
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(start, Command("menu"))
    router.message.register(language, Command("language"))
    router.message.register(help_, Command("help"))
    router.message.register(privacy, Command("privacy"))
    router.message.register(forget, Command("forget"))
    router.message.register(quick_wipe, Command("clear"))
    router.message.register(quick_wipe, F.text, is_wipe_word)
    return router
