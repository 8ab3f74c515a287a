"""/forget: confirm, then erase after the update (so no dialog state is written back afterwards).

The confirmation commits a durable "erasure pending" mark (storage/erasures.py) with the cases'
erasure: if the process dies before the erasure completes, another process finishes it
(bot/services/erasure.py `ErasureResumer`)."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button

from bot.cancellation import raise_if_cancelled
from bot.context import I18nContext
from bot.services.cases import CaseService
from bot.services.erasure import ErasureService, new_holder
from dialogs.common import menu_button
from dialogs.guards import screen
from dialogs.states import Forget
from dialogs.widgets import Screen, Tr, i18n_of

logger = logging.getLogger(__name__)


async def on_confirm(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    bot: Bot = data["bot"]
    chat_id = callback.message.chat.id
    i18n: I18nContext = i18n_of(manager)
    eraser = ErasureService.from_data(data)

    holder = new_holder()

    async def erase() -> None:
        try:
            await eraser.complete(bot, chat_id, i18n.locale, holder)
        except Exception as error:  # the mark stays: ErasureResumer finishes it once the lease runs out
            raise_if_cancelled()
            logger.warning("erasure left to be resumed: %s", type(error).__name__)

    # The mark first, in the update's session: CaseService.forget_user commits it with the cases'
    # erasure, so it is durable before anything is erased.
    await eraser.mark(data["session"], chat_id, i18n.locale, holder)
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
