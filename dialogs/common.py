"""Pieces shared by several dialogs."""

from __future__ import annotations

from aiogram_dialog import StartMode
from aiogram_dialog.widgets.kbd import Start

from dialogs.states import MainMenu
from dialogs.widgets import Tr


def menu_button() -> Start:
    """Leaves any dialog for a fresh main menu; no stack to unwind or to get stuck in."""
    return Start(Tr("common-menu"), id="to_menu", state=MainMenu.menu, mode=StartMode.RESET_STACK)
