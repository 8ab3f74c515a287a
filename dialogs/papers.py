"""My papers: record documents and their expiry dates, renewal guides, staged reminders.

Add: kind -> date (calendar or typed) -> optional place -> confirm. A paper opens on its own
screen (guide, change kind/date/place, reminders on or off, delete). The same kind, date and
place screens edit a saved paper when `edit_id` is set in the dialog data; a reminder's
"renewed" button opens the date screen that way (bot/routers/private/reminders.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import F
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import I18nContext
from bot.i18n import format_date
from bot.services.dates import DateProblem, check_expiry, latest_expiry, parse_expiry
from bot.services.papers import (
    KINDS,
    MAX_PLACE_CHARS,
    TIME_ZONES,
    PaperService,
    ReminderSettings,
    find_time_zone,
    parse_days,
    zone,
)
from bot.services.reminders import as_utc
from dialogs.calendar import LocalCalendar
from dialogs.common import menu_button
from dialogs.guards import notice, refuse, screen
from dialogs.handoff import available as handoff_available
from dialogs.handoff import start_handoff
from dialogs.states import Papers
from dialogs.widgets import Screen, Tr, i18n_of
from storage.cases import HIGH
from storage.papers import PaperEntry

# When the facts behind the guides were last checked (/work/shared/domain-facts.md).
GUIDES_VERIFIED = date(2026, 11, 22)
# Sources per kind: (Fluent id of the source's title, confidence H/M/L).
GUIDE_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "asylum-seeker": (("papers-source-refugee-law", "H"), ("papers-source-order-118", "H"),
                      ("papers-source-resolution-183", "H")),
    "refugee": (("papers-source-refugee-law", "H"), ("papers-source-resolution-183", "H"),
                ("papers-source-order-118", "H"), ("papers-source-rferl-2020", "M")),
    "humanitarian": (("papers-source-field-report", "L"),),
    "kandas": (("papers-source-kandas-apply", "H"), ("papers-source-kandas-rules-2025", "H")),
    "residence": (),
    "other": (),
}
URGENT_SOURCES = (("papers-source-organisations", "L"), ("papers-source-hrw-2020", "M"),
                  ("papers-source-order-118", "H"))
USER_TEXT = F.text & ~F.text.startswith("/")  # commands go to the screen's guard


def service(manager: DialogManager) -> PaperService:
    return PaperService.from_data(manager.middleware_data)


def user_id(manager: DialogManager) -> int:
    return manager.middleware_data["user_profile"].id


def _as_id(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 12 else -1


def editing(manager: DialogManager) -> int | None:
    """The saved paper being changed, or None while adding one."""
    data = manager.dialog_data
    if not data.get("start_read"):
        data["start_read"] = True
        start = manager.start_data if isinstance(manager.start_data, dict) else {}
        if isinstance(start.get("paper_id"), int):
            # Opened from a reminder's "renewed" button: edit that paper's date.
            data["edit_id"] = data["paper_id"] = start["paper_id"]
    return data.get("edit_id")


def reset(manager: DialogManager, **values: Any) -> None:
    """Forget the draft or the open paper (the start data stays read)."""
    manager.dialog_data.clear()
    manager.dialog_data.update(start_read=True, **values)


def kind_label(i18n: I18nContext, kind: str) -> str:
    return i18n(f"papers-kind-{kind}")


async def current_paper(manager: DialogManager) -> PaperEntry | None:
    return await service(manager).get(user_id(manager), manager.dialog_data.get("paper_id", -1))


# --- list ------------------------------------------------------------------------------------------


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    svc = service(dialog_manager)
    uid = user_id(dialog_manager)
    today = await svc.today(uid)
    papers = await svc.list(uid)
    items = []
    for paper in papers:
        mark = "⚠️ " if paper.expires < today else ""
        items.append((paper.id, f"{mark}{kind_label(i18n, paper.kind)} · {format_date(i18n.locale, paper.expires)}"))
    return {"papers": items, "has_papers": bool(items)}


def list_body(data: dict[str, Any], i18n: I18nContext) -> str:
    return i18n("papers-list-body") if data["has_papers"] else i18n("papers-list-empty")


async def on_paper(callback: CallbackQuery, _: Any, manager: DialogManager, raw_id: str) -> None:
    paper = await service(manager).get(user_id(manager), _as_id(raw_id))
    if paper is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    reset(manager, paper_id=paper.id)
    await manager.switch_to(Papers.view)


async def on_add(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    reset(manager)
    await manager.switch_to(Papers.kind)


# --- kind -----------------------------------------------------------------------------------------


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    is_editing = editing(dialog_manager) is not None
    return {"kinds": [(k, kind_label(i18n, k)) for k in KINDS], "editing": is_editing, "adding": not is_editing}


async def on_kind(callback: CallbackQuery, _: Any, manager: DialogManager, kind: str) -> None:
    if kind not in KINDS:
        await refuse(callback, manager, "errors-unavailable")
        return
    paper_id = editing(manager)
    if paper_id is None:
        manager.dialog_data["kind"] = kind
        await manager.switch_to(Papers.date)
        return
    await service(manager).update(user_id(manager), paper_id, kind=kind)
    await manager.switch_to(Papers.view)


# --- date -----------------------------------------------------------------------------------------


async def date_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    is_editing = editing(dialog_manager) is not None
    svc = service(dialog_manager)
    settings = await svc.settings(user_id(dialog_manager))
    today = await svc.today(user_id(dialog_manager))
    high = latest_expiry(today)
    dialog_manager.dialog_data["calendar_bounds"] = [today.isoformat(), high.isoformat()]
    return {"min_date": today, "max_date": high, "tz": zone(settings.tz), "editing": is_editing, "adding": not is_editing}


async def accept_date(manager: DialogManager, value: date) -> None:
    paper_id = editing(manager)
    if paper_id is None:
        manager.dialog_data["expires"] = value.isoformat()
        await manager.switch_to(Papers.place)
        return
    await service(manager).update(user_id(manager), paper_id, expires=value)
    manager.dialog_data.pop("edit_id", None)
    await manager.switch_to(Papers.view)


async def on_date_selected(callback: CallbackQuery, _: Any, manager: DialogManager, value: date) -> None:
    today = await service(manager).today(user_id(manager))
    try:
        check_expiry(value, today)
    except DateProblem:
        await refuse(callback, manager, "errors-unavailable")
        return
    await accept_date(manager, value)


async def on_date_typed(message: Message, _: Any, manager: DialogManager) -> None:
    today = await service(manager).today(user_id(manager))
    try:
        value = parse_expiry(message.text or "", today)
    except DateProblem as problem:
        # A clear answer; the same screen follows below it, nothing is lost.
        await notice(manager, f"papers-date-{problem.reason}")
        return
    await accept_date(manager, value)


# --- place ----------------------------------------------------------------------------------------


async def place_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    is_editing = editing(dialog_manager) is not None
    return {"editing": is_editing, "adding": not is_editing}


async def accept_place(manager: DialogManager, place: str) -> None:
    paper_id = editing(manager)
    if paper_id is None:
        manager.dialog_data["place"] = place
        await manager.switch_to(Papers.confirm)
        return
    await service(manager).update(user_id(manager), paper_id, place=place)
    manager.dialog_data.pop("edit_id", None)
    await manager.switch_to(Papers.view)


async def on_place_typed(message: Message, _: Any, manager: DialogManager) -> None:
    text = (message.text or "").strip()
    if len(text) > MAX_PLACE_CHARS:
        await notice(manager, "papers-place-too-long")
        return
    await accept_place(manager, text)


async def on_place_skip(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    await accept_place(manager, "")


# --- confirm --------------------------------------------------------------------------------------


def describe(i18n: I18nContext, kind: str, expires: date, place: str) -> str:
    lines = [
        i18n("papers-field-kind", kind=kind_label(i18n, kind)),
        i18n("papers-field-expires", date=format_date(i18n.locale, expires)),
    ]
    if place:
        lines.append(i18n("papers-field-place", place=place))
    return "\n".join(lines)


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    i18n = i18n_of(dialog_manager)
    complete = data.get("kind") in KINDS and "expires" in data
    summary = describe(i18n, data["kind"], date.fromisoformat(data["expires"]), data.get("place", "")) if complete else ""
    return {"summary": summary, "complete": complete}


async def on_save(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("kind") not in KINDS or "expires" not in data:
        await refuse(callback, manager, "errors-unavailable")
        return
    paper = await service(manager).add(user_id(manager), data["kind"], date.fromisoformat(data["expires"]), data.get("place", ""))
    if paper is None:
        await refuse(callback, manager, "papers-too-many")
        return
    reset(manager, paper_id=paper.id)
    await callback.answer(i18n_of(manager)("papers-saved"))
    await manager.switch_to(Papers.view)


# --- one paper ------------------------------------------------------------------------------------


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    editing(dialog_manager)
    svc = service(dialog_manager)
    paper = await current_paper(dialog_manager)
    if paper is None:
        return {"body": i18n("papers-not-found"), "found": False, "remind": False, "silent": False}
    today = await svc.today(paper.user_id)
    parts = [describe(i18n, paper.kind, paper.expires, paper.place)]
    days = (paper.expires - today).days
    parts.append(i18n("papers-expired") if days < 0 else i18n("papers-days-left", days=days))
    pending = [r for r in await svc.reminders.for_paper(paper.id) if r.status == "pending"]
    settings = await svc.settings(paper.user_id)
    if not paper.remind:
        parts.append(i18n("papers-reminders-off"))
    elif pending:
        dates = i18n("papers-reminders-separator").join(format_date(i18n.locale, as_utc(r.due_at).astimezone(zone(settings.tz)).date()) for r in pending)
        parts.append(i18n("papers-reminders-on", dates=dates))
    else:
        parts.append(i18n("papers-reminders-none"))
    return {"body": "\n\n".join(parts), "found": True, "remind": paper.remind, "silent": not paper.remind}


async def on_edit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    paper = await current_paper(manager)
    if paper is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    manager.dialog_data["edit_id"] = paper.id
    if button.widget_id == "edit_kind":
        await manager.switch_to(Papers.kind)
    elif button.widget_id == "edit_date":
        await manager.switch_to(Papers.date)
    else:
        await manager.switch_to(Papers.place)


async def on_back_to_view(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("edit_id", None)
    await manager.switch_to(Papers.view)


async def on_toggle_reminders(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    paper = await current_paper(manager)
    if paper is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    await service(manager).update(paper.user_id, paper.id, remind=not paper.remind)


async def on_urgent(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    paper = await current_paper(manager)
    if paper is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    await manager.switch_to(Papers.urgent)


async def on_ask_volunteer(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    """The user asked for a volunteer about an expired or refused paper: they share its kind and date."""
    paper = await current_paper(manager)
    if paper is None or not handoff_available(manager):
        await refuse(callback, manager, "errors-unavailable")
        return
    translator, settings = manager.middleware_data["translator"], manager.middleware_data["settings"]
    group = translator.resolve(settings.runtime.default_locale)
    line = translator.get(group, "papers-handoff-card", kind=translator.get(group, f"papers-kind-{paper.kind}"),
                          date=paper.expires.isoformat())
    await start_handoff(manager, subject="papers", priority=HIGH, card=[line])


async def on_delete(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    deleted = await service(manager).delete(user_id(manager), manager.dialog_data.get("paper_id", -1))
    reset(manager)
    if deleted:
        await callback.answer(i18n_of(manager)("papers-deleted"))
    await manager.switch_to(Papers.list)


# --- guides ---------------------------------------------------------------------------------------


def render_sources(i18n: I18nContext, sources: tuple[tuple[str, str], ...]) -> str:
    if not sources:
        return ""
    lines = [i18n("papers-sources")]
    for message_id, confidence in sources:
        level = {"M": i18n("papers-confidence-m"), "L": i18n("papers-confidence-l")}.get(confidence, "")
        lines.append(f"• {i18n(message_id)}" + (f" ({level})" if level else ""))
    return "\n".join(lines)


async def guide_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    paper = await current_paper(dialog_manager)
    if paper is None:
        return {"body": i18n("papers-not-found")}
    parts = [f"<b>{kind_label(i18n, paper.kind)}</b>", i18n(f"papers-guide-{paper.kind}"),
             render_sources(i18n, GUIDE_SOURCES[paper.kind]),
             i18n("papers-verified", date=format_date(i18n.locale, GUIDES_VERIFIED)), i18n("papers-guide-more")]
    return {"body": "\n\n".join(p for p in parts if p)}


async def urgent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    available = handoff_available(dialog_manager)
    parts = [i18n("papers-urgent-body"), i18n("papers-ask-volunteer-note" if available else "papers-urgent-no-volunteer"),
             render_sources(i18n, URGENT_SOURCES), i18n("papers-verified", date=format_date(i18n.locale, GUIDES_VERIFIED))]
    return {"body": "\n\n".join(parts), "handoff": available}


# --- reminder settings ----------------------------------------------------------------------------


async def settings_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    settings = await service(dialog_manager).settings(user_id(dialog_manager))
    return {
        "days": ", ".join(str(d) for d in settings.days),
        "tz": settings.tz,
        "zones": [(str(i), name) for i, name in enumerate(TIME_ZONES)],
    }


def settings_body(data: dict[str, Any], i18n: I18nContext) -> str:
    return i18n("papers-settings-body", days=data["days"], tz=data["tz"])


async def on_zone(callback: CallbackQuery, _: Any, manager: DialogManager, raw: str) -> None:
    index = _as_id(raw)
    if not 0 <= index < len(TIME_ZONES):
        await refuse(callback, manager, "errors-unavailable")
        return
    svc = service(manager)
    current = await svc.settings(user_id(manager))
    if current.tz == TIME_ZONES[index]:
        # The same screen again: Telegram refuses an edit that changes nothing.
        manager.show_mode = ShowMode.NO_UPDATE
        return
    await svc.save_settings(user_id(manager), ReminderSettings(current.days, TIME_ZONES[index]))


async def on_settings_typed(message: Message, _: Any, manager: DialogManager) -> None:
    svc = service(manager)
    uid = user_id(manager)
    current = await svc.settings(uid)
    text = message.text or ""
    if (days := parse_days(text)) is not None:
        await svc.save_settings(uid, ReminderSettings(days, current.tz))
    elif (tz := find_time_zone(text)) is not None:
        await svc.save_settings(uid, ReminderSettings(current.days, tz))
    else:
        await notice(manager, "papers-settings-bad")


# --- the dialog -----------------------------------------------------------------------------------


def _back(state, *, when: str, widget_id: str) -> SwitchTo:
    return SwitchTo(Tr("common-back"), id=widget_id, state=state, when=when)


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("papers-title", list_body),
            Column(Select(Format("{item[1]}"), id="paper", item_id_getter=lambda p: p[0], items="papers", on_click=on_paper)),
            Button(Tr("papers-add"), id="add", on_click=on_add),
            SwitchTo(Tr("papers-settings"), id="settings", state=Papers.settings),
            menu_button(),
            getter=list_getter,
            state=Papers.list,
        ),
        screen(
            Screen("papers-title", "papers-kind-body"),
            Column(Select(Format("{item[1]}"), id="kind", item_id_getter=lambda k: k[0], items="kinds", on_click=on_kind)),
            Row(_back(Papers.list, when="adding", widget_id="kind_back"),
                Button(Tr("common-back"), id="kind_view", on_click=on_back_to_view, when="editing"), menu_button()),
            getter=kind_getter,
            state=Papers.kind,
        ),
        screen(
            Screen("papers-title", "papers-date-body"),
            LocalCalendar(id="cal", on_click=on_date_selected),
            MessageInput(on_date_typed, filter=USER_TEXT),
            Row(_back(Papers.kind, when="adding", widget_id="date_back"),
                Button(Tr("common-back"), id="date_view", on_click=on_back_to_view, when="editing"), menu_button()),
            getter=date_getter,
            state=Papers.date,
        ),
        screen(
            Screen("papers-title", "papers-place-body"),
            MessageInput(on_place_typed, filter=USER_TEXT),
            Button(Tr("papers-place-skip"), id="skip", on_click=on_place_skip),
            Row(_back(Papers.date, when="adding", widget_id="place_back"),
                Button(Tr("common-back"), id="place_view", on_click=on_back_to_view, when="editing"), menu_button()),
            getter=place_getter,
            state=Papers.place,
        ),
        screen(
            Screen("papers-title", "papers-confirm-body", lambda data, _: data["summary"]),
            Button(Tr("papers-save"), id="save", on_click=on_save, when="complete"),
            Row(_back(Papers.place, when="complete", widget_id="confirm_back"),
                SwitchTo(Tr("common-cancel"), id="confirm_cancel", state=Papers.list)),
            getter=confirm_getter,
            state=Papers.confirm,
        ),
        screen(
            Screen("papers-title", lambda data, _: data["body"]),
            SwitchTo(Tr("papers-guide"), id="guide", state=Papers.guide, when="found"),
            Row(
                Button(Tr("papers-edit-date"), id="edit_date", on_click=on_edit),
                Button(Tr("papers-edit-kind"), id="edit_kind", on_click=on_edit),
                Button(Tr("papers-edit-place"), id="edit_place", on_click=on_edit),
                when="found",
            ),
            Button(Tr("papers-urgent"), id="urgent", on_click=on_urgent, when="found"),
            Row(
                Button(Tr("papers-reminders-stop"), id="stop", on_click=on_toggle_reminders, when="remind"),
                Button(Tr("papers-reminders-resume"), id="resume", on_click=on_toggle_reminders, when="silent"),
                SwitchTo(Tr("papers-delete"), id="delete", state=Papers.delete, when="found"),
            ),
            Row(SwitchTo(Tr("common-back"), id="view_back", state=Papers.list), menu_button()),
            getter=view_getter,
            state=Papers.view,
        ),
        screen(
            Screen("papers-title", lambda data, _: data["body"]),
            Row(SwitchTo(Tr("common-back"), id="guide_back", state=Papers.view), menu_button()),
            getter=guide_getter,
            state=Papers.guide,
        ),
        screen(
            Screen("papers-title", lambda data, _: data["body"]),
            Button(Tr("papers-ask-volunteer"), id="ask_volunteer", on_click=on_ask_volunteer, when="handoff"),
            Row(SwitchTo(Tr("common-back"), id="urgent_back", state=Papers.view), menu_button()),
            getter=urgent_getter,
            state=Papers.urgent,
        ),
        screen(
            Screen("papers-title", "papers-delete-body"),
            Button(Tr("papers-delete-confirm"), id="delete_yes", on_click=on_delete),
            Row(SwitchTo(Tr("common-back"), id="delete_back", state=Papers.view), menu_button()),
            state=Papers.delete,
        ),
        screen(
            Screen("papers-title", settings_body),
            MessageInput(on_settings_typed, filter=USER_TEXT),
            Column(Select(Format("{item[1]}"), id="zone", item_id_getter=lambda z: z[0], items="zones", on_click=on_zone)),
            Row(SwitchTo(Tr("common-back"), id="settings_back", state=Papers.list), menu_button()),
            getter=settings_getter,
            state=Papers.settings,
        ),
    )
