"""Reports for coordinators: answers due for review, and statistics that identify no one."""

from __future__ import annotations

import html
from typing import Any

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery

from bot.context import I18nContext
from bot.routers.coordinators.common import Co, say
from bot.services.coordinator_stats import Stats, collect, percentile, priorities, render_chart
from bot.services.coordinator_stats import shown as shown_plain
from bot.services.review import overdue, review_text


def shown(count: int) -> str:
    return html.escape(shown_plain(count))  # "<5" in an HTML message


async def review(callback: CallbackQuery, i18n: I18nContext, **data: Any) -> None:
    await callback.answer()
    items = await overdue(data["session"], data["clock"]().date())
    await callback.message.bot.send_message(callback.message.chat.id, review_text(i18n, items))


def subject_label(i18n: I18nContext, subject: str) -> str:
    """The subject as volunteers' case cards name it; an unknown code (older data) as it is."""
    message_id = f"cases-subject-{subject}"
    return i18n(message_id) if i18n.translator.has(i18n.locale, message_id) else html.escape(subject)


def language_label(i18n: I18nContext, locale: str) -> str:
    """A language by its own name, as the language picker shows it; an unknown code as it is."""
    translator = i18n.translator
    return translator.native_name(locale) if locale in translator.locales else html.escape(locale or "—")


def stats_text(i18n: I18nContext, stats: Stats) -> list[str]:
    weeks = " | ".join(w.isoformat() for w in stats.weeks)

    def table(label: str, groups: dict, name) -> str:
        rows = sorted((name(i18n, key), counter) for key, counter in groups.items())
        lines = [f"<b>{label}</b> ({weeks})"]
        lines += [f"{row_label}: " + " | ".join(shown(counter[w]) for w in stats.weeks) for row_label, counter in rows]
        return "\n".join(lines if len(lines) > 1 else [*lines, i18n("coordinator-stats-nothing")])

    if len(stats.response_minutes) >= 5:
        response = i18n("coordinator-stats-response",
                        median=f"{percentile(stats.response_minutes, 0.5):.0f}",
                        p90=f"{percentile(stats.response_minutes, 0.9):.0f}",
                        count=shown(len(stats.response_minutes)))
    else:
        response = i18n("coordinator-stats-response-few")
    open_cases = ", ".join(f"{i18n(f'cases-priority-{p}')}: {shown(stats.open_by_priority[p])}" for p in priorities())
    votes = [f"{html.escape(slug)}: 👍 {shown(yes)} / 👎 {shown(no)}" for slug, yes, no in stats.votes if yes or no]
    return [
        table(i18n("coordinator-stats-subject"), stats.cases_by_subject, subject_label),
        table(i18n("coordinator-stats-language"), stats.cases_by_locale, language_label),
        response,
        f"<b>{i18n('coordinator-stats-open')}</b>\n{open_cases}",
        table(i18n("coordinator-stats-misses"), stats.misses, language_label),
        f"<b>{i18n('coordinator-stats-votes')}</b>\n" + ("\n".join(votes) or i18n("coordinator-stats-nothing")),
    ]


async def statistics(callback: CallbackQuery, i18n: I18nContext, **data: Any) -> None:
    stats = await collect(data["session"], data["clock"]().date())
    await say(callback, i18n, *stats_text(i18n, stats))
    chart = render_chart(stats, "Tirek", {"cases": i18n("coordinator-stats-chart-cases"),
                                          "misses": i18n("coordinator-stats-chart-misses")})
    await callback.message.bot.send_photo(callback.message.chat.id, BufferedInputFile(chart, filename="stats.png"))


async def on_button(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, **data: Any) -> None:
    if callback_data.a == "review":
        await review(callback, i18n, **data)
    else:
        await statistics(callback, i18n, **data)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_button, Co.filter(F.a.in_(("review", "stats"))))
    return router
