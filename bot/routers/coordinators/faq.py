"""FAQ editing for coordinators: topics, answers with their translation status, text per language
(preview, then publish or discard), sources and dates, history and rollback, deletion."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.context import I18nContext
from bot.i18n import Translator, format_date
from bot.routers.coordinators.common import Co, CoordinatorInput, button, keyboard, say, valid_id
from bot.services.faq_admin import COMPLETE, MISSING, OUTDATED, FaqAdminService, ItemState, entry_of
from bot.services.faq_csv import format_sources
from dialogs.faq import render_answer

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
MAX_MESSAGE = 4096
STATUS_MARK = {COMPLETE: "✅", OUTDATED: "⚠", MISSING: "✖"}


async def service(data: dict[str, Any], event: Message | CallbackQuery) -> FaqAdminService:
    return await FaqAdminService.from_data(data, event.from_user.id)


def locales_of(data: dict[str, Any]) -> list[str]:
    return data["translator"].complete_locales


def topic_title(titles: dict[str, str], locale: str) -> str:
    return titles.get(locale) or titles.get("en") or next(iter(titles.values()), "?")


# --- home and topics -----------------------------------------------------------------------------


async def home(event: Message | CallbackQuery, i18n: I18nContext, state: FSMContext) -> None:
    await state.clear()
    await say(event, i18n, i18n("coordinator-home"), markup=keyboard(
        button(i18n("coordinator-topics-button"), "topics"),
        button(i18n("coordinator-review-button"), "review"),
        [button(i18n("coordinator-export-button"), "export"), button(i18n("coordinator-import-button"), "import")],
        button(i18n("coordinator-stats-button"), "stats"),
        button(i18n("coordinator-announce-button"), "ann"),
    ))


async def topics(event: Message | CallbackQuery, i18n: I18nContext, **data: Any) -> None:
    found = await (await service(data, event)).repo.topics()
    await say(event, i18n, i18n("coordinator-topics"), markup=keyboard(
        *[button(topic_title(t.titles, i18n.locale), "topic", t.id) for t in found],
        button(i18n("coordinator-new-topic"), "newtopic"),
        button(i18n("coordinator-back"), "home"),
    ))


async def topic(event: Message | CallbackQuery, i18n: I18nContext, topic_id: int, **data: Any) -> None:
    admin = await service(data, event)
    found = next((t for t in await admin.repo.topics() if t.id == topic_id), None)
    if found is None:
        await say(event, i18n, i18n("coordinator-unavailable"))
        return
    items = await admin.overview(locales_of(data), topic_id)
    lines = [_status_line(item.slug, item.status, item.review_due) for item in items]
    body = i18n("coordinator-topic", topic=topic_title(found.titles, i18n.locale))
    await say(event, i18n, body, "\n".join(lines) or i18n("coordinator-topic-empty"), markup=keyboard(
        *[button(item.slug, "item", item.id) for item in items],
        button(i18n("coordinator-new-item"), "newitem", topic_id),
        [button(i18n("coordinator-rename", language=loc), "rename", topic_id, loc) for loc in locales_of(data)],
        [button(i18n("coordinator-move-up"), "move", topic_id, v=0), button(i18n("coordinator-move-down"), "move", topic_id, v=1)],
        button(i18n("coordinator-back"), "topics"),
    ))


def _status_line(slug: str, status: dict[str, str], due: bool) -> str:
    marks = " ".join(f"{loc} {STATUS_MARK[value]}" for loc, value in status.items())
    return f"<b>{html.escape(slug)}</b>: {marks}" + (" ⏰" if due else "")


# --- one item ---------------------------------------------------------------------------------------


async def item(event: Message | CallbackQuery, i18n: I18nContext, item_id: int, **data: Any) -> None:
    admin = await service(data, event)
    state = await admin.state(item_id)
    if state is None:
        await say(event, i18n, i18n("coordinator-unavailable"))
        return
    status = await admin.status(item_id, locales_of(data))
    today = data["clock"]().date()
    recheck = date.fromisoformat(state["recheck_by"]) if state["recheck_by"] else None
    body = i18n(
        "coordinator-item",
        slug=state["slug"],
        verified=format_date(i18n.locale, date.fromisoformat(state["verified_on"])),
        recheck=format_date(i18n.locale, recheck) if recheck else "—",
        sources=str(len(state["sources"])),
    )
    lines = [f"{loc}: {STATUS_MARK[value]} {i18n(f'coordinator-status-{value}')}" for loc, value in status.items()]
    if recheck is not None and recheck < today:
        lines.append(i18n("coordinator-review-due"))
    await say(event, i18n, body, "\n".join(lines), markup=keyboard(
        [button(i18n("coordinator-edit-locale", language=loc), "text", item_id, loc) for loc in status],
        [button(i18n("coordinator-sources-button"), "sources", item_id),
         button(i18n("coordinator-dates-button"), "dates", item_id)],
        [button(i18n("coordinator-history-button"), "history", item_id),
         button(i18n("coordinator-delete-item-button"), "delitem", item_id)],
        button(i18n("coordinator-back"), "topic", state["topic_id"]),
    ))


# --- typed input: text, sources, dates --------------------------------------------------------------


async def ask(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    admin = await service(data, callback)
    current = await admin.state(callback_data.i)
    if current is None or (callback_data.a == "text" and callback_data.loc not in locales_of(data)):
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    await state.set_state({"text": CoordinatorInput.text, "sources": CoordinatorInput.sources,
                           "dates": CoordinatorInput.dates}[callback_data.a])
    await state.set_data({"item": callback_data.i, "loc": callback_data.loc})
    rows = [button(i18n("coordinator-cancel"), "item", callback_data.i)]
    if callback_data.a == "text":
        language = data["translator"].native_name(callback_data.loc)
        if callback_data.loc in current["texts"]:
            rows.insert(0, button(i18n("coordinator-delete-text-button"), "deltext", callback_data.i, callback_data.loc))
        prompt = i18n("coordinator-ask-text", language=language)
    elif callback_data.a == "sources":
        # The current sources in the format the editor reads, marks included: copied, edited and
        # sent back, nothing is lost by retyping.
        listing = format_sources(current["sources"])
        shown = f"<pre>{html.escape(listing)}</pre>" if listing else i18n("coordinator-sources-none")
        prompt = i18n("coordinator-ask-sources") + "\n\n" + shown
    else:
        prompt = i18n(f"coordinator-ask-{callback_data.a}")
    await say(callback, i18n, prompt, markup=keyboard(*rows))


def parse_text(text: str) -> list[str] | None:
    """Question on the first line, answer below, optional keywords after a line "---"."""
    body, _, keywords = text.strip().partition("\n---")
    question, _, answer = body.strip().partition("\n")
    question, answer = question.strip(), answer.strip()
    return [question, answer, " ".join(keywords.split())] if question and answer else None


def parse_sources(text: str) -> list[list[str]] | int:
    """A list of [title, url, date, confidence], or the number of the first bad line."""
    if text.strip() == "-":
        return []
    sources = []
    for number, line in enumerate((x for x in text.splitlines() if x.strip()), start=1):
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        title, url, published, confidence = parts[0], parts[1], parts[2], parts[3][:1].upper()
        if not title or (url and not url.startswith(("https://", "http://"))) or confidence not in ("", "H", "M", "L"):
            return number
        sources.append([title, url, published, confidence])
    return sources


def unmarked_line(current: list[list[str]], sources: list[list[str]]) -> int | None:
    """The first new line without a confidence mark, when the answer has reported (M/L) sources.

    Users read a source without a mark as official. A coordinator retyping the list without the
    fourth field would silently turn "reported" into "official"; with reported sources present,
    every line must say what it is (H included), so such a change is always on purpose.
    """
    if not any(source[3] in ("M", "L") for source in current):
        return None
    return next((number for number, source in enumerate(sources, start=1) if not source[3]), None)


def parse_dates(text: str) -> tuple[str, str | None] | None:
    parts = text.split()
    try:
        verified = date.fromisoformat(parts[0]).isoformat()
        recheck = None if len(parts) < 2 or parts[1] == "-" else date.fromisoformat(parts[1]).isoformat()
    except (IndexError, ValueError):
        return None
    return (verified, recheck) if len(parts) <= 2 else None


def apply_draft(state: ItemState, draft: dict[str, Any]) -> None:
    kind, value = draft["kind"], draft["value"]
    if kind == "text":
        state["texts"][draft["loc"]] = value
    elif kind == "deltext":
        state["texts"].pop(draft["loc"], None)
    elif kind == "sources":
        state["sources"] = value
    else:
        state["verified_on"], state["recheck_by"] = value


async def on_input(message: Message, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    current, stored = await state.get_state(), await state.get_data()
    kind = {CoordinatorInput.text.state: "text", CoordinatorInput.sources.state: "sources",
            CoordinatorInput.dates.state: "dates"}[current]
    value: Any = {"text": parse_text, "sources": parse_sources, "dates": parse_dates}[kind](message.text)
    if value is None or isinstance(value, int):
        problem = {"text": "coordinator-bad-text", "sources": "coordinator-bad-sources",
                   "dates": "coordinator-bad-dates"}[kind]
        await say(message, i18n, i18n(problem, line=str(value)))
        return
    if kind == "sources":
        current_state = await (await service(data, message)).state(stored["item"])
        unmarked = unmarked_line(current_state["sources"] if current_state else [], value)
        if unmarked is not None:
            await say(message, i18n, i18n("coordinator-sources-mark-needed", line=str(unmarked)))
            return
    await preview(message, i18n, state, {"kind": kind, "item": stored["item"], "loc": stored.get("loc", ""),
                                         "value": value}, **data)


async def preview(event: Message | CallbackQuery, i18n: I18nContext, state: FSMContext, draft: dict[str, Any],
                  **data: Any) -> None:
    """The answer exactly as users in the draft's language will see it, with Publish / Discard."""
    admin = await service(data, event)
    current = await admin.state(draft["item"])
    if current is None:
        await state.clear()
        await say(event, i18n, i18n("coordinator-unavailable"))
        return
    apply_draft(current, draft)
    locale = draft["loc"] or (i18n.locale if i18n.locale in current["texts"] else next(iter(current["texts"]), ""))
    translator: Translator = data["translator"]
    reader = I18nContext(translator, locale or i18n.locale)
    entry = entry_of(draft["item"], current, locale)
    shown = (reader.compose("faq-title", render_answer(entry, reader, today=data["clock"]().date(), voted=False))
             if entry else i18n.compose("coordinator-title", i18n("coordinator-preview-empty")))
    if len(shown) > MAX_MESSAGE - 200:
        await say(event, i18n, i18n("coordinator-too-long"))
        return
    await state.set_state(None)
    await state.set_data({"draft": draft})
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(event, CallbackQuery):
        await event.answer()
    await message.bot.send_message(message.chat.id, i18n.compose("coordinator-title", i18n("coordinator-preview")))
    await message.bot.send_message(message.chat.id, shown, reply_markup=keyboard(
        [button(i18n("coordinator-publish"), "publish", draft["item"]),
         button(i18n("coordinator-discard"), "discard", draft["item"])]))


async def publish(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                  **data: Any) -> None:
    draft = (await state.get_data()).get("draft")
    await state.clear()
    if draft is None or draft["item"] != callback_data.i:
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    if callback_data.a == "discard":
        await say(callback, i18n, i18n("coordinator-discarded"))
    elif await (await service(data, callback)).edit(draft["item"], lambda s: apply_draft(s, draft)):
        await say(callback, i18n, i18n("coordinator-published"))
    else:
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    await item(callback, i18n, draft["item"], **data)


async def delete_text(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                      **data: Any) -> None:
    if callback_data.loc not in locales_of(data):
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    await preview(callback, i18n, state, {"kind": "deltext", "item": callback_data.i, "loc": callback_data.loc,
                                          "value": None}, **data)


# --- history, rollback, deletion, creation ----------------------------------------------------------


async def history(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, **data: Any) -> None:
    admin = await service(data, callback)
    state = await admin.state(callback_data.i)
    versions = (await admin.history(callback_data.i))[-10:]
    if state is None:
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    lines = [i18n("coordinator-version", version=str(v.id), date=format_date(i18n.locale, v.at.date()),
                  action=v.action, languages=", ".join(v.locales) or "—", author=v.actor)
             for v in reversed(versions)]
    rows = [button(i18n("coordinator-rollback-button", version=str(v.id)), "rollback", callback_data.i, v=v.id)
            for v in reversed(versions[:-1]) if v.state is not None]
    await say(callback, i18n, i18n("coordinator-history", slug=state["slug"]),
              "\n".join(lines) or i18n("coordinator-history-empty"),
              markup=keyboard(*[rows[i:i + 3] for i in range(0, len(rows), 3)],
                              button(i18n("coordinator-back"), "item", callback_data.i)))


async def rollback(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, **data: Any) -> None:
    admin = await service(data, callback)
    if not valid_id(callback_data.v) or not await admin.rollback(callback_data.i, callback_data.v):
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    await say(callback, i18n, i18n("coordinator-rolled-back", version=str(callback_data.v)))
    await item(callback, i18n, callback_data.i, **data)


async def delete_item(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, **data: Any) -> None:
    admin = await service(data, callback)
    state = await admin.state(callback_data.i)
    if state is None:
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    if callback_data.a == "delitem":
        await say(callback, i18n, i18n("coordinator-confirm-delete", slug=state["slug"]), markup=keyboard(
            [button(i18n("coordinator-yes-delete"), "delitem_ok", callback_data.i),
             button(i18n("coordinator-cancel"), "item", callback_data.i)]))
        return
    await admin.change(callback_data.i, "delete", None)
    await say(callback, i18n, i18n("coordinator-deleted"))
    await topic(callback, i18n, state["topic_id"], **data)


async def ask_new(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                  **data: Any) -> None:
    target = {"newitem": CoordinatorInput.new_item, "newtopic": CoordinatorInput.new_topic,
              "rename": CoordinatorInput.topic_title}[callback_data.a]
    await state.set_state(target)
    await state.set_data({"topic": callback_data.i, "loc": callback_data.loc})
    prompt = {"newitem": "coordinator-ask-slug", "newtopic": "coordinator-ask-topic",
              "rename": "coordinator-ask-topic-title"}[callback_data.a]
    language = data["translator"].native_name(callback_data.loc) if callback_data.loc in locales_of(data) else ""
    await say(callback, i18n, i18n(prompt, language=language),
              markup=keyboard(button(i18n("coordinator-cancel"), "topics")))


async def on_new(message: Message, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    current, stored = await state.get_state(), await state.get_data()
    admin = await service(data, message)
    text = message.text.strip()
    known = {t.id for t in await admin.repo.topics()}
    if current == CoordinatorInput.topic_title.state:
        if stored["topic"] not in known or stored["loc"] not in locales_of(data) or not 0 < len(text) <= 128:
            await say(message, i18n, i18n("coordinator-bad-title"))
            return
        await state.clear()
        await admin.rename_topic(stored["topic"], stored["loc"], text)
        await topic(message, i18n, stored["topic"], **data)
        return
    slug, _, title = text.partition(" ")
    slug = slug.lower()
    if current == CoordinatorInput.new_topic.state:
        topic_id = await admin.add_topic(slug, title.strip(), locales_of(data)) if SLUG.match(slug) and title.strip() else None
        if topic_id is None:
            await say(message, i18n, i18n("coordinator-bad-slug"))
            return
        await state.clear()
        await topic(message, i18n, topic_id, **data)
        return
    item_id = await admin.create(stored["topic"], slug) if SLUG.match(slug) and not title and stored["topic"] in known else None
    if item_id is None:
        await say(message, i18n, i18n("coordinator-bad-slug"))
        return
    await state.clear()
    await say(message, i18n, i18n("coordinator-created"))
    await item(message, i18n, item_id, **data)


async def move(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, **data: Any) -> None:
    await (await service(data, callback)).move_topic(callback_data.i, -1 if callback_data.v == 0 else 1)
    await topics(callback, i18n, **data)


# --- routing ---------------------------------------------------------------------------------------


async def on_button(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                    **data: Any) -> None:
    action, target = callback_data.a, callback_data.i
    if action == "home":
        await home(callback, i18n, state)
        return
    if action not in ("topics", "newtopic") and not valid_id(target):
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    await state.set_state(None)
    if action == "topics":
        await topics(callback, i18n, **data)
    elif action == "topic":
        await topic(callback, i18n, target, **data)
    elif action == "item":
        await item(callback, i18n, target, **data)
    elif action in ("text", "sources", "dates"):
        await ask(callback, callback_data, i18n, state, **data)
    elif action in ("publish", "discard"):
        await publish(callback, callback_data, i18n, state, **data)
    elif action == "deltext":
        await delete_text(callback, callback_data, i18n, state, **data)
    elif action == "history":
        await history(callback, callback_data, i18n, **data)
    elif action == "rollback":
        await rollback(callback, callback_data, i18n, **data)
    elif action in ("delitem", "delitem_ok"):
        await delete_item(callback, callback_data, i18n, **data)
    elif action in ("newitem", "newtopic", "rename"):
        await ask_new(callback, callback_data, i18n, state, **data)
    elif action == "move":
        await move(callback, callback_data, i18n, **data)
    else:
        await say(callback, i18n, i18n("coordinator-unavailable"))


async def open_tools(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    await home(message, i18n, state)


FAQ_ACTIONS = ("home", "topics", "topic", "item", "text", "sources", "dates", "publish", "discard", "deltext",
               "history", "rollback", "delitem", "delitem_ok", "newitem", "newtopic", "rename", "move")


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(open_tools, Command("faqadmin"))
    typed = F.text & ~F.text.startswith("/")
    router.message.register(on_input, StateFilter(CoordinatorInput.text, CoordinatorInput.sources,
                                                  CoordinatorInput.dates), typed)
    router.message.register(on_new, StateFilter(CoordinatorInput.new_item, CoordinatorInput.new_topic,
                                                CoordinatorInput.topic_title), typed)
    router.callback_query.register(on_button, Co.filter(F.a.in_(FAQ_ACTIONS)))
    return router
