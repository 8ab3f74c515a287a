"""What volunteers see of a case: the topic's name and the card it opens with. No user identity."""

from __future__ import annotations

import html

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from storage.cases import PRIORITIES, CaseEntry

PRIORITY_MARK = {"urgent": "🔴", "high": "🟠", "normal": "🟢"}
RESOLUTIONS = ("resolved", "referred", "no-reply", "duplicate", "other")


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
    t = lambda message_id, **args: translator.get(locale, message_id, **args)  # noqa: E731
    lines = [
        f"<b>{t('cases-card-title', code=case.code)}</b>",
        t("cases-card-language", language=translator.native_name(case.locale)),
        t("cases-card-subject", subject=t(f"cases-subject-{case.subject}")),
        t("cases-card-priority", priority=t(f"cases-priority-{case.priority}")),
    ]
    if card:
        lines += ["", t("cases-card-shared"), *(f"• {html.escape(line)}" for line in card)]
    else:
        lines += ["", t("cases-card-nothing-shared")]
    lines += ["", t("cases-card-howto")]
    return "\n".join(lines)


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
