"""Privacy: what Telegram can see, what Tirek keeps, and how to clear the chat."""

from __future__ import annotations

from aiogram_dialog import Dialog
from aiogram_dialog.widgets.kbd import Column, Start, SwitchTo

from dialogs.common import menu_button
from dialogs.guards import screen
from dialogs.states import Forget, Privacy
from dialogs.widgets import Screen, Tr


def _page(state, body_id: str):
    return screen(
        Screen("privacy-title", body_id),
        SwitchTo(Tr("common-back"), id="back", state=Privacy.overview),
        menu_button(),
        state=state,
    )


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("privacy-title", "privacy-body"),
            Column(
                SwitchTo(Tr("privacy-telegram"), id="telegram", state=Privacy.telegram),
                SwitchTo(Tr("privacy-stored"), id="stored", state=Privacy.stored),
                SwitchTo(Tr("privacy-clearing"), id="clearing", state=Privacy.clearing),
                Start(Tr("menu-forget"), id="forget", state=Forget.confirm),
            ),
            menu_button(),
            state=Privacy.overview,
        ),
        _page(Privacy.telegram, "privacy-telegram-body"),
        _page(Privacy.stored, "privacy-stored-body"),
        _page(Privacy.clearing, "privacy-clearing-body"),
    )
