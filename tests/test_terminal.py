"""The sandbox terminal chat: messages out, numbered buttons, presses, edits."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command, CommandStart
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
GROUP = {"id": -100555, "type": "supergroup", "title": "Volunteers", "is_forum": True}
CLAIM = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Claim", callback_data="claim")]])


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

    @dp.message(Command("topic"))
    async def open_topic(message: Message, bot: Bot) -> None:  # like a new case: a topic and its card
        topic = await bot.create_forum_topic(GROUP["id"], f"🟢 C-{message.text.split()[1]} · test")
        await bot.send_message(GROUP["id"], "Card", message_thread_id=topic.message_thread_id, reply_markup=CLAIM)
        await message.answer("Opened")

    @dp.callback_query(F.data == "claim")
    async def claim(query: CallbackQuery) -> None:
        await query.answer("Done")
        await query.message.answer(f"Claimed by {query.from_user.first_name}")
        await query.bot.send_message(77, "A volunteer took your case")  # to another person's chat

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
    assert lines[1:] == [  # a transcript: the prompt and what was typed, then what the bot did
        "user> /start",
        "bot: Choose a language (https://example.org/l):",
        "     [1] English  [2] Русский  [3] Website",
        "user> 2",
        "bot (edited): Language: ru",  # editing without reply_markup removed the keyboard
        "  (notice: Saved)",
        "user> \\1",
        "bot: You said: 1",  # the backslash sent "1" as text instead of pressing
        "user> hello",
        "bot: You said: hello",
        "user> 9",
        "(no button [9]; send \\9 to send it as text)",
        "user> :file notes.pdf",
        "bot: Got a document",
        "user> :sticker",
        "bot: Got a sticker",
        "user> /quit",
    ]
    texts = [m.text for m in emu.chat_history(77) if not m.from_bot]
    assert texts == ["/start", "1", "hello", None, None]
    assert emu.chat_history(77)[0].entities == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert not emu.rejected_calls()


async def test_people_switch_and_work_in_the_group_topics(emu: BotApiEmulator) -> None:
    emu.add_chat(GROUP)
    volunteer = {"id": 88, "is_bot": False, "first_name": "Dana", "language_code": "en"}
    out = io.StringIO()
    await run_terminal_chat(emu, user_id=77, first_name="Aidana", language_code="en",
                            team={"volunteer": volunteer}, group=GROUP, output=out,
                            input_func=scripted(":group", "/topic 7KQ2", ":as nobody", ":as volunteer", ":group",
                                                "1", "hi there", ":topic 0", "in general", ":topics",
                                                ":topic 7kq2", ":topic 5", ":private", "/start", ":as user"))
    lines = out.getvalue().splitlines()
    assert lines[1].startswith(":as user, :as volunteer switch who types")
    assert lines[2:] == [
        "user> :group",
        "(only a volunteer or a coordinator sees the volunteers' group; try :as volunteer)",
        "user> /topic 7KQ2",
        "bot: Opened",
        "(volunteers' group: new topic [1] 🟢 C-7KQ2 · test)",
        "(volunteers' group: 1 new message in [1] C-7KQ2)",
        "user> :as nobody",
        "(who? :as user, :as volunteer)",
        "user> :as volunteer",
        "volunteer> :group",  # the newest topic, from its start
        "(topic opened: 🟢 C-7KQ2 · test)",
        "bot: Card",
        "     [1] Claim",
        "volunteer@C-7KQ2> 1",
        "bot: Claimed by Dana",
        "  (notice: Done)",
        "(1 new message for the user)",
        "volunteer@C-7KQ2> hi there",
        "bot: You said: hi there",
        "volunteer@C-7KQ2> :topic 0",
        "volunteer@group> in general",
        "bot: You said: in general",
        "volunteer@group> :topics",
        "  [0] General",
        "  [1] 🟢 C-7KQ2 · test",
        "volunteer@group> :topic 7kq2",  # nothing new there: what was seen is not repeated
        "volunteer@C-7KQ2> :topic 5",
        "(no topic 5; :topics lists them)",
        "volunteer@C-7KQ2> :private",
        "volunteer> /start",
        "bot: Choose a language (https://example.org/l):",
        "     [1] English  [2] Русский  [3] Website",
        "volunteer> :as user",
        "bot: A volunteer took your case",
        "user> ",
    ]
    [thread] = emu.topics(GROUP["id"])
    typed = {m.text: m.message_thread_id for m in emu.chat_history(GROUP["id"]) if not m.from_bot}
    assert typed == {"hi there": thread, "in general": None}
    assert [m.text for m in emu.chat_history(88) if not m.from_bot] == ["/start"]
    assert not emu.rejected_calls()


def test_render_styles_and_links() -> None:
    entities = [{"type": "bold", "offset": 3, "length": 2}, {"type": "text_link", "offset": 6, "length": 4,
                                                            "url": "https://x.org"}]
    assert render("😀 hi docs", entities, ansi=False) == "😀 hi docs (https://x.org)"
    assert render("😀 hi docs", entities, ansi=True) == "😀 \033[0m\033[1mhi\033[0m docs (https://x.org)"
