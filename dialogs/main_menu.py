"""Main menu: only sections that work. Typing a question here searches the FAQ."""

from __future__ import annotations

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Column, Start, SwitchTo

from dialogs.common import menu_button
from dialogs.faq import on_question
from dialogs.states import Faq, Forget, Language, MainMenu, Privacy
from dialogs.widgets import Screen, Tr

dialog = Dialog(
    Window(
        Screen("menu-title", "menu-body"),
        Column(
            Start(Tr("menu-faq"), id="faq", state=Faq.topics),
            Start(Tr("menu-privacy"), id="privacy", state=Privacy.overview),
            Start(Tr("menu-language"), id="language", state=Language.pick),
            SwitchTo(Tr("menu-help"), id="help", state=MainMenu.help),
            Start(Tr("menu-forget"), id="forget", state=Forget.confirm),
        ),
        MessageInput(on_question, content_types=[ContentType.TEXT]),
        state=MainMenu.menu,
    ),
    Window(
        Screen("menu-help-title", "menu-help-body"),
        menu_button(),
        MessageInput(on_question, content_types=[ContentType.TEXT]),
        state=MainMenu.help,
    ),
)
