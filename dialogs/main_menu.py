"""Main menu: only sections that work. Typing a question here searches the FAQ."""

from __future__ import annotations

from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Column, Start, SwitchTo

from bot.services.cases import handoff_configured
from dialogs.common import menu_button
from dialogs.guards import screen
from dialogs.states import (
    Citizenship,
    Faq,
    Forget,
    Handoff,
    Language,
    MainMenu,
    Papers,
    Privacy,
    Report,
    Steps,
)
from dialogs.widgets import Screen, Tr


def volunteers_reachable(data: dict, widget: object, manager: DialogManager) -> bool:
    return handoff_configured(manager.middleware_data["settings"])


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("menu-title", "menu-body"),
            Column(
                Start(Tr("menu-faq"), id="faq", state=Faq.topics),
                Start(Tr("menu-citizenship"), id="citizenship", state=Citizenship.intro),
                Start(Tr("menu-steps"), id="steps", state=Steps.overview),
                Start(Tr("menu-papers"), id="papers", state=Papers.list),
                Start(Tr("menu-report"), id="report", state=Report.intro),
                Start(Tr("menu-handoff"), id="handoff", state=Handoff.intro, when=volunteers_reachable),
                Start(Tr("menu-privacy"), id="privacy", state=Privacy.overview),
                Start(Tr("menu-language"), id="language", state=Language.pick),
                SwitchTo(Tr("menu-help"), id="help", state=MainMenu.help),
                Start(Tr("menu-forget"), id="forget", state=Forget.confirm),
            ),
            state=MainMenu.menu,
        ),
        screen(
            Screen("menu-help-title", "menu-help-body"),
            menu_button(),
            state=MainMenu.help,
        ),
    )
