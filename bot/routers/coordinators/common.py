"""What every coordinator tool shares: button data, keyboards, the answer helper, input states."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.context import I18nContext


class Co(CallbackData, prefix="co"):
    """A coordinator button. Acted on only after IsCoordinator passed, and every id is looked up."""

    a: str  # action
    i: int = 0  # item, topic or version id
    loc: str = ""  # locale
    v: int = 0  # version id or step


class CoordinatorInput(StatesGroup):
    """Waiting for a typed value. Plain FSM states, not a dialog: the tools are messages with buttons."""

    text = State()
    sources = State()
    dates = State()
    new_item = State()
    new_topic = State()
    topic_title = State()
    announcement = State()


def button(text: str, action: str, i: int = 0, loc: str = "", v: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Co(a=action, i=i, loc=loc, v=v).pack())


def keyboard(*rows: list[InlineKeyboardButton] | InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row if isinstance(row, list) else [row] for row in rows if row])


async def say(event: Message | CallbackQuery, i18n: I18nContext, *parts: str,
              markup: InlineKeyboardMarkup | None = None) -> None:
    """A new message under the coordinator title (a neutral first line, as everywhere)."""
    message = event.message if isinstance(event, CallbackQuery) else event
    if isinstance(event, CallbackQuery):
        await event.answer()
    await message.bot.send_message(message.chat.id, i18n.compose("coordinator-title", *parts), reply_markup=markup)


def valid_id(value: int) -> bool:
    return 0 < value < 10**12
