""""My steps": the checklist saved from the citizenship summary; each step to do, done or stuck.

A stuck step shows where legal help can be found and, when a volunteers' group is configured,
offers a volunteer: the user then shares which step they are stuck at, nothing more.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import I18nContext
from bot.i18n import format_date
from bot.services.citizenship import STATUSES, STEP_CODES
from bot.services.steps import StepsService
from dialogs.common import menu_button
from dialogs.guards import refuse, screen
from dialogs.handoff import available as handoff_available
from dialogs.handoff import start_handoff
from dialogs.states import Citizenship, Steps
from dialogs.widgets import Screen, Tr, i18n_of
from storage.steps import StepEntry

ICONS = {"todo": "☐", "done": "✅", "stuck": "⚠️"}


# --- volunteer handoff ---------------------------------------------------------------------------


async def on_ask_volunteer(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    """A stuck step handed to a volunteer: the user shares which step, nothing else."""
    code = manager.dialog_data.get("code")
    entry = await steps_service(manager).step(user_id(manager), code) if code in STEP_CODES else None
    if entry is None or entry.status != "stuck" or not handoff_available(manager):
        await refuse(callback, manager, "errors-unavailable")
        return
    translator, settings = manager.middleware_data["translator"], manager.middleware_data["settings"]
    group = translator.resolve(settings.runtime.default_locale)
    line = translator.get(group, "steps-handoff-card", step=translator.get(group, f"steps-item-{entry.code}-name"))
    await start_handoff(manager, subject="steps", card=[line])


# --- helpers -------------------------------------------------------------------------------------


def steps_service(manager: DialogManager) -> StepsService:
    return StepsService.from_data(manager.middleware_data)


def user_id(manager: DialogManager) -> int:
    return manager.middleware_data["user_profile"].id


def _as_code(raw: str) -> str | None:
    # Callback data comes from the client: only an index into the fixed list counts.
    return STEP_CODES[int(raw)] if raw.isdigit() and len(raw) < 4 and int(raw) < len(STEP_CODES) else None


def step_label(entry: StepEntry, i18n: I18nContext) -> str:
    return f"{ICONS[entry.status]} {i18n(f'steps-item-{entry.code}-name')}"


# --- the list ------------------------------------------------------------------------------------


async def overview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    entries = await steps_service(dialog_manager).steps(user_id(dialog_manager))
    done = sum(1 for e in entries if e.status == "done")
    return {
        "steps": [(STEP_CODES.index(e.code), step_label(e, i18n)) for e in entries],
        "has_steps": bool(entries),
        "done": done,
        "total": len(entries),
    }


def overview_body(data: dict[str, Any], i18n: I18nContext) -> str:
    if not data["has_steps"]:
        return i18n("steps-empty")
    return "\n\n".join([i18n("steps-overview-body", done=data["done"], total=data["total"]), i18n("steps-stored")])


async def on_step(callback: CallbackQuery, _: Any, manager: DialogManager, raw: str) -> None:
    code = _as_code(raw)
    entry = await steps_service(manager).step(user_id(manager), code) if code else None
    if entry is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    manager.dialog_data["code"] = entry.code
    await manager.switch_to(Steps.step)


# --- one step ------------------------------------------------------------------------------------


def render_step(entry: StepEntry, i18n: I18nContext) -> str:
    parts = [
        f"<b>{i18n(f'steps-item-{entry.code}-name')}</b>",
        i18n(f"steps-item-{entry.code}-text"),
        i18n("steps-status", status=entry.status, date=format_date(i18n.locale, entry.updated_on)),
    ]
    if entry.status == "stuck":
        parts.append(i18n("steps-stuck-guidance"))
    return "\n\n".join(parts)


async def step_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    code = dialog_manager.dialog_data.get("code")
    entry = await steps_service(dialog_manager).step(user_id(dialog_manager), code) if code in STEP_CODES else None
    status = entry.status if entry else None
    return {
        "body": render_step(entry, i18n) if entry else i18n("steps-not-found"),
        **{f"can_{s}": entry is not None and status != s for s in STATUSES},
        "handoff": entry is not None and status == "stuck" and handoff_available(dialog_manager),
    }


async def on_status(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    status = button.widget_id.removeprefix("status_")
    code = manager.dialog_data.get("code")
    entry = await steps_service(manager).step(user_id(manager), code) if code in STEP_CODES else None
    if entry is None or entry.status == status or status not in STATUSES:
        await refuse(callback, manager, "errors-unavailable")  # nothing changes: no edit to send
        return
    await steps_service(manager).set_status(user_id(manager), entry.code, status)


# --- delete the list -----------------------------------------------------------------------------


async def on_clear(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    await steps_service(manager).clear(user_id(manager))
    await manager.switch_to(Steps.overview)


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("steps-title", overview_body),
            Column(Select(Format("{item[1]}"), id="step", item_id_getter=lambda s: s[0], items="steps", on_click=on_step)),
            Start(Tr("steps-questions"), id="questions", state=Citizenship.intro, mode=StartMode.RESET_STACK),
            SwitchTo(Tr("steps-clear"), id="clear", state=Steps.clear, when="has_steps"),
            menu_button(),
            getter=overview_getter,
            state=Steps.overview,
        ),
        screen(
            Screen("steps-title", lambda data, _: data["body"]),
            Row(
                Button(Tr("steps-mark-todo"), id="status_todo", on_click=on_status, when="can_todo"),
                Button(Tr("steps-mark-done"), id="status_done", on_click=on_status, when="can_done"),
                Button(Tr("steps-mark-stuck"), id="status_stuck", on_click=on_status, when="can_stuck"),
            ),
            Button(Tr("steps-ask-volunteer"), id="ask_volunteer", on_click=on_ask_volunteer, when="handoff"),
            Row(SwitchTo(Tr("common-back"), id="back", state=Steps.overview), menu_button()),
            getter=step_getter,
            state=Steps.step,
        ),
        screen(
            Screen("steps-title", "steps-clear-confirm"),
            Button(Tr("steps-clear-yes"), id="clear_yes", on_click=on_clear),
            SwitchTo(Tr("common-cancel"), id="clear_no", state=Steps.overview),
            menu_button(),
            state=Steps.clear,
        ),
    )
