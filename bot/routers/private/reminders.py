"""The buttons of a reminder message, which is sent outside any dialog.

A plain router, not a dialog: a reminder can arrive while the user is anywhere (or nowhere), and
pressing "remind me tomorrow" or "stop reminders" should not replace the screen they are on.
"Renewed: new date" does need a screen, so it opens the papers dialog on the date step of that
paper. The reminder id in the button comes from the client: it is acted on only when the
reminder's paper belongs to the pressing user (users.id); anything else gets errors-unavailable.
"""

from __future__ import annotations

from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from bot.context import I18nContext
from bot.i18n import format_date
from bot.services.papers import PaperService, local_today
from bot.services.reminders import ReminderAction
from dialogs.states import Papers
from storage.repositories import UserProfile


async def on_reminder_button(callback: CallbackQuery, callback_data: ReminderAction, dialog_manager: DialogManager,
                             i18n: I18nContext, user_profile: UserProfile) -> None:
    service = PaperService.from_data(dialog_manager.middleware_data)
    paper = await service.reminder_paper(user_profile.id, callback_data.id) if 0 < callback_data.id < 10**12 else None
    if paper is None or callback_data.action not in ("t", "r", "s"):
        await callback.answer(i18n("errors-unavailable"))
        return
    if callback_data.action == "r":
        await callback.answer()
        # A new message: the reminder stays readable above it.
        await dialog_manager.start(Papers.date, data={"paper_id": paper.id}, mode=StartMode.RESET_STACK,
                                   show_mode=ShowMode.SEND)
        return
    if callback_data.action == "t":
        due = await service.snooze(paper)
        settings = await service.settings(user_profile.id)
        day = local_today(due, settings.tz)
        await callback.answer(i18n("reminders-snoozed", date=format_date(i18n.locale, day)))
    else:
        await service.stop(paper)
        await callback.answer(i18n("reminders-stopped"))
    if isinstance(callback.message, Message) and callback.message.reply_markup is not None:
        with suppress(TelegramBadRequest):  # too old to edit: the buttons just stay
            await callback.message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_reminder_button, ReminderAction.filter())
    return router
