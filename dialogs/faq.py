"""Questions and answers: topics, questions, an answer with its sources, search, feedback."""

from __future__ import annotations

import html
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.context import I18nContext
from bot.i18n import format_date
from bot.services.cases import handoff_configured
from bot.services.faq import MAX_QUERY_CHARS, FaqService
from dialogs.common import menu_button
from dialogs.guards import refuse, screen
from dialogs.states import Faq, Handoff
from dialogs.widgets import Screen, Tr, i18n_of
from storage.repositories import FaqEntry


def faq_service(manager: DialogManager) -> FaqService:
    data = manager.middleware_data
    return FaqService(data["session"], data["faq_index"])


def _as_id(raw: str) -> int:
    # Callback data comes from the client: a non-number is treated as "no such item".
    return int(raw) if raw.isdigit() and len(raw) < 12 else -1


# --- search (also the entry point for free text typed anywhere) ------------------------------------


async def start_search(manager: DialogManager, text: str) -> None:
    i18n = i18n_of(manager)
    too_long = len(text) > MAX_QUERY_CHARS
    results = [] if too_long else await faq_service(manager).search(text, i18n.locale)
    if not results:
        await faq_service(manager).count_unanswered(i18n.locale, manager.middleware_data["clock"]().date())
    # Only the ids of the matches are kept in the dialog state, never the question itself.
    await manager.start(
        Faq.search, data={"results": [r.id for r in results], "too_long": too_long}, mode=StartMode.RESET_STACK
    )


async def search_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    start = dialog_manager.start_data or {}
    i18n = i18n_of(dialog_manager)
    service = faq_service(dialog_manager)
    entries = [await service.entry(item_id, i18n.locale) for item_id in start.get("results", [])]
    results = [(e.id, e.question) for e in entries if e is not None]
    reachable = handoff_configured(dialog_manager.middleware_data["settings"])
    return {"results": results, "too_long": bool(start.get("too_long")), "found": bool(results),
            "offer_volunteer": not results and reachable}


def search_body(data: dict[str, Any], i18n: I18nContext) -> str:
    if data["too_long"]:
        return i18n("faq-search-too-long")
    return i18n("faq-search-results") if data["found"] else i18n("faq-search-none")


# --- browsing ----------------------------------------------------------------------------------------


async def topics_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    topics = await faq_service(dialog_manager).topics(i18n_of(dialog_manager).locale)
    return {"topics": [(t.id, t.title) for t in topics]}


async def on_topic(callback: CallbackQuery, _: Any, manager: DialogManager, raw_id: str) -> None:
    topic = await faq_service(manager).topic(_as_id(raw_id), i18n_of(manager).locale)
    if topic is None:
        await refuse(callback, manager, "errors-unavailable")
        return
    manager.dialog_data["topic_id"] = topic.id
    await manager.switch_to(Faq.questions)


async def questions_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = i18n_of(dialog_manager).locale
    service = faq_service(dialog_manager)
    topic_id = dialog_manager.dialog_data.get("topic_id", -1)
    topic = await service.topic(topic_id, locale)
    questions = await service.questions(topic_id, locale) if topic else []
    return {"topic": topic.title if topic else "", "questions": [(q.id, q.question) for q in questions]}


def questions_body(data: dict[str, Any], i18n: I18nContext) -> str:
    if not data["questions"]:
        return i18n("faq-empty")
    return i18n("faq-questions-body", topic=data["topic"])


async def on_item(callback: CallbackQuery, _: Any, manager: DialogManager, raw_id: str) -> None:
    entry = await faq_service(manager).entry(_as_id(raw_id), i18n_of(manager).locale)
    if entry is None:
        await refuse(callback, manager, "faq-not-found")
        return
    manager.dialog_data["item_id"] = entry.id
    manager.dialog_data["from_search"] = manager.current_context().state == Faq.search
    await manager.switch_to(Faq.answer)


# --- one answer ---------------------------------------------------------------------------------------


def render_answer(entry: FaqEntry, i18n: I18nContext, *, today, voted: bool, ask_helpful: bool = True) -> str:
    escape = html.escape
    parts = [f"<b>{escape(entry.question)}</b>", escape(entry.answer)]
    if entry.sources:
        lines = [i18n("faq-sources")]
        for source in entry.sources:
            title = escape(source.title)
            if source.url.startswith(("https://", "http://")):
                title = f'<a href="{escape(source.url, quote=True)}">{title}</a>'
            details = [d for d in (escape(source.published), _confidence(source.confidence, i18n)) if d]
            lines.append(f"• {title}" + (f" ({', '.join(details)})" if details else ""))
        parts.append("\n".join(lines))
    checked = [i18n("faq-verified", date=format_date(i18n.locale, entry.verified_on))]
    if entry.recheck_by is not None and entry.recheck_by < today:
        checked.append(i18n("faq-recheck-overdue"))
    parts.append("\n".join(checked))
    if ask_helpful:
        parts.append(i18n("faq-helpful-thanks") if voted else i18n("faq-helpful-question"))
    return "\n\n".join(parts)


def _confidence(level: str, i18n: I18nContext) -> str:
    return {"M": i18n("faq-source-confidence-m"), "L": i18n("faq-source-confidence-l")}.get(level.upper()[:1], "")


async def answer_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    i18n = i18n_of(dialog_manager)
    entry = await faq_service(dialog_manager).entry(dialog_manager.dialog_data.get("item_id", -1), i18n.locale)
    voted = dialog_manager.dialog_data.get("voted_for") == dialog_manager.dialog_data.get("item_id")
    today = dialog_manager.middleware_data["clock"]().date()
    return {
        "answer": render_answer(entry, i18n, today=today, voted=voted) if entry else i18n("faq-not-found"),
        "can_vote": entry is not None and not voted,
        "from_search": bool(dialog_manager.dialog_data.get("from_search")),
        # Answers tell people to ask a volunteer; the way is offered only where it works.
        "offer_volunteer": handoff_configured(dialog_manager.middleware_data["settings"]),
    }


async def on_vote(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    item_id = manager.dialog_data.get("item_id", -1)
    if manager.dialog_data.get("voted_for") == item_id:
        return
    # Counted per item only: nothing links a vote to the person.
    if await faq_service(manager).vote(item_id, helpful=button.widget_id == "helpful_yes"):
        manager.dialog_data["voted_for"] = item_id


def _from_search(data: dict[str, Any], *_: Any) -> bool:
    return data["from_search"]


def _from_topic(data: dict[str, Any], *_: Any) -> bool:
    return not data["from_search"]


def create_dialog() -> Dialog:
    return Dialog(
        screen(
            Screen("faq-title", "faq-topics-body"),
            Column(Select(Format("{item[1]}"), id="topic", item_id_getter=lambda t: t[0], items="topics", on_click=on_topic)),
            menu_button(),
            getter=topics_getter,
            state=Faq.topics,
        ),
        screen(
            Screen("faq-title", questions_body),
            Column(Select(Format("{item[1]}"), id="item", item_id_getter=lambda q: q[0], items="questions", on_click=on_item)),
            Row(SwitchTo(Tr("common-back"), id="back_topics", state=Faq.topics), menu_button()),
            getter=questions_getter,
            state=Faq.questions,
        ),
        screen(
            Screen("faq-title", lambda data, _: data["answer"]),
            Row(
                Button(Tr("faq-helpful-yes"), id="helpful_yes", on_click=on_vote),
                Button(Tr("faq-helpful-no"), id="helpful_no", on_click=on_vote),
                when="can_vote",
            ),
            Start(Tr("faq-ask-volunteer"), id="answer_volunteer", state=Handoff.intro, when="offer_volunteer"),
            Row(
                SwitchTo(Tr("common-back"), id="back_questions", state=Faq.questions, when=_from_topic),
                SwitchTo(Tr("common-back"), id="back_search", state=Faq.search, when=_from_search),
                menu_button(),
            ),
            getter=answer_getter,
            state=Faq.answer,
        ),
        screen(
            Screen("faq-search-title", search_body),
            Column(Select(Format("{item[1]}"), id="result", item_id_getter=lambda r: r[0], items="results", on_click=on_item)),
            Start(Tr("faq-ask-volunteer"), id="ask_volunteer", state=Handoff.intro, when="offer_volunteer"),
            SwitchTo(Tr("faq-browse-topics"), id="browse", state=Faq.topics),
            menu_button(),
            getter=search_getter,
            state=Faq.search,
        ),
    )
