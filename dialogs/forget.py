"""/forget: confirm, then erase after the update (so no dialog state is written back afterwards)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.context import I18nContext
from bot.services.cases import CaseService
from bot.services.erasure import ErasureService
from bot.services.message_log import tracking_enabled
from dialogs.common import menu_button
from dialogs.guards import screen
from dialogs.states import Forget
from dialogs.widgets import Screen, Tr, i18n_of


async def on_confirm(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    bot: Bot = data["bot"]
    chat_id = callback.message.chat.id
    i18n: I18nContext = i18n_of(manager)
    eraser = ErasureService.from_data(data)

    async def erase() -> None:
        token = tracking_enabled.set(False)
        try:
            report = await eraser.erase(bot, chat_id)
            failed = i18n("forget-done-failed", failed=report.failed_messages) if report.failed_messages else ""
            text = i18n.compose(
                "forget-done-title",
                i18n("forget-done-body", deleted=report.deleted_messages),
                failed,
                i18n("forget-done-remaining"),
            )
            await bot.send_message(chat_id, text)
        finally:
            tracking_enabled.reset(token)

    # Volunteers' topics hold copies of the user's messages: they are deleted too.
    await CaseService.from_data(data).forget_user(data["user_profile"].id)
    await manager.reset_stack(remove_keyboard=False)
    data["after_update"].add(erase)


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("forget-title", "forget-confirm-body"),
            Button(Tr("forget-confirm"), id="confirm", on_click=on_confirm),
            menu_button(),
            state=Forget.confirm,
        ),
    )
