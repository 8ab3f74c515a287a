"""The Bot API emulator rejects what Telegram rejects, and keeps Telegram's state rules."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
import telegram
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import web

from bot.emulator import BotApiEmulator, Fault, ParseError
from bot.emulator.html import parse_html
from bot.emulator.spec import validate_object
from tests.support.telegram_client import UserClient

USER = 1001


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    yield Bot(emu.token, session=session)
    # Close the connection pool directly: AiohttpSession.close() sleeps 250 ms for SSL
    # connections to wind down, and the emulator speaks plain HTTP.
    if session._session is not None:
        await session._session.close()


@pytest.fixture
async def user(emu: BotApiEmulator) -> UserClient:
    """A user who has written to the bot, so their chat is known."""
    client = UserClient(emu, USER, "Aigerim", "kk")
    await client.send_text("hello", wait=False)
    return client


async def call(emu: BotApiEmulator, method: str, *, json_body: dict | None = None,
               form: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    url = f"{emu.base_url}/bot{token or emu.token}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, json=json_body, data=form) as resp:
        return resp.status, await resp.json()


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=f"b{i}", callback_data=d)]
                                                 for i, d in enumerate(data)])


# -- spec validation ---------------------------------------------------------
async def test_unknown_method_and_wrong_token(emu: BotApiEmulator) -> None:
    assert await call(emu, "sendMesage", json_body={}) == (
        404, {"ok": False, "error_code": 404, "description": "Not Found"})
    assert await call(emu, "getMe", token="1:wrong") == (
        401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    status, body = await call(emu, "GETME")  # method names are case-insensitive on Telegram
    assert status == 200 and body["result"]["username"] == "tirek_test_bot"


async def test_unknown_missing_and_mistyped_parameters(emu: BotApiEmulator, user: UserClient) -> None:
    cases = [
        ({"chat_id": USER, "text": "x", "parse_mod": "HTML"}, "Bad Request: unknown parameter parse_mod"),
        ({"text": "x"}, "Bad Request: chat_id is required"),
        ({"chat_id": USER}, "Bad Request: message text is empty"),
        ({"chat_id": USER, "text": "x", "disable_notification": "maybe"},
         "Bad Request: disable_notification must be Boolean"),
        ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": 5}]]}},
         "Bad Request: reply_markup.inline_keyboard[0][0].callback_data must be String"),
        ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "data": "x"}]]}},
         "Bad Request: unknown field reply_markup.inline_keyboard[0][0].data"),
        ({"chat_id": USER, "text": "x", "reply_markup": {"inline_keyboard": [[{"callback_data": "x"}]]}},
         "Bad Request: reply_markup.inline_keyboard[0][0].text is required"),
    ]
    for params, description in cases:
        status, body = await call(emu, "sendMessage", json_body=params)
        assert (status, body) == (400, {"ok": False, "error_code": 400, "description": description}), params
    assert len(emu.rejected_calls()) == len(cases)
    assert emu.rejected_calls()[0].error == "Bad Request: unknown parameter parse_mod"
    assert not [m for m in emu.chat_history(USER) if m.from_bot]


async def test_form_data_is_coerced_and_subtypes_checked(emu: BotApiEmulator, user: UserClient) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "x"}]]})
    status, body = await call(emu, "sendMessage", form={
        "chat_id": str(USER), "text": "hi", "disable_notification": "true", "reply_markup": markup})
    assert status == 200 and body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "x"
    assert emu.calls[-1].params["chat_id"] == USER
    # BotCommandScope subtypes are told apart by "type"; each subtype's fields are enforced.
    status, body = await call(emu, "setMyCommands", form={
        "commands": "[]", "scope": json.dumps({"type": "chat"})})
    assert body["description"] == "Bad Request: scope.chat_id is required"
    status, body = await call(emu, "setMyCommands", form={
        "commands": "[]", "scope": json.dumps({"type": "default", "chat_id": 1})})
    assert body["description"] == "Bad Request: unknown field scope.chat_id"


async def test_aiogram_calls_pass_validation(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    sent = await bot.send_message(USER, "<b>Сәлем</b>", parse_mode="HTML", reply_markup=keyboard("a"))
    photo = await bot.send_photo(USER, BufferedInputFile(b"jpeg", "p.jpg"), caption="<i>c</i>",
                                 parse_mode="HTML")
    await bot.set_my_commands([BotCommand(command="start", description="Start")],
                              scope=BotCommandScopeChat(chat_id=USER), language_code="kk")
    assert sent.text == "Сәлем" and sent.entities[0].type == "bold"
    assert photo.caption == "c" and photo.photo
    assert emu.commands({"type": "chat", "chat_id": USER}, "kk") == [{"command": "start", "description": "Start"}]
    assert await bot.get_my_commands() == []
    assert not emu.rejected_calls()
    for message_id in (sent.message_id, photo.message_id):  # results are valid spec Messages
        validate_object("Message", emu.message_json(USER, message_id))


# -- HTML parse mode ---------------------------------------------------------
@pytest.mark.parametrize(("text", "reason"), [
    ("hi <div>x</div>", 'Unsupported start tag "div" at byte offset 3'),
    ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("ok</b>", "Unexpected end tag at byte offset 2"),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("Сәлем <b", "Unclosed start tag at byte offset 11"),  # offsets are in UTF-8 bytes
    ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
])
async def test_bad_html_rejected_like_telegram(emu: BotApiEmulator, bot: Bot, user: UserClient,
                                               text: str, reason: str) -> None:
    with pytest.raises(TelegramBadRequest) as err:
        await bot.send_message(USER, text, parse_mode="HTML")
    assert err.value.message == "Bad Request: can't parse entities: " + reason


def test_html_entities_and_offsets() -> None:
    text, entities = parse_html('😀 <b>a&amp;b</b> AT&T &nbsp; &lt;3 &#x41;&#66; '
                                '<a href="https://e.org/?a=1&amp;b=2">link</a> <a href="tg://user?id=7">u</a> '
                                '<pre><code class="language-python">x</code></pre> <a href="javascript:x">j</a>')
    assert text == "😀 a&b AT&T &nbsp; <3 AB link u x j"
    assert entities == [
        {"offset": 3, "length": 3, "type": "bold"},  # the emoji is 2 UTF-16 units
        {"offset": 25, "length": 4, "type": "text_link", "url": "https://e.org/?a=1&b=2"},
        {"offset": 30, "length": 1, "type": "text_mention", "user": {"id": 7, "is_bot": False, "first_name": ""}},
        {"offset": 32, "length": 1, "type": "pre", "language": "python"},
    ]
    with pytest.raises(ParseError):
        parse_html("<blockquote expandable>x</blockquote><tg-emoji>y</tg-emoji>")


async def test_text_length_counted_after_parsing(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    await bot.send_message(USER, "a" * 4096)
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(USER, "&lt;" * 4096, parse_mode="HTML")
    await bot.send_message(USER, "😀" * 2048)  # 4096 UTF-16 code units
    for text, mode in (("a" * 4097, None), ("<i>" + "a" * 4097 + "</i>", "HTML"), ("😀" * 2049, None)):
        with pytest.raises(TelegramBadRequest, match="message is too long"):
            await bot.send_message(USER, text, parse_mode=mode)
    for text in (" \n ", "<b></b>"):
        with pytest.raises(TelegramBadRequest, match="message text is empty"):
            await bot.send_message(USER, text, parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="unsupported parse_mode"):
        await bot.send_message(USER, "x", parse_mode="HTM")
    with pytest.raises(TelegramBadRequest, match="Character '!' is reserved"):
        await bot.send_message(USER, "Hello!", parse_mode="MarkdownV2")
    assert len([m for m in emu.chat_history(USER) if m.from_bot]) == 4


async def test_callback_data_limit_is_in_bytes(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    ok = "я" * 32  # 32 characters, 64 bytes
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard(ok))
    assert emu.message(USER, sent.message_id).inline_keyboard[0][0]["callback_data"] == ok
    for data in ("a" + ok, ""):  # 65 bytes (33 characters), and empty
        with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
            await bot.send_message(USER, "pick", reply_markup=keyboard(data))
    text_only = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="just text")]])
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.send_message(USER, "pick", reply_markup=text_only)


# -- updates -----------------------------------------------------------------
async def test_get_updates_offset_semantics(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    for text in ("two", "three"):
        await user.send_text(text, wait=False)
    first = await bot.get_updates()
    assert [u.message.text for u in first] == ["hello", "two", "three"]
    assert [u.message.text for u in await bot.get_updates()] == ["hello", "two", "three"]  # unconfirmed
    assert [u.message.text for u in await bot.get_updates(offset=first[1].update_id)] == ["two", "three"]
    assert await bot.get_updates(offset=first[2].update_id + 1) == []
    await user.send_text("four", wait=False)
    await user.send_text("five", wait=False)
    assert [u.message.text for u in await bot.get_updates(offset=-1)] == ["five"]
    assert [u.message.text for u in await bot.get_updates()] == ["five"]  # "four" was forgotten


async def test_long_poll_wakes_and_allowed_updates_filter(emu: BotApiEmulator, bot: Bot,
                                                          user: UserClient) -> None:
    latest = (await bot.get_updates())[-1].update_id
    poll = asyncio.create_task(bot.get_updates(offset=latest + 1, timeout=5, allowed_updates=["message"]))
    await asyncio.sleep(0.1)
    assert not poll.done()
    started = asyncio.get_running_loop().time()
    await user.send_text("now", wait=False)
    updates = await poll
    assert [u.message.text for u in updates] == ["now"]
    assert asyncio.get_running_loop().time() - started < 1
    await user.press_data("x", 1, wait=False)  # callback_query was not in allowed_updates
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == []


async def test_second_poller_conflicts(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    await bot.get_updates(offset=-1)
    first = asyncio.create_task(bot.get_updates(offset=10**12, timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(bot.get_updates(offset=10**12, timeout=0))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await first
    assert await second == []


async def test_webhook_delivery_with_secret_and_retries(emu: BotApiEmulator, bot: Bot) -> None:
    received: list[tuple[str | None, dict]] = []
    replies = iter([500, 200, 200])

    async def hook(request: web.Request) -> web.Response:
        status = next(replies)
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        user = UserClient(emu, USER)
        await user.send_text("stale", wait=False)
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret_-X",
                              drop_pending_updates=True)
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        await user.send_text("one", wait=False)
        await user.send_text("two", wait=False)
        await emu.wait_idle()
        assert [(secret, u["message"]["text"]) for secret, u in received] == [
            ("s3cret_-X", "one"), ("s3cret_-X", "one"), ("s3cret_-X", "two")]  # retried, in order
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0 and info.last_error_message.endswith("500 Internal Server Error")
        with pytest.raises(TelegramBadRequest, match="secret token contains unallowed characters"):
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="has space")
        await bot.delete_webhook()
        await user.send_text("polled", wait=False)
        assert [u.message.text for u in await bot.get_updates()] == ["polled"]
    finally:
        await runner.cleanup()


async def test_push_update_validates_ptb_built_updates(emu: BotApiEmulator) -> None:
    when = dt.datetime.fromtimestamp(emu.now(), tz=dt.UTC)
    tg_user = telegram.User(USER, "Aigerim", False, language_code="kk")
    chat = telegram.Chat(USER, "private", first_name="Aigerim")
    message = telegram.Message(emu.next_message_id(USER), when, chat, from_user=tg_user, text="Hi")
    good = json.loads(json.dumps(telegram.Update(emu.next_update_id(), message=message).to_dict()))
    emu.push_update(good)
    assert emu.chat_history(USER)[0].text == "Hi"
    bad = json.loads(json.dumps(telegram.Update(emu.next_update_id(), message=message).to_dict()))
    bad["message"]["colour"] = "red"
    with pytest.raises(ValueError, match="unknown field message.colour"):
        emu.push_update(bad)
    wrong_type = dict(good, update_id=emu.next_update_id(), message=dict(good["message"], date="today"))
    with pytest.raises(ValueError, match="message.date must be Integer"):
        emu.push_update(wrong_type)
    with pytest.raises(ValueError, match="exactly one"):
        emu.push_update({"update_id": emu.next_update_id()})


async def test_user_client_builds_valid_updates(emu: BotApiEmulator, bot: Bot) -> None:
    user = UserClient(emu, USER, "Aigerim", None)
    await user.command("/start ref42", wait=False)
    await user.send_sticker(wait=False)
    await user.send_voice(wait=False)
    await user.send_photo(caption="look", wait=False)
    await user.send_document("a.pdf", wait=False)
    await user.forward_text("from a friend", wait=False)
    await user.forward_text("from a stranger", hidden_sender="Anon", wait=False)
    await user.edit_text(1, "/start edited", wait=False)
    await user.press_data("forged", 999, wait=False)
    updates = await bot.get_updates()
    kinds = [u.message.content_type.value for u in updates[:7]]
    assert kinds == ["text", "sticker", "voice", "photo", "document", "text", "text"]
    command = updates[0].message
    assert command.text == "/start ref42" and (command.entities[0].type, command.entities[0].length) == (
        "bot_command", 6)
    assert updates[5].message.forward_origin.type == "user"
    assert updates[6].message.forward_origin.sender_user_name == "Anon"
    assert updates[7].edited_message.text == "/start edited"
    assert emu.message(USER, 1).edited and emu.message(USER, 1).text == "/start edited"
    assert updates[8].callback_query.message.date == 0  # an InaccessibleMessage
    assert [m.kind for m in emu.chat_history(USER)] == [
        "text", "sticker", "voice", "photo", "document", "text", "text"]


# -- message state -----------------------------------------------------------
async def test_unknown_and_blocked_chats(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(4242, "hi")
    emu.block(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"
    await user.send_text("I'm back", wait=False)  # writing again means unblocked
    await bot.send_message(USER, "welcome back")


async def test_edit_not_modified_and_missing(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    sent = await bot.send_message(USER, "<b>Step 1</b>", parse_mode="HTML", reply_markup=keyboard("next"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("<b>Step 1</b>", chat_id=USER, message_id=sent.message_id,
                                    parse_mode="HTML", reply_markup=keyboard("next"))
    await bot.edit_message_text("Step 1", chat_id=USER, message_id=sent.message_id,
                                reply_markup=keyboard("next"))  # entities differ: modified
    stored = emu.message(USER, sent.message_id)
    assert stored.edited and stored.entities == [] and stored.inline_keyboard
    await bot.edit_message_text("Step 2", chat_id=USER, message_id=sent.message_id)
    assert stored.text == "Step 2" and stored.reply_markup is None  # no markup: keyboard removed
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=1)  # the user's own message


async def test_delete_48_hour_rule(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    old = await bot.send_message(USER, "old")  # sent together with the user's "hello" (id 1)
    emu.advance(47 * 3600)
    assert await bot.delete_message(USER, old.message_id)  # 47 hours old
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, old.message_id)
    fresh = await bot.send_message(USER, "fresh")
    emu.advance(2 * 3600)
    with pytest.raises(TelegramBadRequest, match="message can't be deleted for everyone"):
        await bot.delete_message(USER, 1)  # 49 hours old
    other = await bot.send_message(USER, "other")
    # Messages that can't be found or deleted are skipped; the call still succeeds.
    assert await bot.delete_messages(USER, [1, fresh.message_id, 999])
    assert [m.text for m in emu.visible_messages(USER)] == ["hello", "other"]
    assert emu.message(USER, fresh.message_id).deleted and other.message_id > fresh.message_id


async def test_callback_answers_are_checked(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard("yes"))
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("never-issued")
    await user.press("b0", wait=False)
    update = (await bot.get_updates())[-1]
    assert update.callback_query.data == "yes" and update.callback_query.message.message_id == sent.message_id
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(update.callback_query.id, text="x" * 201)
    assert await bot.answer_callback_query(update.callback_query.id, text="Saved")
    assert user.callback_answer() == {"text": "Saved"}
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(update.callback_query.id)


async def test_files_copies_and_topics(emu: BotApiEmulator, bot: Bot, user: UserClient) -> None:
    await user.send_document("report.pdf", b"%PDF secret bytes", wait=False)
    await user.send_photo(wait=False)
    doc, photo = [u.message for u in await bot.get_updates()][-2:]
    file = await bot.get_file(doc.document.file_id)
    assert (await bot.download_file(file.file_path)).read() == b"%PDF secret bytes"
    with pytest.raises(TelegramBadRequest, match="can't use file of type Photo as Document"):
        await bot.send_document(USER, photo.photo[-1].file_id)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(USER, "made-up-id")
    copy = await bot.copy_message(USER, USER, doc.message_id, caption="<b>copy</b>", parse_mode="HTML")
    copied = emu.message(USER, copy.message_id)
    assert copied.kind == "document" and copied.text == "copy" and copied.from_bot
    forwarded = await bot.forward_message(USER, USER, doc.message_id)
    assert forwarded.forward_origin.sender_user.id == USER
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(USER, USER, 999)
    topic = await bot.create_forum_topic(USER, "Case 17")
    await bot.send_message(USER, "in topic", message_thread_id=topic.message_thread_id)
    await bot.close_forum_topic(USER, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(USER, topic.message_thread_id)
    await bot.delete_forum_topic(USER, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(USER, "again", message_thread_id=topic.message_thread_id)
    assert emu.topics(USER)[topic.message_thread_id]["deleted"]


# -- faults ------------------------------------------------------------------
async def test_faults_have_telegram_shape_and_no_effect(emu: BotApiEmulator, bot: Bot,
                                                        user: UserClient) -> None:
    emu.faults = lambda method, params: Fault.flood(7) if method == "sendMessage" else None
    status, body = await call(emu, "sendMessage", json_body={"chat_id": USER, "text": "x"})
    assert (status, body) == (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
                                     "parameters": {"retry_after": 7}})
    with pytest.raises(TelegramRetryAfter) as err:
        await bot.send_message(USER, "x")
    assert err.value.retry_after == 7
    emu.faults = lambda method, params: Fault.server_error(502)
    with pytest.raises(TelegramServerError):
        await bot.send_message(USER, "x")
    emu.faults = lambda method, params: Fault.drop()
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER, "x")
    emu.faults = None
    assert not [m for m in emu.chat_history(USER) if m.from_bot]  # faults happen before effects
    assert emu.rejected_calls() == [] and sum(c.injected for c in emu.calls) == 4
    # Spec validation comes first: an invalid call is rejected even while faults are injected.
    emu.faults = lambda method, params: Fault.flood(1)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "")  # aiogram leaves the empty text out


# -- with a running aiogram bot ------------------------------------------------
async def test_wait_idle_conditions(emu: BotApiEmulator, bot: Bot) -> None:
    await emu.wait_idle(timeout=1)
    await UserClient(emu, USER).send_text("unfetched", wait=False)
    with pytest.raises(TimeoutError, match="1 undelivered"):
        await emu.wait_idle(timeout=0.3)
    await bot.get_updates()
    await emu.wait_idle(timeout=1)
    emu.busy = lambda: True  # e.g. the harness counts updates the dispatcher still handles
    with pytest.raises(TimeoutError):
        await emu.wait_idle(timeout=0.3)



async def test_user_client_against_polling_bot(emu: BotApiEmulator, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"<i>{message.text}</i>", parse_mode="HTML", reply_markup=keyboard("again"))

    @dp.callback_query()
    async def pressed(query: CallbackQuery) -> None:
        await query.answer("ok")
        await query.message.edit_text("pressed")

    user = UserClient(emu, USER)
    await user.send_text("early", wait=False)
    polling = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False))
    try:
        await emu.wait_idle()
        assert [m.text for m in user.bot_messages()] == ["early"]
        replies = await user.send_text("Сәлем")
        assert [m.text for m in replies] == ["Сәлем"] and user.buttons(replies[0]) == ["b0"]
        edited = await user.press("b0")
        assert [(m.text, m.edited) for m in edited] == [("pressed", True)]
        assert user.callback_answer() == {"text": "ok"}
        assert [m.text for m in user.bot_messages()] == ["early", "pressed"]
    finally:
        await dp.stop_polling()
        await polling
    assert emu.rejected_calls() == []


def test_shipped_spec_matches_the_shared_official_copy() -> None:
    """The emulator ships its own copy of api.json (the sandbox runs without ../shared)."""
    from pathlib import Path

    import pytest

    shared = Path(__file__).resolve().parents[2] / "shared" / "telegram-bot-api" / "api.json"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    shipped = Path(__file__).resolve().parents[1] / "bot" / "emulator" / "api.json"
    assert shipped.read_bytes() == shared.read_bytes()
