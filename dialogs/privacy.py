"""Privacy: what Telegram can see, what Tirek keeps, how to clear the chat, the quick-wipe word,
disappearing mode, and whether to receive announcements (off unless turned on)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram import F
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Start, SwitchTo

from bot.context import I18nContext
from bot.services.privacy import PrivacyService, acceptable_word
from dialogs.common import menu_button
from dialogs.disappearing import disappearing_window
from dialogs.guards import notice, screen
from dialogs.states import Forget, Privacy
from dialogs.widgets import Screen, Tr, i18n_of


def _back():
    return SwitchTo(Tr("common-back"), id="back", state=Privacy.overview)


def _page(state, body_id: str):
    return screen(Screen("privacy-title", body_id), _back(), menu_button(), state=state)


async def wipe_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.middleware_data
    return {"word_set": (await PrivacyService.from_data(data).choice(data["user_profile"].id)).wipe_word_set}


def _word_status(data: dict[str, Any], i18n: I18nContext) -> str:
    return i18n("privacy-wipe-word-on" if data["word_set"] else "privacy-wipe-word-off")


async def on_remove_word(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    await PrivacyService.from_data(data).clear_word(data["user_profile"].id)
    await callback.answer(i18n_of(manager)("privacy-wipe-word-removed"))


async def on_word_entered(message: Message, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    # The word must not stay on screen: the user's message goes at once, whatever it was.
    with suppress(TelegramAPIError):
        await message.delete()
    if not acceptable_word(message.text):
        await notice(manager, "privacy-wipe-word-invalid")
        manager.show_mode = ShowMode.SEND
        return
    await PrivacyService.from_data(data).set_word(data["user_profile"].id, message.text or "")
    await notice(manager, "privacy-wipe-word-saved")
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(Privacy.wipe)


async def announcements_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.middleware_data
    return {"announcements": (await PrivacyService.from_data(data).choice(data["user_profile"].id)).announcements}


def _announcements_status(data: dict[str, Any], i18n: I18nContext) -> str:
    return i18n("privacy-announcements-on" if data["announcements"] else "privacy-announcements-off")


async def on_announcements_toggled(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.middleware_data
    await PrivacyService.from_data(data).set_announcements(data["user_profile"].id, button.widget_id == "ann_on")
    await callback.answer(i18n_of(manager)("privacy-announcements-saved"))


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("privacy-title", "privacy-body"),
            Column(
                SwitchTo(Tr("privacy-telegram"), id="telegram", state=Privacy.telegram),
                SwitchTo(Tr("privacy-stored"), id="stored", state=Privacy.stored),
                SwitchTo(Tr("privacy-clearing"), id="clearing", state=Privacy.clearing),
                SwitchTo(Tr("privacy-wipe-word"), id="wipe", state=Privacy.wipe),
                SwitchTo(Tr("privacy-disappearing"), id="disappearing", state=Privacy.disappearing),
                SwitchTo(Tr("privacy-announcements"), id="announcements", state=Privacy.announcements),
                Start(Tr("menu-forget"), id="forget", state=Forget.confirm),
            ),
            menu_button(),
            state=Privacy.overview,
        ),
        _page(Privacy.telegram, "privacy-telegram-body"),
        _page(Privacy.stored, "privacy-stored-body"),
        _page(Privacy.clearing, "privacy-clearing-body"),
        screen(
            Screen("privacy-title", "privacy-wipe-body", _word_status),
            SwitchTo(Tr("privacy-wipe-word-set"), id="set_word", state=Privacy.wipe_word),
            Button(Tr("privacy-wipe-word-remove"), id="remove_word", on_click=on_remove_word, when="word_set"),
            _back(),
            menu_button(),
            getter=wipe_getter,
            state=Privacy.wipe,
        ),
        screen(
            Screen("privacy-title", "privacy-wipe-word-prompt"),
            MessageInput(on_word_entered, filter=F.text & ~F.text.startswith("/")),  # commands: the guard
            SwitchTo(Tr("common-back"), id="back_wipe", state=Privacy.wipe),
            state=Privacy.wipe_word,
        ),
        disappearing_window(Privacy.disappearing, _back(), menu_button()),
        screen(
            Screen("privacy-title", "privacy-announcements-body", _announcements_status),
            Button(Tr("privacy-announcements-turn-on"), id="ann_on", on_click=on_announcements_toggled,
                   when=~F["announcements"]),
            Button(Tr("privacy-announcements-turn-off"), id="ann_off", on_click=on_announcements_toggled,
                   when="announcements"),
            _back(),
            menu_button(),
            getter=announcements_getter,
            state=Privacy.announcements,
        ),
    )
