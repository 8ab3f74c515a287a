"""Dates typed by a user: 2026-03-01, 01.03.2026 or 1.3.2026. Pure: no clock, no I/O.

`parse_expiry(text, today)` returns a date or raises `DateProblem` whose `reason` names a
translated message (`papers-date-<reason>`), so the dialog can say exactly what was wrong and
keep the user where they are.
"""

from __future__ import annotations

import re
from datetime import date

MIN_YEAR = 2000
MAX_YEARS_AHEAD = 20

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# Arabic-Indic and Eastern Arabic-Indic digits (Uyghur keyboards), read as ASCII digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class DateProblem(ValueError):
    """`reason`: format (not one of the three forms), impossible (31.02), past, too-old, too-far."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_date(text: str) -> date:
    """A calendar date in one of the three forms; raises DateProblem("format" or "impossible")."""
    cleaned = text.strip().translate(_DIGITS)
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DOTTED.fullmatch(cleaned):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise DateProblem("format")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateProblem("impossible") from None


def check_expiry(value: date, today: date) -> date:
    """An expiry date worth reminding about: not past, from 2000 on, at most 20 years ahead."""
    if value.year < MIN_YEAR:
        raise DateProblem("too-old")
    if value < today:
        raise DateProblem("past")
    if value > latest_expiry(today):
        raise DateProblem("too-far")
    return value


def latest_expiry(today: date) -> date:
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def parse_expiry(text: str, today: date) -> date:
    return check_expiry(parse_date(text), today)
