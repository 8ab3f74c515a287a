"""A line-based terminal chat with the bot, the person playing a Telegram user (and, in the
sandbox, a volunteer and a coordinator working in the volunteers' forum group).

Input rules (also printed by ":help"):
* text is sent as a message; text starting with "/" is a command;
* a bare number N presses button N of the latest bot message with an inline keyboard;
* a leading backslash sends the rest literally: "\\5" sends the text "5", "\\:file" ":file";
* ":file", ":photo", ":sticker", ":voice" send that kind of content; ":help" repeats the rules;
* ":as NAME" switches who types; ":group", ":topics", ":topic N" and ":private" move a
  volunteer or coordinator between their chat with the bot and the group's topics;
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

__all__ = ["run_terminal_chat", "send_as"]

HELP = ("Type a message and press Enter. A number presses that button; \\ at the start sends "
        "text as typed (\\5). :file :photo :sticker :voice send media. /quit or Ctrl-D leaves.")
TEAM_HELP = ("{names} switch who types; each has a private chat with the bot. A volunteer or "
             "coordinator enters the volunteers' group with :group, lists its topics with :topics, "
             "opens one with :topic N (0 is General) and goes back with :private. In a topic, text "
             "and media go to the topic, a number presses a button of its latest bot message, and "
             "/claim, /note... are commands.")
GENERAL = 0  # where a person looks: None is their private chat, GENERAL or a thread id the group
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


def short_topic_name(name: str) -> str:
    """ "🟡 C-7KQ2 · Legal · Normal" -> "C-7KQ2": the case code, for the prompt."""
    words = name.split(" · ")[0].split()
    return words[-1] if words else name


class _Screen:
    """What one person sees of one chat: their private chat with the bot, or one group topic."""

    def __init__(self, emulator: BotApiEmulator, person: dict, say: Callable[[str], None], *, ansi: bool,
                 chat: dict | None = None, thread: int | None = None, seen_seq: int | None = None,
                 names: dict[int, str] | None = None) -> None:
        self.emulator = emulator
        self.user = person
        self.chat = chat or {"id": person["id"], "type": "private", "first_name": person["first_name"]}
        self.thread = thread  # None in a private chat and in the group's General topic
        self.say = say
        self.ansi = ansi
        self.names = names or {}  # user id -> how the terminal calls that person
        self.seen_seq = emulator.seq if seen_seq is None else seen_seq
        self.printed: dict[int, str] = {}  # message id -> the text last shown
        self.queries: list[str] = []
        self.answered: set[str] = set()

    @property
    def in_group(self) -> bool:
        return self.chat["type"] != "private"

    def in_view(self, msg: StoredMessage) -> bool:
        return not self.in_group or msg.message_thread_id == self.thread

    def shown(self, msg: StoredMessage) -> bool:
        """In this view and not typed by this person (their own lines are on screen already)."""
        own = not msg.from_bot and (msg.sender or {}).get("id") == self.user["id"]
        return self.in_view(msg) and not own

    # -- sending
    def push(self, **payload: Any) -> None:
        self.emulator.push_update({"update_id": self.emulator.next_update_id(), **payload})

    def message(self, **content: Any) -> None:
        topic = {"message_thread_id": self.thread, "is_topic_message": True} if self.thread else {}
        self.push(message={"message_id": self.emulator.next_message_id(self.chat["id"]),
                           "date": self.emulator.now(), "chat": self.chat, "from": self.user,
                           **topic, **content})

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
                       if m.from_bot and m.inline_keyboard and self.in_view(m)), None)
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
            return self.media(name, argument.strip())
        else:
            self.text(line, command=line.startswith("/"))
        return True

    # -- showing
    def show_changes(self) -> None:
        """Print messages created, edited or deleted since last time, then notices."""
        changed = [m for m in self.emulator.chat_history(self.chat["id"])
                   if m.seq > self.seen_seq and self.shown(m)]
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

    def label(self, msg: StoredMessage) -> str:
        if msg.from_bot:
            return "bot"
        sender = msg.sender or {}
        return self.names.get(sender.get("id"), sender.get("first_name", "someone"))

    def show(self, msg: StoredMessage) -> None:
        label = self.label(msg)
        if msg.deleted:
            if msg.message_id in self.printed:
                self.say(f"{label} (deleted #{msg.message_id})")
            return
        if msg.kind == "service":
            created = msg.media.get("forum_topic_created")
            if created and msg.message_id not in self.printed:
                self.printed[msg.message_id] = ""
                self.say(f"(topic opened: {created['name']})")
            return
        body = render(msg.text or "", msg.entities, ansi=self.ansi)
        if self.printed.get(msg.message_id) == body and not msg.inline_keyboard:
            return  # only its buttons were taken away: the text on screen is still right
        label = f"{label} (edited)" if msg.message_id in self.printed else label
        self.printed[msg.message_id] = body
        if msg.kind != "text":
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


class _Terminal:
    """The people the player can be, where each of them looks, and what was already announced."""

    def __init__(self, emulator: BotApiEmulator, people: dict[str, dict], group: dict | None,
                 output: TextIO, *, interactive: bool) -> None:
        self.emulator = emulator
        self.people = people  # name -> Telegram User; the first is the user the bot helps
        self.user_name = next(iter(people))
        self.names = {person["id"]: name for name, person in people.items()}
        self.group = group
        self.output = output
        self.ansi = bool(getattr(output, "isatty", lambda: False)())
        self.interactive = interactive
        self.person = self.user_name
        self.where: dict[str, int | None] = dict.fromkeys(people)
        self.last_topic: dict[str, int] = {}
        self.screens: dict[tuple[str, int | None], _Screen] = {}
        self.start_seq = emulator.seq
        self.private_marks = dict.fromkeys(people, emulator.seq)  # announced up to this seq
        self.group_mark = emulator.seq
        self.prompt_open = False

    # -- output
    def say(self, line: str) -> None:
        if self.prompt_open:  # a message arrived while the person was typing: keep the prompt last
            self.output.write("\r\033[K" if self.interactive else "\n")
        self.output.write(line + "\n")
        if self.prompt_open:
            self.output.write(self.prompt())
        self.output.flush()

    def prompt(self) -> str:
        place = self.where[self.person]
        if place is None:
            return f"{self.person}> "
        if place == GENERAL:
            return f"{self.person}@group> "
        topic = self.emulator.topics(self.group["id"]).get(place, {})
        return f"{self.person}@{short_topic_name(topic.get('name', str(place)))}> "

    def help(self) -> None:
        self.say(HELP)
        if len(self.people) > 1:
            self.say(TEAM_HELP.format(names=", ".join(f":as {name}" for name in self.people)))

    # -- screens
    def screen(self, name: str, place: int | None) -> _Screen:
        key = (name, place)
        if key not in self.screens:
            person = self.people[name]
            if place is None:  # the user's chat starts now; a volunteer's shows how they joined
                seen = self.start_seq if name == self.user_name else 0
                self.screens[key] = _Screen(self.emulator, person, self.say, ansi=self.ansi, seen_seq=seen,
                                            names=self.names)
            else:
                self.screens[key] = _Screen(self.emulator, person, self.say, ansi=self.ansi, chat=self.group,
                                            thread=place or None, seen_seq=0, names=self.names)
        return self.screens[key]

    @property
    def current(self) -> _Screen:
        return self.screen(self.person, self.where[self.person])

    def refresh(self) -> None:
        self.current.show_changes()
        self.announce()

    def announce(self) -> None:
        """One line per other chat with something new: the next switch there shows it."""
        here = self.current
        for name, person in self.people.items():
            seen = self.screens[(name, None)].seen_seq if (name, None) in self.screens else 0
            new = [m for m in self.emulator.chat_history(person["id"])
                   if m.from_bot and not m.deleted and m.seq > max(seen, self.private_marks[name])]
            if new:
                self.private_marks[name] = max(m.seq for m in new)
                if here.chat["id"] != person["id"]:
                    self.say(f"({len(new)} new message{'s' if len(new) > 1 else ''} for the {name})")
        if self.group is None:
            return
        changed = [m for m in self.emulator.chat_history(self.group["id"]) if m.seq > self.group_mark]
        self.group_mark = max([self.group_mark] + [m.seq for m in changed])
        # Not what is on screen now, nor what this person just typed.
        new = [m for m in changed if not m.deleted and not (here.in_group and here.shown(m))
               and (m.from_bot or (m.sender or {}).get("id") != here.user["id"])]
        numbers = self.topic_numbers()
        counts: dict[int | None, int] = {}
        for msg in new:
            if "forum_topic_created" in msg.media:
                name = msg.media["forum_topic_created"]["name"]
                self.say(f"(volunteers' group: new topic [{numbers.get(msg.message_thread_id, '?')}] {name})")
            elif msg.kind != "service":
                counts[msg.message_thread_id] = counts.get(msg.message_thread_id, 0) + 1
        topics = self.emulator.topics(self.group["id"])
        for thread, count in counts.items():
            where = "General" if thread is None else short_topic_name(topics.get(thread, {}).get("name", "?"))
            number = numbers.get(thread, 0)
            self.say(f"(volunteers' group: {count} new message{'s' if count > 1 else ''} in [{number}] {where})")

    def topic_numbers(self) -> dict[int, int]:
        """Live topics numbered 1.. in the order they were made (0 is General)."""
        live = sorted(t for t, topic in self.emulator.topics(self.group["id"]).items() if not topic["deleted"])
        return {thread: number for number, thread in enumerate(live, 1)}

    # -- commands
    def command(self, name: str, argument: str) -> bool | None:
        """Terminal commands; None if ``name`` is none of them (then it is media)."""
        if name == "help":
            self.help()
        elif name == "as":
            if argument not in self.people:
                self.say(f"(who? {', '.join(':as ' + n for n in self.people)})")
            else:
                self.person = argument
                self.refresh()
        elif name in ("group", "topics", "topic", "private"):
            if self.group is None or self.person == self.user_name:
                self.say("(only a volunteer or a coordinator sees the volunteers' group; try :as volunteer)")
            elif name == "private":
                self.go(None)
            elif name == "topics":
                self.list_topics()
            elif name == "group":
                numbers = self.topic_numbers()
                remembered = self.last_topic.get(self.person)
                self.go(remembered if remembered in numbers or remembered == GENERAL
                        else max(numbers, default=GENERAL))
            else:
                self.choose_topic(argument)
        else:
            return None
        return False

    def list_topics(self) -> None:
        topics = self.emulator.topics(self.group["id"])
        self.say("  [0] General")
        for thread, number in self.topic_numbers().items():
            closed = " (closed)" if topics[thread]["closed"] else ""
            self.say(f"  [{number}] {topics[thread]['name']}{closed}")

    def choose_topic(self, argument: str) -> None:
        numbers = {number: thread for thread, number in self.topic_numbers().items()}
        topics = self.emulator.topics(self.group["id"])
        if argument.isascii() and argument.isdigit():
            thread = GENERAL if int(argument) == 0 else numbers.get(int(argument))
        else:  # by case code or a part of the name
            thread = next((t for t in numbers.values() if argument and argument.lower() in topics[t]["name"].lower()),
                          None)
        if thread is None:
            self.say(f"(no topic {argument or '?'}; :topics lists them)")
        else:
            self.go(thread)

    def go(self, place: int | None) -> None:
        self.where[self.person] = place
        if place is not None:
            self.last_topic[self.person] = place
        self.refresh()

    def handle(self, line: str) -> bool:
        """Act on one input line; True if something was sent to the bot."""
        if line.startswith(":"):
            name, _, argument = line[1:].partition(" ")
            handled = self.command(name, argument.strip())
            if handled is not None:
                return handled
        return self.current.handle(line)


def _person(user_id: int, first_name: str, language_code: str | None) -> dict:
    person: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code:
        person["language_code"] = language_code
    return person


async def send_as(emulator: BotApiEmulator, person: dict, text: str) -> list[StoredMessage]:
    """Send a command in ``person``'s private chat; the bot's messages there that it produced."""
    before = emulator.seq
    _Screen(emulator, person, lambda line: None, ansi=False).text(text, command=text.startswith("/"))
    await emulator.wait_idle(timeout=30)
    return [m for m in emulator.chat_history(person["id"]) if m.from_bot and m.seq > before]


async def run_terminal_chat(
    emulator: BotApiEmulator, *, user_id: int, first_name: str, language_code: str | None,
    input_func: Callable[[], str | Awaitable[str]] | None = None, output: TextIO = sys.stdout,
    team: dict[str, dict] | None = None, group: dict | None = None,
) -> None:
    """Chat with the bot until "/quit" or end of input. ``input_func`` raises EOFError at the end.

    ``team``: more people to play (name -> Telegram User), e.g. a volunteer and a coordinator;
    ``group``: the volunteers' forum group (a Chat) they can enter.
    """
    people = {"user": _person(user_id, first_name, language_code), **(team or {})}
    interactive = input_func is None and sys.stdin.isatty()
    term = _Terminal(emulator, people, group, output, interactive=interactive)
    read = input_func or (lambda: asyncio.to_thread(input))
    term.help()

    busy = False

    async def watch() -> None:  # messages the bot sends on its own (e.g. a volunteer's reply)
        while True:
            await asyncio.sleep(0.2)
            if not busy:  # replies to the person's input are printed in one go, in order
                term.refresh()

    watcher = asyncio.create_task(watch())
    try:
        while True:
            output.write(term.prompt())
            output.flush()
            term.prompt_open = True
            try:
                line = read()
                if inspect.isawaitable(line):
                    line = await line
            except EOFError:
                output.write("\n")
                break
            finally:
                term.prompt_open = False
            line = line.rstrip("\r\n")
            if not interactive:  # a transcript reads like the screen: the prompt, then what was typed
                output.write(line + "\n")
            if not line.strip():
                continue
            if line.strip() == "/quit":
                break
            busy = term.handle(line)
            if busy:
                try:
                    await emulator.wait_idle(timeout=30)
                except TimeoutError:
                    term.say("(the bot has not answered yet)")
                term.refresh()
                busy = False
    finally:
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        term.refresh()
