"""What volunteers see of a case: the topic's name and the card it opens with. No user identity."""

from __future__ import annotations

import html

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.services.telegram_limits import TEXT_LIMIT, pack, split_plain, telegram_length, utf16_length
from storage.cases import PRIORITIES, CaseEntry

PRIORITY_MARK = {"urgent": "🔴", "high": "🟠", "normal": "🟢"}
RESOLUTIONS = ("resolved", "referred", "no-reply", "duplicate", "other")
# A shared line longer than this (a report's answer may have 1500 characters) shows shortened on
# the card and in the notice that flags it, and follows whole in notices of its own.
CARD_LINE_CHARS = 300


class CaseAction(CallbackData, prefix="case"):
    """A button in a case's topic. Re-checked on the server: the case must be the topic's own,
    and the presser an active volunteer or coordinator."""

    action: str  # claim / release / close / resolve / priority / card
    case_id: int
    value: str = ""


def topic_name(translator: Translator, locale: str, case: CaseEntry) -> str:
    subject = translator.get(locale, f"cases-subject-{case.subject}")
    priority = translator.get(locale, f"cases-priority-{case.priority}")
    return f"{PRIORITY_MARK[case.priority]} {case.code} · {subject} · {priority}"[:128]


def card_text(translator: Translator, locale: str, case: CaseEntry, card: list[str]) -> str:
    return card_layout(translator, locale, case, card)[0]


def card_layout(translator: Translator, locale: str, case: CaseEntry, card: list[str]) -> tuple[str, list[str]]:
    """The card, within Telegram's limit, and the shared lines it does not show whole.

    A line longer than CARD_LINE_CHARS shows shortened; lines that no longer fit (the later ones)
    are left out, with their number. Whatever the card does not show whole is sent with /card in
    notices of its own (shared_in_full); long lines also follow the notice that flags them."""
    t = lambda message_id, **args: translator.get(locale, message_id, **args)  # noqa: E731
    lines = [
        f"<b>{t('cases-card-title', code=case.code)}</b>",
        t("cases-card-language", language=translator.native_name(case.locale)),
        t("cases-card-subject", subject=t(f"cases-subject-{case.subject}")),
        t("cases-card-priority", priority=t(f"cases-priority-{case.priority}")),
    ]
    tail = ["", t("cases-card-howto")]
    if not card:
        return "\n".join([*lines, "", t("cases-card-nothing-shared"), *tail]), []
    lines += ["", t("cases-card-shared")]
    notes = ["", t("cases-card-shortened"), t("cases-card-left-out", count=len(card))]
    room = TEXT_LIMIT - telegram_length("\n".join([*lines, *notes, *tail]))
    shortened: list[str] = []
    left_out: list[str] = []
    for line in card:
        entry = f"• {html.escape(card_preview(line))}"
        if left_out or telegram_length(entry) + 1 > room:
            left_out.append(line)
            continue
        room -= telegram_length(entry) + 1
        lines.append(entry)
        if is_long(line):
            shortened.append(line)
    lines += [""] if shortened or left_out else []
    lines += [t("cases-card-shortened")] if shortened else []
    lines += [t("cases-card-left-out", count=len(left_out))] if left_out else []
    return "\n".join([*lines, *tail]), [*shortened, *left_out]


def is_long(line: str) -> bool:
    return len(line) > CARD_LINE_CHARS


def card_preview(line: str) -> str:
    """The line, or its beginning up to a space, marked as shortened."""
    if not is_long(line):
        return line
    cut = line[:CARD_LINE_CHARS]
    space = cut.rfind(" ")
    return f"{cut[:space] if space > CARD_LINE_CHARS // 2 else cut} …"


def shared_in_full(translator: Translator, locale: str, case: CaseEntry, lines: list[str]) -> list[str]:
    """Shared lines whole, as texts for topic notices (which start with the case code on a line
    of its own), each within Telegram's limit. A line too long for one notice is cut at a
    paragraph, line, sentence or space and continues in the next."""
    if not lines:
        return []
    title = translator.get(locale, "cases-card-in-full")
    room = notice_room(case) - telegram_length(title) - 1
    blocks = []
    for line in lines:
        pieces = split_plain(line, room - 2)
        blocks += [f"• {html.escape(pieces[0])}", *(html.escape(piece) for piece in pieces[1:])]
    return [f"{title}\n{text}" for text in pack(blocks, room)]


def notice_text(case: CaseEntry, text: str) -> str:
    """A notice in a case's topic: the case code is the first line, all a lock screen shows."""
    return f"<b>{case.code}</b>\n{text}"


def notice_room(case: CaseEntry) -> int:
    """What Telegram's limit leaves for a notice's own text, after notice_text's code line."""
    return TEXT_LIMIT - utf16_length(case.code) - 1


def card_keyboard(translator: Translator, locale: str, case: CaseEntry) -> InlineKeyboardMarkup:
    t = lambda message_id: translator.get(locale, message_id)  # noqa: E731
    button = lambda label, action, value="": InlineKeyboardButton(  # noqa: E731
        text=label, callback_data=CaseAction(action=action, case_id=case.id, value=value).pack())
    rows = [
        [button(t("cases-button-claim"), "claim"), button(t("cases-button-release"), "release")],
        [button(f"{PRIORITY_MARK[p]} {t(f'cases-priority-{p}')}", "priority", p) for p in PRIORITIES],
        [button(t("cases-button-close"), "close")],
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def resolution_keyboard(translator: Translator, locale: str, case: CaseEntry) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=translator.get(locale, f"cases-resolution-{r}"),
                                  callback_data=CaseAction(action="resolve", case_id=case.id, value=r).pack())]
            for r in RESOLUTIONS]
    return InlineKeyboardMarkup(inline_keyboard=rows)
