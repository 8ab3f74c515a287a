"""Language and script picker: used at onboarding and by /language.

Every offered language is shown by its own name in its own script, and the prompt is shown in
every language at once, because Telegram's interface language (often Chinese for people from
Xinjiang) says nothing about the script a person reads.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Column, Select
from aiogram_dialog.widgets.text import Format

from bot.context import I18nContext
from bot.i18n import Translator
from dialogs.common import menu_button
from dialogs.guards import refuse, screen
from dialogs.states import Language, MainMenu, Onboarding
from dialogs.widgets import Screen, i18n_of


async def languages_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    translator = i18n.translator
    return {
        "languages": [
            (code, translator.get(i18n.locale, "language-chosen", name=translator.native_name(code))
             if code == i18n.locale else translator.native_name(code))
            for code in translator.complete_locales
        ]
    }


def prompts(_: dict[str, Any], i18n: I18nContext) -> str:
    translator: Translator = i18n.translator
    lines = [translator.get(code, "language-prompt") for code in translator.complete_locales]
    return "\n".join(dict.fromkeys(lines))


async def on_language_chosen(callback: CallbackQuery, _: Any, manager: DialogManager, code: str) -> None:
    i18n = i18n_of(manager)
    if not i18n.translator.is_complete(code):
        # Forged or stale callback data: keep the user where they are.
        await refuse(callback, manager, "errors-unavailable")
        return
    users = manager.middleware_data["users"]
    profile = manager.middleware_data["user_profile"]
    await users.choose_locale(profile, code)
    i18n.locale = code
    if manager.current_context().state == Onboarding.language:
        await manager.switch_to(Onboarding.notice)
    else:
        await manager.start(MainMenu.menu, mode=StartMode.RESET_STACK)


def language_window(state, *, leave_to_menu: bool):
    """At onboarding there is no menu yet to go back to; from /language there is."""
    return screen(
        Screen("language-title", prompts),
        Column(
            Select(
                Format("{item[1]}"),
                id="locale",
                item_id_getter=lambda item: item[0],
                items="languages",
                on_click=on_language_chosen,
            )
        ),
        *([menu_button()] if leave_to_menu else []),
        getter=languages_getter,
        state=state,
    )


def create_dialog() -> Dialog:
    return Dialog(language_window(Language.pick, leave_to_menu=True))
