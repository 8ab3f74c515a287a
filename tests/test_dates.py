"""bot/services/dates.py: the three typed forms, and every kind of bad date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.dates import DateProblem, latest_expiry, parse_date, parse_expiry

TODAY = date(2026, 11, 22)


# Also Arabic-Indic digits (Uyghur keyboards) and full-width digits (Chinese input methods).
@pytest.mark.parametrize("text", ["2026-03-01", "01.03.2026", "1.3.2026", " 1.3.2026 ", "٠١.٠٣.٢٠٢٦", "１.３.２０２６"])
def test_three_forms_give_the_same_day(text: str) -> None:
    assert parse_date(text) == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.02.2026", "impossible"),
        ("2026-13-01", "impossible"),
        ("29.02.2027", "impossible"),
        ("21.11.2026", "past"),
        ("01.01.1900", "too-old"),
        ("1999-12-31", "too-old"),
        ("23.11.2046", "too-far"),
        ("next tuesday", "format"),
        ("1 March 2026", "format"),
        ("2026/03/01", "format"),
        ("01.03.26", "format"),
        ("", "format"),
    ],
)
def test_bad_dates_name_the_problem(text: str, reason: str) -> None:
    with pytest.raises(DateProblem) as problem:
        parse_expiry(text, TODAY)
    assert problem.value.reason == reason


def test_today_and_the_last_allowed_day_are_accepted() -> None:
    assert parse_expiry("22.11.2026", TODAY) == TODAY
    assert parse_expiry("2046-11-22", TODAY) == date(2046, 11, 22)
    assert latest_expiry(date(2080, 2, 29)) == date(2100, 2, 28)  # 2100 is no leap year


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(["iso", "dotted", "short"]))
def test_every_written_date_reads_back(day: date, form: str) -> None:
    text = {
        "iso": f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        "dotted": f"{day.day:02d}.{day.month:02d}.{day.year:04d}",
        "short": f"{day.day}.{day.month}.{day.year:04d}",
    }[form]
    assert parse_date(text) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 1, 1)))
def test_expiry_rules_hold_for_any_pair_of_days(day: date, today: date) -> None:
    text = f"{day.day}.{day.month}.{day.year}"
    try:
        accepted = parse_expiry(text, today)
    except DateProblem as problem:
        assert problem.reason in {"past", "too-old", "too-far"}
        assert day < today or day.year < 2000 or day > latest_expiry(today)
    else:
        assert accepted == day and today <= day <= latest_expiry(today) and day.year >= 2000


@given(st.integers(1, 31), st.integers(1, 12), st.integers(2000, 2099))
def test_impossible_days_are_never_accepted(d: int, m: int, y: int) -> None:
    try:
        expected = date(y, m, d)
    except ValueError:
        with pytest.raises(DateProblem, match="impossible"):
            parse_date(f"{d:02d}.{m:02d}.{y}")
    else:
        assert parse_date(f"{d:02d}.{m:02d}.{y}") == expected


@given(st.text(max_size=20))
def test_any_text_gives_a_date_or_a_named_problem(text: str) -> None:
    try:
        parse_expiry(text, TODAY)
    except DateProblem as problem:
        assert problem.reason in {"format", "impossible", "past", "too-old", "too-far"}


def test_tomorrow_is_fine() -> None:
    assert parse_expiry((TODAY + timedelta(days=1)).isoformat(), TODAY) == TODAY + timedelta(days=1)
