"""What every screen does with input it did not ask for: answer briefly, keep the user's place.

aiogram-dialog gives each message and button press in a private chat to the active dialog, so
the guard lives in every window: a catch-all message input, and a keyboard widget, last in
line, that takes any button press nothing else took (an old or forged button). Text typed where
no input asked for it searches the FAQ on the menu and FAQ screens only; anywhere else it gets a
notice, so the answers of a form in progress are never thrown away by a search.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, DialogProtocol, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Keyboard

from dialogs.states import Faq, Handoff, MainMenu
from dialogs.widgets import i18n_of


async def refuse(callback: CallbackQuery, manager: DialogManager, message_id: str) -> None:
    """A button that cannot do what it says: a short notice, and the screen stays as it is."""
    await callback.answer(i18n_of(manager)(message_id))
    manager.show_mode = ShowMode.NO_UPDATE  # the screen is unchanged: no edit to send


class StaleButtonGuard(Keyboard):
    def __init__(self) -> None:
        super().__init__(id="__guard")

    async def _render_keyboard(self, data: dict, manager: DialogManager) -> list:
        return []

    async def _process_other_callback(self, callback: CallbackQuery, dialog: DialogProtocol, manager: DialogManager) -> bool:
        await refuse(callback, manager, "errors-unavailable")
        return True


async def notice(manager: DialogManager, message_id: str) -> None:
    """A short answer as its own message; the screen is shown again below it."""
    i18n = i18n_of(manager)
    await manager.middleware_data["bot"].send_message(
        manager.middleware_data["event_chat"].id, i18n.compose("errors-title", i18n(message_id))
    )


# Where a typed question is the natural thing to send. Elsewhere the screen waits for a button,
# often in the middle of a form whose answers live only in the dialog state: a search would start
# a new stack and lose them.
SEARCH_FROM = (MainMenu, Faq)
# Screens where typed text most likely meant something else than a question.
TYPED_TEXT_NOTICE = {Handoff.intro: "handoff-connect-first"}  # a message for a volunteer


async def on_unexpected_message(message: Message, _: Any, manager: DialogManager) -> None:
    from dialogs.faq import start_search  # the FAQ dialog uses screen() too

    if message.text and message.text.startswith("/"):
        await notice(manager, "errors-unknown-command")
    elif not message.text or not manager.middleware_data["user_profile"].onboarded:
        await notice(manager, "errors-text-only")
    elif manager.current_context().state.group in SEARCH_FROM:
        await start_search(manager, message.text)
    else:
        await notice(manager, TYPED_TEXT_NOTICE.get(manager.current_context().state, "errors-use-buttons"))
    # aiogram-dialog then shows the current screen again, below the notice.


def screen(*widgets: Any, state, getter=None, on_message=on_unexpected_message) -> Window:
    """A Window with the guards every screen needs."""
    return Window(*widgets, StaleButtonGuard(), MessageInput(on_message), state=state, getter=getter)
