"""First contact: language, then a plain notice of what Tirek is and what Telegram can see."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, SwitchTo

from dialogs.disappearing import disappearing_window
from dialogs.guards import screen
from dialogs.language import language_window
from dialogs.states import MainMenu, Onboarding
from dialogs.widgets import Screen, Tr


async def on_accept(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    await manager.middleware_data["users"].complete_onboarding(manager.middleware_data["user_profile"])
    await manager.start(MainMenu.menu, mode=StartMode.RESET_STACK)


def create_dialog() -> Dialog:
    return Dialog(
        language_window(Onboarding.language, leave_to_menu=False),
        screen(
            Screen("onboarding-title", "onboarding-notice"),
            Button(Tr("onboarding-accept"), id="accept", on_click=on_accept),
            # Second, so accepting stays the first button and one press.
            SwitchTo(Tr("onboarding-disappearing"), id="disappearing", state=Onboarding.disappearing),
            state=Onboarding.notice,
        ),
        disappearing_window(
            Onboarding.disappearing, SwitchTo(Tr("common-back"), id="back", state=Onboarding.notice)
        ),
    )
