"""A line-based terminal chat with the bot, the person playing a Telegram user.

Input rules (also printed as the help line):
* text is sent as a message; text starting with "/" is a command;
* a bare number N presses button N of the latest bot message with an inline keyboard;
* a leading backslash sends the rest literally: "\\5" sends the text "5", "\\:file" ":file";
* ":file", ":photo", ":sticker", ":voice" send that kind of content; ":help" repeats this;
* "/quit" or end of input (Ctrl-D) leaves.

Updates are plain dicts (python-telegram-bot is a test-only dependency); the
emulator validates them against the Bot API spec anyway.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from .html import utf16_len
from .server import BotApiEmulator, StoredMessage

__all__ = ["run_terminal_chat"]

HELP = ("Type a message and press Enter. A number presses that button; \\ at the start sends "
        "text as typed (\\5). :file :photo :sticker :voice send media. /quit or Ctrl-D leaves.")
_STYLES = {"bold": "1", "italic": "3", "underline": "4", "strikethrough": "9", "code": "2", "pre": "2"}


def render(text: str, entities: list[dict], *, ansi: bool) -> str:
    """Plain text with ANSI styles (if ``ansi``) and links shown as "text (url)"."""
    # Entity offsets are UTF-16 code units: map each unit boundary to a str index.
    boundaries = {0: 0}
    units = 0
    for index, char in enumerate(text, 1):
        units += utf16_len(char)
        boundaries[units] = index
    styles: list[set[str]] = [set() for _ in text]
    suffixes: dict[int, list[str]] = {}
    for entity in entities:
        start = boundaries.get(entity["offset"])
        end = boundaries.get(entity["offset"] + entity["length"])
        if start is None or end is None:
            continue
        if entity["type"] in _STYLES:
            for index in range(start, end):
                styles[index].add(_STYLES[entity["type"]])
        elif entity["type"] == "text_link":
            suffixes.setdefault(end, []).append(f" ({entity['url']})")
    out: list[str] = []
    active: set[str] = set()
    for index, char in enumerate(text):
        out.extend(suffixes.get(index, []))
        if ansi and styles[index] != active:
            out.append("\033[0m" + "".join(f"\033[{code}m" for code in sorted(styles[index])))
            active = styles[index]
        out.append(char)
    if ansi and active:
        out.append("\033[0m")
    out.extend(suffixes.get(len(text), []))
    return "".join(out)


class _Chat:
    def __init__(self, emulator: BotApiEmulator, user: dict, output: TextIO) -> None:
        self.emulator = emulator
        self.user = user
        self.chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        self.output = output
        self.ansi = bool(getattr(output, "isatty", lambda: False)())
        self.seen_seq = emulator.seq
        self.printed: dict[int, str] = {}  # message id -> the text last shown
        self.queries: list[str] = []
        self.answered: set[str] = set()

    def say(self, line: str) -> None:
        self.output.write(line + "\n")
        self.output.flush()

    # -- sending
    def push(self, **payload: Any) -> None:
        self.emulator.push_update({"update_id": self.emulator.next_update_id(), **payload})

    def message(self, **content: Any) -> None:
        self.push(message={"message_id": self.emulator.next_message_id(self.chat["id"]),
                           "date": self.emulator.now(), "chat": self.chat, "from": self.user,
                           **content})

    def text(self, text: str, command: bool) -> None:
        entities = [{"type": "bot_command", "offset": 0,
                     "length": utf16_len(text.split(maxsplit=1)[0])}] if command else []
        self.message(text=text, **({"entities": entities} if entities else {}))

    def media(self, kind: str, argument: str) -> bool:
        if kind == "file":
            name = argument or "example.pdf"
            info = self.emulator.add_file(b"%PDF-1.4 sandbox file", kind="document", file_name=name)
            self.message(document=dict(info, file_name=name))
        elif kind == "photo":
            info = self.emulator.add_file(b"\xff\xd8\xff\xe0 sandbox photo", kind="photo",
                                          mime_type="image/jpeg")
            self.message(photo=[dict(info, width=800, height=600)])
        elif kind == "sticker":
            info = self.emulator.add_file(b"RIFF sandbox sticker", kind="sticker")
            self.message(sticker=dict(info, type="regular", width=512, height=512, is_animated=False,
                                      is_video=False, emoji=argument or "🙂"))
        elif kind == "voice":
            info = self.emulator.add_file(b"OggS sandbox voice", kind="voice", mime_type="audio/ogg")
            self.message(voice=dict(info, duration=3, mime_type="audio/ogg"))
        else:
            self.say(f"(unknown command :{kind}; try :help)")
            return False
        return True

    def press(self, number: int) -> bool:
        target = next((m for m in reversed(self.emulator.visible_messages(self.chat["id"]))
                       if m.from_bot and m.inline_keyboard), None)
        buttons = [b for row in target.inline_keyboard for b in row] if target else []
        if not 1 <= number <= len(buttons):
            self.say(f"(no button [{number}]; send \\{number} to send it as text)")
            return False
        button = buttons[number - 1]
        if "callback_data" not in button:
            self.say(f"(button [{number}] opens {button.get('url') or 'something else'}; nothing is sent)")
            return False
        query_id = f"sandbox-{self.emulator.next_update_id()}"
        self.queries.append(query_id)
        self.push(callback_query={
            "id": query_id, "from": self.user, "chat_instance": f"sandbox{self.chat['id']}",
            "message": self.emulator.message_json(self.chat["id"], target.message_id),
            "data": button["callback_data"]})
        return True

    def handle(self, line: str) -> bool:
        """Act on one input line; True if something was sent to the bot."""
        stripped = line.strip()
        if line.startswith("\\"):
            if not line[1:].strip():
                return False
            self.text(line[1:], command=False)
        elif stripped.isascii() and stripped.isdigit():
            return self.press(int(stripped))
        elif line.startswith(":"):
            name, _, argument = line[1:].partition(" ")
            if name == "help":
                self.say(HELP)
                return False
            return self.media(name, argument.strip())
        else:
            self.text(line, command=line.startswith("/"))
        return True

    # -- showing
    def show_changes(self) -> None:
        """Print bot messages created, edited or deleted since last time, then notices."""
        changed = [m for m in self.emulator.chat_history(self.chat["id"])
                   if m.from_bot and m.seq > self.seen_seq]
        for msg in sorted(changed, key=lambda m: m.seq):
            self.show(msg)
        self.seen_seq = max([self.seen_seq] + [m.seq for m in changed])
        for query_id in self.queries:
            answer = self.emulator.callback_answers.get(query_id)
            if answer is not None and query_id not in self.answered:
                self.answered.add(query_id)
                if answer.get("text"):
                    kind = "alert" if answer.get("show_alert") else "notice"
                    self.say(f"  ({kind}: {answer['text']})")

    def show(self, msg: StoredMessage) -> None:
        if msg.deleted:
            if msg.message_id in self.printed:
                self.say(f"bot (deleted #{msg.message_id})")
            return
        body = render(msg.text or "", msg.entities, ansi=self.ansi)
        if self.printed.get(msg.message_id) == body and not msg.inline_keyboard:
            return  # only its buttons were taken away: the text on screen is still right
        label = "bot (edited)" if msg.message_id in self.printed else "bot"
        self.printed[msg.message_id] = body
        if msg.kind not in ("text", "service"):
            body = f"[{msg.kind}] {body}".rstrip()
        lines = body.split("\n")
        self.say(f"{label}: {lines[0]}")
        for line in lines[1:]:
            self.say(f"     {line}")
        flat = [b["text"] for row in msg.inline_keyboard for b in row]
        if flat:
            self.say("     " + "  ".join(f"[{i}] {text}" for i, text in enumerate(flat, 1)))
        keyboard = (msg.reply_markup or {}).get("keyboard")
        if keyboard:
            self.say("     keyboard: " + " | ".join(b["text"] for row in keyboard for b in row))


async def run_terminal_chat(
    emulator: BotApiEmulator, *, user_id: int, first_name: str, language_code: str | None,
    input_func: Callable[[], str | Awaitable[str]] | None = None, output: TextIO = sys.stdout,
) -> None:
    """Chat with the bot until "/quit" or end of input. ``input_func`` raises EOFError at the end."""
    user = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        user["language_code"] = language_code
    chat = _Chat(emulator, user, output)
    read = input_func or (lambda: asyncio.to_thread(input))
    chat.say(HELP)

    busy = False

    async def watch() -> None:  # messages the bot sends on its own (e.g. a volunteer's reply)
        while True:
            await asyncio.sleep(0.2)
            if not busy:  # replies to the person's input are printed in one go, in order
                chat.show_changes()

    watcher = asyncio.create_task(watch())
    try:
        while True:
            try:
                line = read()
                if inspect.isawaitable(line):
                    line = await line
            except EOFError:
                break
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if line.strip() == "/quit":
                break
            busy = chat.handle(line)
            if busy:
                try:
                    await emulator.wait_idle(timeout=30)
                except TimeoutError:
                    chat.say("(the bot has not answered yet)")
                chat.show_changes()
                busy = False
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        chat.show_changes()
