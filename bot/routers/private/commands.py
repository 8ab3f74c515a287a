"""Commands in the private chat. Each opens a dialog from a fresh stack."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode

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


def create_router() -> Router:
    # A new router per app: several bot instances can live in one process (tests, restarts).
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(start, Command("menu"))
    router.message.register(language, Command("language"))
    router.message.register(help_, Command("help"))
    router.message.register(privacy, Command("privacy"))
    router.message.register(forget, Command("forget"))
    return router
