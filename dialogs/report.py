"""Safe report: disclosure, "in danger right now?", a skippable intake, evidence, consent, My reports.

intro (what Telegram sees, what is kept, how to erase) -> accept -> danger (yes: safety guidance
and an urgent case) -> what -> when -> where -> channel -> who -> demand -> relatives; the report
is saved when the questions end, so each evidence item can be stored the moment it arrives ->
evidence -> consent -> done (the code). A saved report opens in My reports: add evidence or a
note, change consent (revocable), delete. `report_id` in the dialog data is the open report;
`new` says the user is still in the first pass.
"""

from __future__ import annotations

import html
from datetime import UTC, date, timedelta
from typing import Any

from aiogram import F
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Multiselect, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import I18nContext
from bot.i18n import format_date
from bot.services.cases import CaseService
from bot.services.dates import MIN_YEAR, DateProblem, parse_date
from bot.services.reports import (
    CHANNELS,
    MAX_TEXT_CHARS,
    WHAT,
    EvidenceProblem,
    ReportService,
    answer_lines,
    hash_prefix,
    incoming,
)
from dialogs.calendar import LocalCalendar
from dialogs.common import menu_button
from dialogs.guards import notice, refuse, screen
from dialogs.states import Report
from dialogs.widgets import Screen, Tr, i18n_of
from storage.reports import Consent, EvidenceEntry, ReportEntry, ReportRepository
from storage.repositories import UserProfile

# When the evidence guidance was last checked against /work/shared/domain-facts.md.
GUIDE_VERIFIED = date(2026, 11, 22)
EARLIEST = date(MIN_YEAR, 1, 1)
USER_TEXT = F.text & ~F.text.startswith("/")  # commands go to the screen's guard


async def not_command(message: Message) -> bool:
    """A coroutine, so that aiogram does not check it in a worker thread (bot/inline_filters.py)."""
    return not (message.text or "").startswith("/")


def service(manager: DialogManager) -> ReportService:
    return ReportService.from_data(manager.middleware_data)


def cases(manager: DialogManager) -> CaseService:
    return CaseService.from_data(manager.middleware_data)


def profile(manager: DialogManager) -> UserProfile:
    return manager.middleware_data["user_profile"]


def _as_id(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 12 else -1


def draft(manager: DialogManager) -> dict[str, Any]:
    return manager.dialog_data.setdefault("draft", {})


async def current_report(manager: DialogManager) -> ReportEntry | None:
    return await service(manager).get(profile(manager).id, manager.dialog_data.get("report_id", -1))


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def item_line(i18n: I18nContext, entry: EvidenceEntry) -> str:
    return i18n("report-item", kind=i18n("report-kind-" + entry.kind.replace("_", "-")), filesize=size_text(entry.size),
                sha=hash_prefix(entry), received=entry.received_at.strftime("%Y-%m-%d %H:%M:%S"))


def summary(i18n: I18nContext, answers: dict[str, Any]) -> str:
    lines = [f"{label} {html.escape(value)}" for label, value in answer_lines(i18n, i18n.locale, answers)]
    return "\n".join(lines) if lines else i18n("report-summary-empty")


# --- intro (disclosure) -------------------------------------------------------------------------


async def on_accept(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    manager.dialog_data.clear()
    manager.dialog_data.update(draft={}, new=True)
    await manager.find("what").reset_checked()  # a second report in the same dialog starts blank
    await manager.switch_to(Report.danger)


async def on_guide(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["guide_from"] = button.widget_id
    await manager.switch_to(Report.guide)


async def on_guide_back(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    origin = manager.dialog_data.get("guide_from")
    if origin == "view_guide":
        await manager.switch_to(Report.view)
    elif origin == "evidence_guide":
        await manager.switch_to(Report.evidence)
    else:
        await manager.switch_to(Report.intro)


async def guide_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    parts = [i18n("report-guide-body"), i18n("report-guide-sources"),
             i18n("report-verified", date=format_date(i18n.locale, GUIDE_VERIFIED))]
    return {"body": "\n\n".join(parts)}


# --- danger -------------------------------------------------------------------------------------


async def on_danger_yes(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    draft(manager)["danger"] = "yes"
    data = manager.dialog_data
    if "case_id" not in data:  # pressed again after Back: one alert is enough
        data["case_id"] = await service(manager).alert_danger(profile(manager), cases(manager))
    await manager.switch_to(Report.safety)


async def on_danger_no(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    draft(manager)["danger"] = "no" if button.widget_id == "danger_no" else None
    await manager.switch_to(Report.what)


async def safety_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    reached = dialog_manager.dialog_data.get("case_id") is not None
    status = i18n("report-safety-alerted") if reached else i18n("report-safety-unavailable")
    return {"body": "\n\n".join([i18n("report-safety-body"), status])}


# --- the questions ------------------------------------------------------------------------------


async def what_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    return {"kinds": [(w, i18n(f"report-what-{w}")) for w in WHAT]}


async def on_what_next(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    chosen = manager.find("what").get_checked() if button.widget_id == "what_next" else []
    draft(manager)["what"] = [w for w in WHAT if w in chosen]
    await manager.switch_to(Report.when)


async def when_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    latest = latest_day(dialog_manager)
    dialog_manager.dialog_data["calendar_bounds"] = [EARLIEST.isoformat(), latest.isoformat()]
    return {"min_date": EARLIEST, "max_date": latest, "tz": UTC}


def latest_day(manager: DialogManager) -> date:
    # A day ahead of UTC: in Almaty or Urumqi it is already tomorrow for part of the UTC day.
    return manager.middleware_data["clock"]().date() + timedelta(days=1)


async def accept_when(manager: DialogManager, value: date | None) -> None:
    draft(manager)["when"] = value.isoformat() if value else None
    await manager.switch_to(Report.where)


async def on_when_selected(callback: CallbackQuery, _: Any, manager: DialogManager, value: date) -> None:
    if not EARLIEST <= value <= latest_day(manager):
        await refuse(callback, manager, "errors-unavailable")
        return
    await accept_when(manager, value)


async def on_when_typed(message: Message, _: Any, manager: DialogManager) -> None:
    try:
        value = parse_date(message.text or "")
    except DateProblem as problem:
        await notice(manager, f"report-when-{problem.reason}")
        return
    if value < EARLIEST:
        await notice(manager, "report-when-too-old")
    elif value > latest_day(manager):
        await notice(manager, "report-when-future")
    else:
        await accept_when(manager, value)


async def on_when_skip(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    await accept_when(manager, None)


async def channel_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    return {"channels": [(c, i18n(f"report-channel-{c}")) for c in CHANNELS]}


async def on_channel(callback: CallbackQuery, _: Any, manager: DialogManager, channel: str) -> None:
    if channel not in CHANNELS:
        await refuse(callback, manager, "errors-unavailable")
        return
    draft(manager)["channel"] = channel
    await manager.switch_to(Report.who)


async def on_channel_skip(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    draft(manager)["channel"] = None
    await manager.switch_to(Report.who)


# The free-text questions: where -> who -> demand -> relatives -> (the report is saved) evidence.


async def next_after(manager: DialogManager, field: str) -> None:
    if field == "where":
        await manager.switch_to(Report.channel)
    elif field == "who":
        await manager.switch_to(Report.demand)
    elif field == "demand":
        await manager.switch_to(Report.relatives)
    else:
        await save_draft(manager)
        await manager.switch_to(Report.evidence)


def field_of(manager: DialogManager) -> str:
    return {Report.where: "where", Report.who: "who", Report.demand: "demand"}.get(
        manager.current_context().state, "relatives")


async def on_text_answer(message: Message, _: Any, manager: DialogManager) -> None:
    text = (message.text or "").strip()
    if len(text) > MAX_TEXT_CHARS:
        await notice(manager, "report-text-too-long")
        return
    field = field_of(manager)
    draft(manager)[field] = text
    await next_after(manager, field)


async def on_text_skip(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    field = field_of(manager)
    draft(manager)[field] = None
    await next_after(manager, field)


async def save_draft(manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("report_id") is None:
        report = await service(manager).create(profile(manager).id, draft(manager), data.get("case_id"))
        data["report_id"] = report.id


# --- evidence -----------------------------------------------------------------------------------


async def evidence_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    report = await current_report(dialog_manager)
    if report is None:
        return {"body": i18n("report-not-found"), "found": False}
    items = await service(dialog_manager).evidence.list(report.id)
    parts = [i18n("report-evidence-body", code=report.code)]
    if items:
        parts.append(i18n("report-evidence-stored") + "\n" + "\n".join(item_line(i18n, e) for e in items))
    return {"body": "\n\n".join(parts), "found": True}


async def on_evidence(message: Message, _: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    item = incoming(message)
    if item is None:
        await notice(manager, "report-evidence-unsupported")
        return
    report = await current_report(manager)
    if report is None:
        await notice(manager, "errors-unavailable")
        return
    bot = manager.middleware_data["bot"]
    try:
        entry = await service(manager).add_evidence(bot, report, item, message.message_id)
    except EvidenceProblem as problem:
        await notice(manager, f"report-evidence-{problem.reason}")
        return
    # A receipt of its own, so it stays in the chat when the screen below is replaced.
    await bot.send_message(message.chat.id, i18n.compose("report-receipt-title", item_line(i18n, entry)))


async def on_evidence_done(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    if manager.dialog_data.get("new"):
        await manager.switch_to(Report.consent)
        return
    await hand_off(callback, manager)
    await manager.switch_to(Report.view)


async def hand_off(callback: CallbackQuery, manager: DialogManager) -> str:
    """Passes on what the user agreed to share; returns what the user is told (a report-handoff-* id)."""
    report = await current_report(manager)
    if report is None:
        return "report-handoff-private"
    case_service = cases(manager)
    _, reached = await service(manager).hand_off(profile(manager), report, case_service)
    if not report.consent.volunteers:
        outcome = "report-handoff-private"
    elif not case_service.available:
        outcome = "report-handoff-unavailable"
    else:
        outcome = "report-handoff-sent"
    if reached:
        await callback.answer(i18n_of(manager)("report-handoff-toast"))
    return outcome


# --- consent ------------------------------------------------------------------------------------


def mark(on: bool) -> str:
    return "✅" if on else "⬜"


async def consent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    report = await current_report(dialog_manager)
    consent = report.consent if report else Consent()
    new = bool(dialog_manager.dialog_data.get("new"))
    return {
        "code": report.code if report else "",
        "found": report is not None,
        "volunteers": f"{mark(consent.volunteers)} {i18n('report-consent-volunteers')}",
        "lawyers": f"{mark(consent.lawyers)} {i18n('report-consent-lawyers')}",
        "statistics": f"{mark(consent.statistics)} {i18n('report-consent-statistics')}",
        "new": new and report is not None,
        "saved": not new and report is not None,
    }


def consent_body(data: dict[str, Any], i18n: I18nContext) -> str:
    if not data["found"]:
        return i18n("report-not-found")
    return i18n("report-consent-body", code=data["code"])


async def on_toggle(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    report = await current_report(manager)
    if report is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    consent = report.consent
    name = button.widget_id
    if name == "volunteers":
        changed = Consent(not consent.volunteers, consent.lawyers, consent.statistics)
    elif name == "lawyers":
        changed = Consent(consent.volunteers, not consent.lawyers, consent.statistics)
    else:
        changed = Consent(consent.volunteers, consent.lawyers, not consent.statistics)
    saved = await service(manager).set_consent(report, changed)
    if consent.volunteers and not saved.consent.volunteers and report.handed_off:
        # Revoked: nothing more goes to the volunteers; what they already have stays with them.
        await notice(manager, "report-consent-revoked")


async def on_consent_done(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    outcome = await hand_off(callback, manager)
    if manager.dialog_data.get("new"):
        manager.dialog_data["new"] = False
        manager.dialog_data["outcome"] = outcome
        await manager.switch_to(Report.done)
        return
    await manager.switch_to(Report.view)


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    report = await current_report(dialog_manager)
    if report is None:
        return {"body": i18n("report-not-found")}
    outcome = dialog_manager.dialog_data.get("outcome", "report-handoff-private")
    return {"body": "\n\n".join([i18n("report-done-body", code=report.code), i18n(outcome), i18n("report-done-later")])}


# --- My reports ---------------------------------------------------------------------------------


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    reports = await service(dialog_manager).list(profile(dialog_manager).id)
    items = [(r.id, f"{r.code} · {format_date(i18n.locale, r.created_at.date())} · 📎 {count}") for r, count in reports]
    return {"reports": items, "has_reports": bool(items)}


def list_body(data: dict[str, Any], i18n: I18nContext) -> str:
    return i18n("report-list-body") if data["has_reports"] else i18n("report-list-empty")


async def on_report(callback: CallbackQuery, _: Any, manager: DialogManager, raw_id: str) -> None:
    report = await service(manager).get(profile(manager).id, _as_id(raw_id))
    if report is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    manager.dialog_data.clear()
    manager.dialog_data.update(report_id=report.id, new=False)
    await manager.switch_to(Report.view)


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    report = await current_report(dialog_manager)
    if report is None:
        return {"body": i18n("report-not-found"), "found": False}
    items = await service(dialog_manager).evidence.list(report.id)
    consent = report.consent
    parts = [
        i18n("report-view-head", code=report.code, date=format_date(i18n.locale, report.created_at.date())),
        summary(i18n, report.answers),
        i18n("report-evidence-stored") + "\n" + "\n".join(item_line(i18n, e) for e in items)
        if items else i18n("report-evidence-none"),
        "\n".join([f"{mark(consent.volunteers)} {i18n('report-consent-volunteers')}",
                   f"{mark(consent.lawyers)} {i18n('report-consent-lawyers')}",
                   f"{mark(consent.statistics)} {i18n('report-consent-statistics')}"]),
    ]
    days = dialog_manager.middleware_data["settings"].cases.retention_days
    parts.append(i18n("report-retention-kept") if report.keep else i18n("report-retention-auto", days=days))
    return {"body": "\n\n".join(parts), "found": True, "kept": report.keep, "not_kept": not report.keep}


async def on_keep(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    """Keep the report past the retention period, or let it go again."""
    report = await current_report(manager)
    data = manager.middleware_data
    if report is None or not await ReportRepository(data["session"], data["cipher"]).set_keep(
            report.user_id, report.id, button.widget_id == "keep"):
        await refuse(callback, manager, "errors-unavailable")
        return
    await data["session"].commit()


async def on_add_more(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    if await current_report(manager) is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    manager.dialog_data["new"] = False
    await manager.switch_to(Report.evidence)


async def on_sharing(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    if await current_report(manager) is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    await manager.switch_to(Report.consent)


async def on_delete(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    deleted = await service(manager).delete(profile(manager).id, manager.dialog_data.get("report_id", -1))
    manager.dialog_data.clear()
    if deleted:
        await callback.answer(i18n_of(manager)("report-deleted"))
    await manager.switch_to(Report.list)


# --- the dialog ---------------------------------------------------------------------------------


def _back(state, widget_id: str) -> SwitchTo:
    return SwitchTo(Tr("common-back"), id=widget_id, state=state)


def _skip(on_click, widget_id: str) -> Button:
    return Button(Tr("report-skip"), id=widget_id, on_click=on_click)


def _text_question(state, body_id: str, back_to, prefix: str):
    return screen(
        Screen("report-title", body_id),
        MessageInput(on_text_answer, filter=USER_TEXT),
        _skip(on_text_skip, f"{prefix}_skip"),
        Row(_back(back_to, f"{prefix}_back"), menu_button()),
        state=state,
    )


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("report-title", "report-intro-body"),
            Button(Tr("report-accept"), id="accept", on_click=on_accept),
            SwitchTo(Tr("report-my-reports"), id="my_reports", state=Report.list),
            Button(Tr("report-guide"), id="intro_guide", on_click=on_guide),
            menu_button(),
            state=Report.intro,
        ),
        screen(
            Screen("report-title", "report-danger-body"),
            Button(Tr("report-danger-yes"), id="danger_yes", on_click=on_danger_yes),
            Button(Tr("report-danger-no"), id="danger_no", on_click=on_danger_no),
            _skip(on_danger_no, "danger_skip"),
            Row(_back(Report.intro, "danger_back"), menu_button()),
            state=Report.danger,
        ),
        screen(
            Screen("report-title", lambda data, _: data["body"]),
            SwitchTo(Tr("report-continue"), id="safety_next", state=Report.what),
            menu_button(),
            getter=safety_getter,
            state=Report.safety,
        ),
        screen(
            Screen("report-title", "report-what-body"),
            Column(Multiselect(Format("✅ {item[1]}"), Format("{item[1]}"), id="what",
                               item_id_getter=lambda w: w[0], items="kinds")),
            Row(Button(Tr("report-continue"), id="what_next", on_click=on_what_next),
                _skip(on_what_next, "what_skip")),
            Row(_back(Report.danger, "what_back"), menu_button()),
            getter=what_getter,
            state=Report.what,
        ),
        screen(
            Screen("report-title", "report-when-body"),
            LocalCalendar(id="cal", on_click=on_when_selected),
            MessageInput(on_when_typed, filter=USER_TEXT),
            _skip(on_when_skip, "when_skip"),
            Row(_back(Report.what, "when_back"), menu_button()),
            getter=when_getter,
            state=Report.when,
        ),
        _text_question(Report.where, "report-where-body", Report.when, "where"),
        screen(
            Screen("report-title", "report-channel-body"),
            Column(Select(Format("{item[1]}"), id="channel", item_id_getter=lambda c: c[0], items="channels",
                          on_click=on_channel)),
            _skip(on_channel_skip, "channel_skip"),
            Row(_back(Report.where, "channel_back"), menu_button()),
            getter=channel_getter,
            state=Report.channel,
        ),
        _text_question(Report.who, "report-who-body", Report.channel, "who"),
        _text_question(Report.demand, "report-demand-body", Report.who, "demand"),
        _text_question(Report.relatives, "report-relatives-body", Report.demand, "relatives"),
        screen(
            Screen("report-title", lambda data, _: data["body"]),
            MessageInput(on_evidence, filter=not_command),
            Button(Tr("report-evidence-done"), id="evidence_done", on_click=on_evidence_done, when="found"),
            Button(Tr("report-guide"), id="evidence_guide", on_click=on_guide),
            menu_button(),
            getter=evidence_getter,
            state=Report.evidence,
        ),
        screen(
            Screen("report-title", consent_body),
            Column(
                Button(Format("{volunteers}"), id="volunteers", on_click=on_toggle),
                Button(Format("{lawyers}"), id="lawyers", on_click=on_toggle),
                Button(Format("{statistics}"), id="statistics", on_click=on_toggle),
                when="found",
            ),
            Button(Tr("report-finish"), id="finish", on_click=on_consent_done, when="new"),
            Button(Tr("report-save"), id="save", on_click=on_consent_done, when="saved"),
            menu_button(),
            getter=consent_getter,
            state=Report.consent,
        ),
        screen(
            Screen("report-title", lambda data, _: data["body"]),
            SwitchTo(Tr("report-my-reports"), id="done_list", state=Report.list),
            menu_button(),
            getter=done_getter,
            state=Report.done,
        ),
        screen(
            Screen("report-title", list_body),
            Column(Select(Format("{item[1]}"), id="report", item_id_getter=lambda r: r[0], items="reports",
                          on_click=on_report)),
            SwitchTo(Tr("report-new"), id="list_new", state=Report.intro),
            menu_button(),
            getter=list_getter,
            state=Report.list,
        ),
        screen(
            Screen("report-title", lambda data, _: data["body"]),
            Button(Tr("report-add-more"), id="add_more", on_click=on_add_more, when="found"),
            Button(Tr("report-sharing"), id="sharing", on_click=on_sharing, when="found"),
            Button(Tr("report-guide"), id="view_guide", on_click=on_guide),
            Button(Tr("report-keep"), id="keep", on_click=on_keep, when="not_kept"),
            Button(Tr("report-unkeep"), id="unkeep", on_click=on_keep, when="kept"),
            SwitchTo(Tr("report-delete"), id="delete", state=Report.delete, when="found"),
            Row(_back(Report.list, "view_back"), menu_button()),
            getter=view_getter,
            state=Report.view,
        ),
        screen(
            Screen("report-title", "report-delete-body"),
            Button(Tr("report-delete-confirm"), id="delete_yes", on_click=on_delete),
            Row(_back(Report.view, "delete_back"), menu_button()),
            state=Report.delete,
        ),
        screen(
            Screen("report-title", lambda data, _: data["body"]),
            Button(Tr("common-back"), id="guide_back", on_click=on_guide_back),
            menu_button(),
            getter=guide_getter,
            state=Report.guide,
        ),
    )
