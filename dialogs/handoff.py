"""Talking to a volunteer: what they see first, then a conversation window that passes
everything on (by copy, never forward), and the user's duress word."""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, SwitchTo

from bot.services.cases import CaseService, acknowledge, handoff_configured
from dialogs.common import menu_button
from dialogs.guards import notice, screen
from dialogs.states import Handoff
from dialogs.widgets import Screen, Tr
from storage.cases import MAX_DURESS_WORD, NORMAL, DuressRepository


def available(manager: DialogManager) -> bool:
    return handoff_configured(manager.middleware_data["settings"])


async def start_handoff(manager: DialogManager, *, subject: str = "person", priority: str = NORMAL,
                        card: list[str] | None = None) -> None:
    """Opens (or updates) the user's case and shows the conversation window. For other dialogs
    that offer a volunteer (papers, steps), with what the user agreed to share as `card`."""
    cases = CaseService.from_data(manager.middleware_data)
    await cases.flag(manager.middleware_data["user_profile"], subject=subject, priority=priority, card=card)
    await manager.start(Handoff.chat, mode=StartMode.RESET_STACK)


async def on_connect(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    await start_handoff(manager)


async def on_user_message(message: Message, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    if message.text and message.text.startswith("/"):
        await notice(manager, "errors-unknown-command")
        return
    await CaseService.from_data(data).relay_from_user(data["user_profile"], message)
    await acknowledge(data["bot"], message)
    manager.show_mode = ShowMode.NO_UPDATE  # no new screen under every message


async def duress_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.middleware_data
    repo = DuressRepository(data["session"], data["hasher"])
    return {"is_set": await repo.is_set(data["user_profile"].id)}


async def on_duress_word(message: Message, _: Any, manager: DialogManager) -> None:
    text = " ".join((message.text or "").split())
    if not text or text.startswith("/") or len(text) > MAX_DURESS_WORD:
        await notice(manager, "handoff-duress-invalid")
        return
    data = manager.middleware_data
    await DuressRepository(data["session"], data["hasher"]).set(data["user_profile"].id, text)
    await data["session"].commit()
    # The word itself should not stay on screen: delete the user's message if Telegram allows.
    try:
        await message.delete()
    except Exception:  # noqa: BLE001 - best effort; the notice below says to delete it by hand
        pass
    await notice(manager, "handoff-duress-saved")


async def on_duress_clear(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    await DuressRepository(data["session"], data["hasher"]).clear(data["user_profile"].id)
    await data["session"].commit()
    await callback.answer(data["i18n"]("handoff-duress-cleared"))


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("handoff-title", "handoff-intro-body"),
            Button(Tr("handoff-connect"), id="connect", on_click=on_connect),
            SwitchTo(Tr("handoff-duress"), id="duress", state=Handoff.duress),
            menu_button(),
            state=Handoff.intro,
        ),
        screen(
            Screen("handoff-title", "handoff-chat-body"),
            MessageInput(on_user_message, content_types=ContentType.ANY),
            menu_button(),
            state=Handoff.chat,
        ),
        screen(
            Screen("handoff-title", "handoff-duress-body",
                   lambda data, i18n: i18n("handoff-duress-is-set") if data["is_set"] else ""),
            Button(Tr("handoff-duress-clear"), id="clear", on_click=on_duress_clear, when="is_set"),
            MessageInput(on_duress_word, content_types=ContentType.TEXT),
            SwitchTo(Tr("common-back"), id="back", state=Handoff.intro),
            state=Handoff.duress,
            getter=duress_getter,
        ),
    )
