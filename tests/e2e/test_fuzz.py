"""Fuzz: generated sessions of updates against the real running bot (hypothesis).

Each hypothesis example is a "session": 5-15 actions by one or two fresh users (new Telegram ids
per example) on the one bot started for the test: text in every script (right-to-left, mixed,
zero-width and control characters, up to Telegram's 4096 characters), commands known and
unknown, stickers, documents, photos, voice, forwarded text, edits, presses of real buttons,
mutations of real callback data, arbitrary callback data (up to 64 bytes), walks (several real
buttons pressed in a row, to reach deep screens), and messages in a group the bot is not
configured for (no callback queries there: the bot never sends a keyboard to a group). Every update is built with python-telegram-bot's types and
validated by the emulator, so it is one Telegram could deliver.

Properties, checked after each action:
- no ERROR log record from the bot, aiogram, aiogram-dialog or asyncio (an unhandled exception
  logs one), and no call the emulator rejected;
- every private message (new, edited, any content) gets a message sent or edited in its chat;
- every callback query is answered (answerCallbackQuery);
- a message in an unknown group makes the bot send or edit nothing at all;
- the bot is idle again within a timeout (no hang);
- and, at teardown (the `running_bot` fixture), no call the emulator rejected and no first line
  that names the subject.

The default run (40 sessions, about 400 updates) takes about 20 s on 2 cores. For thousands of
updates (500 sessions: about 5,800 updates in 5 minutes):

    TIREK_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest -q tests/e2e/test_fuzz.py -s

(`-s` prints the number of updates, the time and how many distinct screens were reached; with
TIREK_FUZZ_SCREENS=1 also their lines. A failure prints the shrunk session and a
@reproduce_failure blob; shrinking against the live bot can take minutes.) Hypothesis runs in a worker thread; each
example's async body runs on the test's event loop, where the bot keeps running between examples.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import time
from dataclasses import dataclass, field
from typing import Any

import telegram
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.emulator import BotApiEmulator
from tests.conftest import call_trace
from tests.support.telegram_client import UserClient

EXAMPLES = int(os.environ.get("TIREK_FUZZ_EXAMPLES", "40"))
STEP_TIMEOUT = 30.0
TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units, as Telegram counts
CALLBACK_DATA_LIMIT = 64  # bytes

ANSWERS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
CHAT_WRITES = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo", "sendSticker",
    "sendAnimation", "sendMediaGroup", "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
    "editMessageText", "editMessageReplyMarkup", "editMessageCaption", "deleteMessage", "deleteMessages",
    "sendChatAction", "createForumTopic", "editForumTopic", "pinChatMessage", "leaveChat",
})
KNOWN_COMMANDS = ("start", "menu", "language", "help", "privacy", "forget")
WATCHED_LOGGERS = ("bot", "aiogram", "aiogram_dialog", "asyncio")

# -- text -------------------------------------------------------------------------------------

SCRIPTS = (
    "abcxyzABCXYZ0123456789",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁЖЩ",  # Russian
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ",  # Kazakh Cyrillic additions
    "ئابپتجچخدرزژسشغفقكگڭلمنھوۇۆۈۋېىي",  # Uyghur Arabic script (right-to-left)
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩",  # Arabic
    "אבגדהוזחטיכלמנסעפצקרשת",  # Hebrew
    "中文维吾尔哈萨克新疆你好谢谢",
    "ㄱㄴㄷ한국어日本語カタカナ",
    "देवनागरीதமிழ்ไทย",
    "😀🙂👍🏽👨‍👩‍👧‍👦🏳️‍🌈🇰🇿🧕🏻",  # emoji, skin tones, ZWJ sequences, flags
    "\u0301\u0308\u0654\u0670\u064b",  # combining marks, Arabic diacritics
)
SPECIAL = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"  # zero-width, joiners, direction marks, BOM, soft hyphen
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"  # bidi embeddings, overrides, isolates
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\t\n\r "  # control characters, separators
    "<>&\"'/\\`*_[]()~|#{}%$@"  # HTML, Markdown and Fluent specials
)
SCRIPT_CHARS = "".join(SCRIPTS)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clip_utf16(text: str, limit: int) -> str:
    out, used = [], 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > limit:
            break
        out.append(char)
        used += width
    return "".join(out)


def clip_bytes(text: str, limit: int) -> str:
    return text.encode()[:limit].decode(errors="ignore")


characters = st.one_of(
    st.sampled_from(SCRIPT_CHARS),
    st.sampled_from(SPECIAL),
    st.characters(codec="utf-8"),  # anything encodable (no lone surrogates)
)
piece = st.one_of(
    st.text(characters, min_size=1, max_size=40),
    st.sampled_from(["renew certificate", "паспорт", "азаматтық", "پاسپورت", "/start", "<b>x</b>", "&amp;",
                     "{ $name }", "2025-13-45", "31.12.2030", "0", "-1", "99999999999999999999"]),
)


def _deliverable(parts: list[str], repeat: int) -> str:
    text = clip_utf16("".join(parts) * repeat, TELEGRAM_TEXT_LIMIT)
    # Telegram trims a message and does not deliver an empty or blank one.
    return text if text.strip() else text + "x"


texts = st.builds(
    _deliverable,
    st.lists(piece, min_size=1, max_size=6),
    st.one_of(st.just(1), st.just(1), st.integers(2, 20), st.integers(100, 1200)),  # some near the limit
)
short_texts = st.builds(_deliverable, st.lists(piece, min_size=1, max_size=2), st.just(1))

commands = st.builds(
    lambda name, mention, payload: f"/{name}{mention}" + (f" {payload}" if payload else ""),
    st.one_of(st.sampled_from(KNOWN_COMMANDS), st.from_regex(r"[a-z0-9_]{1,32}", fullmatch=True)),
    st.sampled_from(["", "", "@tirek_test_bot", "@TIREK_TEST_BOT", "@other_bot"]),
    st.one_of(st.none(), short_texts.map(lambda t: clip_utf16(t, 200))),
)
callback_data = st.text(characters, min_size=1, max_size=64).map(lambda s: clip_bytes(s, CALLBACK_DATA_LIMIT) or "x")
which_message = st.sampled_from([0, 0, 0, 0, 1, 2])  # 0: the newest keyboard, 1: the one before, ...
button_index = st.integers(0, 40)
mutations = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 64)),
    st.tuples(st.just("append"), short_texts),
    st.tuples(st.just("prepend"), short_texts),
    st.tuples(st.just("replace"), st.integers(0, 64), characters),
    st.tuples(st.just("number"), st.sampled_from(["-1", "0", "999999999999", "1e9", "NaN", "", "٣", "0x10"])),
    st.tuples(st.just("swap_separator"), st.sampled_from(["\x1d", ":", "", "\x1d\x1d", "|"])),
    st.tuples(st.just("reverse"), st.none()),
    st.tuples(st.just("duplicate"), st.none()),
)


@dataclass(frozen=True)
class Step:
    kind: str
    user: int
    arg: Any = None

    def __repr__(self) -> str:
        arg = self.arg if not isinstance(self.arg, str) or len(self.arg) < 80 else f"{self.arg[:40]!r}…({len(self.arg)})"
        return f"Step({self.kind!r}, {self.user}, {arg!r})"


user_index = st.integers(0, 1)
steps = st.one_of(
    st.builds(Step, st.just("text"), user_index, texts),
    st.builds(Step, st.just("command"), user_index, commands),
    st.builds(Step, st.just("command"), user_index, st.sampled_from(["/start", "/menu"])),
    st.builds(Step, st.just("press"), user_index, st.tuples(which_message, button_index)),
    st.builds(Step, st.just("press"), user_index, st.tuples(which_message, button_index)),
    st.builds(Step, st.just("press"), user_index, st.tuples(st.just(0), button_index)),
    st.builds(Step, st.just("mutate"), user_index, st.tuples(which_message, button_index, mutations)),
    st.builds(Step, st.just("callback"), user_index, st.tuples(callback_data, st.integers(-1, 3))),
    st.builds(Step, st.just("media"), user_index,
              st.tuples(st.sampled_from(["sticker", "document", "photo", "voice"]),
                        st.one_of(st.none(), short_texts.map(lambda t: clip_utf16(t, 1024))))),
    st.builds(Step, st.just("forward"), user_index, st.tuples(texts, st.one_of(st.none(), short_texts))),
    st.builds(Step, st.just("edit"), user_index, texts),
    st.builds(Step, st.just("group"), user_index,
              st.one_of(st.tuples(st.just("text"), texts), st.tuples(st.just("command"), commands),
                        st.tuples(st.just("sticker"), st.none()), st.tuples(st.just("edit"), short_texts),
                        st.tuples(st.just("forward"), short_texts))),
)

# A walk: several real buttons pressed in a row, to get deep into the dialogs.
walks = st.builds(lambda user, presses: [Step("press", user, (0, index)) for index in presses],
                  user_index, st.lists(button_index, min_size=2, max_size=6))
actions = st.one_of(steps.map(lambda step: [step]), walks)


@dataclass(frozen=True)
class Session:
    languages: tuple[str | None, ...]  # one per user
    group_type: str
    steps: tuple[Step, ...]


languages = st.sampled_from(["en", "ru", "kk", "ug", "uk", "zh-hans", "ar", None])
sessions = st.builds(
    Session,
    st.lists(languages, min_size=1, max_size=2).map(tuple),
    st.sampled_from([telegram.constants.ChatType.GROUP, telegram.constants.ChatType.SUPERGROUP]),
    st.lists(actions, min_size=5, max_size=15).map(lambda found: tuple(itertools.chain.from_iterable(found))),
)

# -- running a session ------------------------------------------------------------------------


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        taken = [f"{r.name}: {r.getMessage()}" + (f" [{r.exc_info[0].__name__}]" if r.exc_info else "")
                 for r in self.records]
        self.records.clear()
        return taken


@dataclass
class Stats:
    updates: int = 0
    sessions: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


class FuzzRun:
    def __init__(self, emulator: BotApiEmulator, errors: ErrorRecords, stats: Stats) -> None:
        self.emulator, self.errors, self.stats = emulator, errors, stats
        self.ids = itertools.count(random.randrange(700_000_000, 800_000_000, 1000) * 10, 10)

    async def run(self, session: Session) -> None:
        base = next(self.ids)
        users = [UserClient(self.emulator, base + i, first_name=f"Fuzz{i}", language_code=lang)
                 for i, lang in enumerate(session.languages)]
        group = self._group(base, session.group_type)
        members: dict[int, UserClient] = {}
        self.stats.sessions += 1
        log: list[str] = []
        for step in session.steps:
            user = users[step.user % len(users)]
            if step.kind == "group":
                client = members.get(user.user.id)
                if client is None:
                    client = members[user.user.id] = UserClient(self.emulator, user.user.id, first_name=user.user.first_name,
                                                                 language_code=user.user.language_code)
                    client.chat = group
                    self.emulator.add_chat(group.to_dict(), members={user.user.id: "member"})
                await self._check(step, client, log, self._group_step(client, step.arg), private=False)
            else:
                await self._check(step, user, log, self._private_step(user, step), private=True)

    def _group(self, base: int, group_type: str) -> telegram.Chat:
        if group_type == telegram.constants.ChatType.SUPERGROUP:
            return telegram.Chat(id=-1_000_000_000_000 - base, type=group_type, title="Fuzz supergroup")
        return telegram.Chat(id=-(base % 1_000_000_000), type=group_type, title="Fuzz group")

    async def _private_step(self, user: UserClient, step: Step) -> str | None:
        """Push one update for ``step``; returns the callback query id if it was a press."""
        kind, arg = step.kind, step.arg
        if kind in ("press", "mutate", "callback"):
            target = self._keyboard(user, arg[0] if kind != "callback" else 0)
            if not self.emulator.chat_history(user.chat_id):
                # A button press needs a chat with the bot: Telegram has none before the user writes.
                self._count("command")
                await user.command("/start", wait=False)
                return None
            if kind == "callback":
                message_id = (target.message_id if target else 1) if arg[1] < 0 else max(1, self._last_id(user) - arg[1])
                await user.press_data(arg[0], message_id, wait=False)
                return user.last_query_id
            buttons = [b for row in target.inline_keyboard for b in row if "callback_data" in b] if target else []
            if not buttons:  # nothing to press yet: what a user would do
                self._count("command")
                await user.command("/start", wait=False)
                return None
            data = buttons[arg[1] % len(buttons)]["callback_data"]
            if kind == "mutate":
                data = mutate(data, arg[2])
            await user.press_data(data, target.message_id, wait=False)
            return user.last_query_id
        if kind == "text":
            await user.send_text(arg, wait=False)
        elif kind == "command":
            await user.command(arg, wait=False)
        elif kind == "media":
            media, caption = arg
            if media in ("document", "photo"):
                await getattr(user, f"send_{media}")(caption=caption, wait=False)
            else:
                await getattr(user, f"send_{media}")(wait=False)
        elif kind == "forward":
            text, hidden = arg
            await user.forward_text(text, hidden_sender=hidden, wait=False)
        elif kind == "edit":
            mine = self._editable(user)
            if mine is None:
                self._count("text")
                await user.send_text(arg, wait=False)
            else:
                await user.edit_text(mine.message_id, arg, wait=False)
        else:
            raise AssertionError(f"unknown step {kind}")
        return None

    async def _group_step(self, client: UserClient, arg: tuple[str, Any]) -> None:
        kind, value = arg
        if kind == "text":
            await client.send_text(value, wait=False)
        elif kind == "command":
            await client.command(value, wait=False)
        elif kind == "sticker":
            await client.send_sticker(wait=False)
        elif kind == "forward":
            await client.forward_text(value, wait=False)
        else:
            mine = self._editable(client)
            if mine is None:
                await client.send_text(value, wait=False)
            else:
                await client.edit_text(mine.message_id, value, wait=False)
        return None

    async def _check(self, step: Step, client: UserClient, log: list[str], push, *, private: bool) -> None:
        emulator = self.emulator
        before = len(emulator.calls)
        query_id = await push
        self._count(step.kind)
        log.append(repr(step))
        context = lambda: "\nsession so far:\n  " + "\n  ".join(log) + "\nbot calls:\n" + call_trace(emulator)  # noqa: E731
        try:
            await emulator.wait_idle(quiet=0.02, timeout=STEP_TIMEOUT)
        except TimeoutError as error:
            raise AssertionError(f"the bot did not finish: {error}{context()}") from None
        errors = self.errors.take()
        assert not errors, f"error logged: {errors}{context()}"
        calls = [c for c in emulator.calls[before:] if c.method != "getUpdates"]
        rejected = [(c.method, c.error) for c in calls if not c.ok and not c.injected]
        assert not rejected, f"calls Telegram would reject: {rejected}{context()}"
        chat_id = client.chat_id
        in_chat = [c for c in calls if str(c.params.get("chat_id")) == str(chat_id)]
        if not private:
            writes = [c.method for c in calls if c.method in CHAT_WRITES or c.method == "answerCallbackQuery"]
            assert not writes, f"a message in an unknown group made the bot act: {writes}{context()}"
            return
        if query_id is not None:
            assert query_id in emulator.callback_answers, f"callback query not answered{context()}"
        else:
            answers = [c.method for c in in_chat if c.method in ANSWERS and c.ok]
            assert answers, f"private message got no answer{context()}"

    def _count(self, kind: str) -> None:
        self.stats.updates += 1
        self.stats.kinds[kind] = self.stats.kinds.get(kind, 0) + 1

    def _keyboard(self, user: UserClient, back: int):
        keyboards = [m for m in user.bot_messages() if m.inline_keyboard]
        return keyboards[-1 - back % len(keyboards)] if keyboards else None

    def _last_id(self, user: UserClient) -> int:
        history = self.emulator.chat_history(user.chat_id)
        return history[-1].message_id if history else 1

    def _editable(self, client: UserClient):
        """The client's newest own text message (Telegram lets one edit text, not forwards)."""
        own = [m for m in self.emulator.visible_messages(client.chat_id)
               if not m.from_bot and m.kind == "text" and m.forward_origin is None
               and (m.sender or {}).get("id") == client.user.id]
        return own[-1] if own else None


def mutate(data: str, mutation: tuple[str, Any]) -> str:
    op, value = mutation[0], mutation[1]
    if op == "truncate":
        data = data[: value % (len(data) + 1)]
    elif op == "append":
        data = data + value
    elif op == "prepend":
        data = value + data
    elif op == "replace" and data:
        at = value % len(data)
        data = data[:at] + mutation[2] + data[at + 1:]
    elif op == "number":
        head, sep, _ = data.rpartition(":") if ":" in data else data.rpartition("\x1d")
        data = f"{head}{sep}{value}" if sep else data + value
    elif op == "swap_separator":
        data = data.replace("\x1d", value) if "\x1d" in data else data.replace(":", value)
    elif op == "reverse":
        data = data[::-1]
    elif op == "duplicate":
        data = data + data
    return clip_bytes(data, CALLBACK_DATA_LIMIT) or "x"


async def test_fuzz_sessions(running_bot, emulator) -> None:
    """Generated sessions against the running bot; TIREK_FUZZ_EXAMPLES sets how many (default 40)."""
    loop = asyncio.get_running_loop()
    errors, stats = ErrorRecords(), Stats()
    watched = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in watched:
        logger.addHandler(errors)
    run = FuzzRun(emulator, errors, stats)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(session=sessions)
    def property_holds(session: Session) -> None:
        asyncio.run_coroutine_threadsafe(run.run(session), loop).result(timeout=STEP_TIMEOUT * 20)

    started = time.monotonic()
    try:
        await asyncio.to_thread(property_holds)
    finally:
        for logger in watched:
            logger.removeHandler(errors)
    elapsed = time.monotonic() - started
    screens = {str(c.params.get("text", "")).split("\n")[:3][-1] for c in emulator.calls
               if c.method in ("sendMessage", "editMessageText") and c.ok}
    if os.environ.get("TIREK_FUZZ_SCREENS"):
        print("\n".join(sorted(s[:70] for s in screens)))
    print(f"\nfuzz: {stats.updates} updates in {stats.sessions} sessions, {elapsed:.1f} s, "
          f"{len(screens)} distinct screens; {sorted(stats.kinds.items())}")
    assert stats.updates >= EXAMPLES * 5 * 0.9


# -- the extremes the emulator accepts but Telegram never delivers ----------------------------


async def test_extremes_beyond_what_telegram_delivers(running_bot, emulator) -> None:
    """An empty text and texts of 5,000 characters: the emulator accepts them; the bot copes."""
    from tests.e2e.test_faq import onboarded

    errors = ErrorRecords()
    watched = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    for logger in watched:
        logger.addHandler(errors)
    try:
        for user_id, setup in ((650000001, "new"), (650000002, "onboarded")):
            user = UserClient(emulator, user_id) if setup == "new" else await onboarded(emulator, user_id)
            extremes = ["", "я" * 5000, "ئا" * 2500, "\u200b" * 5000, "\x00" * 5000, "😀" * 5000, "/" + "a" * 4999]
            for text in extremes:
                sent = await user.send_text(text)
                assert sent, f"no answer to a text of {len(text)} characters ({setup})"
                mine = [m for m in emulator.visible_messages(user.chat_id) if not m.from_bot][-1]
                assert await user.edit_text(mine.message_id, text), "no answer to an edit"
                await user.press_data("x" * 64, mine.message_id + 1)
                assert user.callback_answer() is not None
            assert not errors.take()
    finally:
        for logger in watched:
            logger.removeHandler(errors)
