"""Statistics for coordinators that identify no one: counts only, and any count under 5 is "<5".

Cases are read as (week, subject, language, priority, times) only; nothing about a person
leaves the database. Times to first response are shown only over at least 5 cases.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.cases import OPEN, PRIORITIES
from storage.faq_admin import FaqAdminRepository
from storage.models import Case

MIN_COUNT = 5
WEEKS = 4


def shown(count: int) -> str:
    """A count as coordinators see it: small counts could point at a person."""
    return "<5" if 0 < count < MIN_COUNT else str(count)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[rank]


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Stats:
    weeks: list[date]
    cases_by_subject: dict[str, Counter]  # subject -> week -> count
    cases_by_locale: dict[str, Counter]
    response_minutes: list[float]
    open_by_priority: Counter
    misses: dict[str, Counter]  # locale -> week -> count
    votes: list[tuple[str, int, int]]


async def collect(session: AsyncSession, today: date) -> Stats:
    weeks = [week_of(today) - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    start = datetime.combine(weeks[0], datetime.min.time(), tzinfo=UTC)
    by_subject: dict[str, Counter] = {}
    by_locale: dict[str, Counter] = {}
    response: list[float] = []
    rows = await session.execute(
        select(Case.opened_at, Case.first_response_at, Case.subject, Case.locale).where(Case.opened_at >= start))
    for opened, first_response, subject, locale in rows:
        week = week_of(_aware(opened).date())
        by_subject.setdefault(subject, Counter())[week] += 1
        by_locale.setdefault(locale, Counter())[week] += 1
        if first_response is not None:
            response.append((_aware(first_response) - _aware(opened)).total_seconds() / 60)
    open_rows = await session.execute(select(Case.priority).where(Case.status == OPEN))
    open_by_priority = Counter(priority for (priority,) in open_rows)
    repo = FaqAdminRepository(session)
    misses: dict[str, Counter] = {}
    for day, locale, count in await repo.misses_since(weeks[0]):
        misses.setdefault(locale, Counter())[week_of(day)] += count
    return Stats(weeks, by_subject, by_locale, response, open_by_priority, misses, await repo.votes())


def render_chart(stats: Stats, title: str, labels: dict[str, str]) -> bytes:
    """Cases and unanswered searches per week as a PNG. Bars under 5 are drawn at zero height
    and labelled "<5", so the picture says no more than the text."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    weeks = [w.isoformat() for w in stats.weeks]
    cases = [sum(c[w] for c in stats.cases_by_subject.values()) for w in stats.weeks]
    misses = [sum(c[w] for c in stats.misses.values()) for w in stats.weeks]
    figure, axes = pyplot.subplots(figsize=(7, 3.5), dpi=100)
    width = 0.4
    positions = range(len(weeks))
    for offset, values, label in ((-width / 2, cases, labels["cases"]), (width / 2, misses, labels["misses"])):
        heights = [v if v >= MIN_COUNT else 0 for v in values]
        bars = axes.bar([p + offset for p in positions], heights, width, label=label)
        axes.bar_label(bars, labels=[shown(v) for v in values])
    axes.set_xticks(list(positions), weeks)
    axes.set_title(title)
    axes.legend()
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    pyplot.close(figure)
    return out.getvalue()


def priorities() -> tuple[str, ...]:
    return PRIORITIES
