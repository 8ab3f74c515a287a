"""Disappearing mode chooser, shared by onboarding (an extra button on the notice) and Privacy."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Column, Select
from aiogram_dialog.widgets.text import Format

from bot.context import I18nContext
from bot.services.privacy import PrivacyService
from dialogs.guards import refuse, screen
from dialogs.states import Onboarding
from dialogs.widgets import Screen, i18n_of
from storage.privacy import DISAPPEAR_CHOICES

OFF = 0


def _label(i18n: I18nContext, hours: int) -> str:
    return i18n("privacy-disappearing-off") if hours == OFF else i18n("privacy-disappearing-after", hours=hours)


async def disappearing_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    data = dialog_manager.middleware_data
    current = (await PrivacyService.from_data(data).choice(data["user_profile"].id)).disappear_hours or OFF
    return {
        "choices": [
            (str(hours), i18n("privacy-choice-chosen", name=_label(i18n, hours)) if hours == current else _label(i18n, hours))
            for hours in (OFF, *DISAPPEAR_CHOICES)
        ],
    }


async def on_disappearing_chosen(callback: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    # Callback data comes from the client: only an offered choice counts.
    hours = int(item) if item.isdigit() else -1
    if hours != OFF and hours not in DISAPPEAR_CHOICES:
        await refuse(callback, manager, "errors-unavailable")
        return
    data = manager.middleware_data
    await PrivacyService.from_data(data).set_disappearing(data["user_profile"].id, hours or None)
    i18n = i18n_of(manager)
    await callback.answer(i18n("privacy-disappearing-saved", choice=_label(i18n, hours)))
    if manager.current_context().state == Onboarding.disappearing:
        await manager.switch_to(Onboarding.notice)


def disappearing_window(state, *widgets: Any):
    return screen(
        Screen("privacy-title", "privacy-disappearing-body"),
        Column(Select(Format("{item[1]}"), id="disappear", item_id_getter=lambda item: item[0], items="choices",
                      on_click=on_disappearing_chosen)),
        *widgets,
        getter=disappearing_getter,
        state=state,
    )
