"""The sandbox terminal chat: messages out, numbered buttons, presses, edits."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.emulator import BotApiEmulator
from bot.emulator.terminal import render, run_terminal_chat

LANGUAGES = InlineKeyboardMarkup(inline_keyboard=[[
    InlineKeyboardButton(text="English", callback_data="lang:en"),
    InlineKeyboardButton(text="Русский", callback_data="lang:ru"),
], [InlineKeyboardButton(text="Website", url="https://example.org")]])


def tiny_bot() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("<b>Choose</b> a <a href=\"https://example.org/l\">language</a>:",
                             parse_mode="HTML", reply_markup=LANGUAGES)

    @dp.callback_query(F.data.startswith("lang:"))
    async def chosen(query: CallbackQuery) -> None:
        await query.answer("Saved")
        await query.message.edit_text(f"Language: {query.data[5:]}")

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"You said: {message.text}")

    @dp.message(F.document | F.sticker)
    async def media(message: Message) -> None:
        await message.answer(f"Got a {message.content_type.value}")

    return dp


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
    dp = tiny_bot()
    polling = asyncio.create_task(dp.start_polling(Bot(emulator.token, session=session),
                                                   polling_timeout=1, handle_signals=False))
    yield emulator
    await dp.stop_polling()
    await polling
    if session._session is not None:  # skip AiohttpSession.close()'s 250 ms SSL grace sleep
        await session._session.close()
    await emulator.stop()


def scripted(*lines: str):
    queue = list(lines)

    def read() -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return read


async def test_buttons_are_numbered_and_pressing_works(emu: BotApiEmulator) -> None:
    out = io.StringIO()
    await run_terminal_chat(emu, user_id=77, first_name="Aidana", language_code="ru",
                            input_func=scripted("/start", "2", "\\1", "hello", "9", ":file notes.pdf",
                                                ":sticker", "/quit", "never sent"), output=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Type a message")
    assert lines[1:] == [
        "bot: Choose a language (https://example.org/l):",
        "     [1] English  [2] Русский  [3] Website",
        "bot (edited): Language: ru",  # editing without reply_markup removed the keyboard
        "  (notice: Saved)",
        "bot: You said: 1",  # the backslash sent "1" as text instead of pressing
        "bot: You said: hello",
        "(no button [9]; send \\9 to send it as text)",
        "bot: Got a document",
        "bot: Got a sticker",
    ]
    texts = [m.text for m in emu.chat_history(77) if not m.from_bot]
    assert texts == ["/start", "1", "hello", None, None]
    assert emu.chat_history(77)[0].entities == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert not emu.rejected_calls()


def test_render_styles_and_links() -> None:
    entities = [{"type": "bold", "offset": 3, "length": 2}, {"type": "text_link", "offset": 6, "length": 4,
                                                            "url": "https://x.org"}]
    assert render("😀 hi docs", entities, ansi=False) == "😀 hi docs (https://x.org)"
    assert render("😀 hi docs", entities, ansi=True) == "😀 \033[0m\033[1mhi\033[0m docs (https://x.org)"
