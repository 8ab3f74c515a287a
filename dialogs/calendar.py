"""aiogram-dialog's Calendar, made safe for Tirek.

- Labels: the stock widget formats month and weekday names with `strftime`, i.e. in the process
  locale (English), whatever the user's language. Here every label is rendered with Babel (CLDR)
  in the user's locale; day and year numbers stay digits.
- Callback data: the stock widget gives empty cells and weekday headers an empty callback_data,
  which Telegram rejects (1-64 bytes); they get a short no-op instead, and blank cells (" ",
  also rejected) show a middle dot. A day button's data is
  `<intent id 8>` + separator + `<widget id>:` + seconds since 1970 (10 digits): about 25 bytes.
- Forged data: a day outside [min_date, max_date], a month outside 1-12 or a year outside the
  range is refused with errors-unavailable instead of raising.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, DialogProtocol, ShowMode
from aiogram_dialog.widgets.kbd import Calendar
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CALLBACK_PREFIX_MONTH,
    CALLBACK_PREFIX_YEAR,
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarUserConfig,
    CalendarYearsView,
    date_from_raw,
)
from aiogram_dialog.widgets.text import Text
from babel import dates as babel_dates

from dialogs.guards import refuse
from dialogs.widgets import i18n_of

NOOP = "_"


class BabelDate(Text):
    """The widget's `date` formatted with a CLDR pattern in the user's locale."""

    def __init__(self, pattern: str, template: str = "{}") -> None:
        super().__init__()
        self.pattern, self.template = pattern, template

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        value: date = data["date"]
        if self.pattern == "d":
            text = str(value.day)
        elif self.pattern == "y":
            text = str(value.year)
        else:
            locale = i18n_of(manager).locale.replace("-", "_")
            try:
                text = babel_dates.format_date(value, self.pattern, locale=locale)
            except (ValueError, LookupError):
                text = babel_dates.format_date(value, self.pattern, locale="en")
        return self.template.format(text)


class LocalCalendar(Calendar):
    """Calendar in the user's language, limited to `data["min_date"]` .. `data["max_date"]`."""

    def _init_views(self) -> dict:
        generator = self._item_callback_data
        return {
            CalendarScope.DAYS: CalendarDaysView(
                generator,
                date_text=BabelDate("d"), today_text=BabelDate("d", "[{}]"),
                weekday_text=BabelDate("cccccc"), header_text=BabelDate("LLLL y", "🗓 {}"),
                next_month_text=BabelDate("LLL", "{} ▶"), prev_month_text=BabelDate("LLL", "◀ {}"),
            ),
            CalendarScope.MONTHS: CalendarMonthView(
                generator,
                month_text=BabelDate("LLLL"), this_month_text=BabelDate("LLLL", "[{}]"),
                header_text=BabelDate("y", "🗓 {}"),
                next_year_text=BabelDate("y", "{} ▶"), prev_year_text=BabelDate("y", "◀ {}"),
            ),
            CalendarScope.YEARS: CalendarYearsView(
                generator,
                year_text=BabelDate("y"), this_year_text=BabelDate("y", "[{}]"),
                next_page_text=BabelDate("y", "{} ▶"), prev_page_text=BabelDate("y", "◀ {}"),
            ),
        }

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        # "Today" is the user's today (their time zone), not the server's.
        return CalendarUserConfig(min_date=data["min_date"], max_date=data["max_date"], timezone=data["tz"],
                                  firstweekday=0, years_per_page=10, years_columns=5)

    async def _render_keyboard(self, data, manager: DialogManager):
        keyboard = await super()._render_keyboard(data, manager)
        for row in keyboard:
            for button in row:
                if not button.callback_data:
                    button.callback_data = self._item_callback_data(NOOP)
                if not button.text.strip():  # Telegram refuses a blank button text
                    button.text = "·"
        return keyboard

    def _bounds(self, manager: DialogManager) -> tuple[date, date]:
        limits = manager.dialog_data.get("calendar_bounds") or ["2000-01-01", "2100-12-31"]
        return date.fromisoformat(limits[0]), date.fromisoformat(limits[1])

    async def _process_item_callback(self, callback: CallbackQuery, data: str, dialog: DialogProtocol,
                                     manager: DialogManager) -> bool:
        if data == NOOP:
            manager.show_mode = ShowMode.NO_UPDATE
            return True
        if data in self._handlers:
            if self.get_offset(manager) is None:  # a forged page button before any render
                await refuse(callback, manager, "errors-unavailable")
                return True
            return await super()._process_item_callback(callback, data, dialog, manager)
        low, high = self._bounds(manager)
        if data.startswith(CALLBACK_PREFIX_MONTH):
            number = data[len(CALLBACK_PREFIX_MONTH):]
            ok = number.isdigit() and 1 <= int(number) <= 12 and self.get_offset(manager) is not None
        elif data.startswith(CALLBACK_PREFIX_YEAR):
            number = data[len(CALLBACK_PREFIX_YEAR):]
            ok = number.isdigit() and len(number) == 4 and low.year <= int(number) <= high.year
        else:
            ok = data.isdigit() and len(data) <= 10 and low <= date_from_raw(int(data)) <= high
        if not ok:
            await refuse(callback, manager, "errors-unavailable")
            return True
        return await super()._process_item_callback(callback, data, dialog, manager)
