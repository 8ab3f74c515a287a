"""A test-side Telegram user talking to the bot through the emulator.

Updates are built with python-telegram-bot's independent type model and
serialised with ``to_dict()``, so tests do not just echo aiogram's own
assumptions about the Bot API; the emulator then validates them against the
official spec before the bot sees them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import telegram

from bot.emulator import BotApiEmulator, StoredMessage

__all__ = ["GroupMember", "UserClient"]


class UserClient:
    """One user in a private chat with the bot (chat id == user id, as on Telegram)."""

    def __init__(self, emulator: BotApiEmulator, user_id: int, first_name: str = "Test",
                 language_code: str | None = "en", *, username: str | None = None) -> None:
        self.emulator = emulator
        self.user = telegram.User(id=user_id, first_name=first_name, is_bot=False,
                                  language_code=language_code, username=username)
        self.chat = telegram.Chat(id=user_id, type=telegram.constants.ChatType.PRIVATE,
                                  first_name=first_name, username=username)
        self._query_ids = itertools.count(1)

    @property
    def chat_id(self) -> int:
        return self.chat.id

    # -- sending -----------------------------------------------------------
    async def send_text(self, text: str, *, wait: bool = True) -> list[StoredMessage]:
        """Send a text message; return bot messages that are new or edited since."""
        return await self._send_message(wait, text=text)

    async def command(self, command: str, *, wait: bool = True) -> list[StoredMessage]:
        """Send e.g. "/start" or "/start payload" with its bot_command entity."""
        if not command.startswith("/"):
            raise ValueError("a command starts with '/'")
        name = command.split(maxsplit=1)[0]
        entity = telegram.MessageEntity(telegram.MessageEntity.BOT_COMMAND, 0, _utf16_len(name))
        return await self._send_message(wait, text=command, entities=[entity])

    async def send_sticker(self, emoji: str = "🙂", *, wait: bool = True) -> list[StoredMessage]:
        info = self.emulator.add_file(b"RIFF-sticker", kind="sticker")
        sticker = telegram.Sticker(info["file_id"], info["file_unique_id"], 512, 512, False, False,
                                   telegram.Sticker.REGULAR, emoji=emoji, file_size=info["file_size"])
        return await self._send_message(wait, sticker=sticker)

    async def send_document(self, name: str = "a.pdf", data: bytes = b"%PDF-1.4 test document",
                            *, mime_type: str = "application/pdf", caption: str | None = None,
                            wait: bool = True) -> list[StoredMessage]:
        return await self._send_message(wait, document=_document(self.emulator, data, name, mime_type), caption=caption)

    async def send_photo(self, data: bytes = b"\xff\xd8\xff\xe0 test photo", *,
                         caption: str | None = None, wait: bool = True) -> list[StoredMessage]:
        return await self._send_message(wait, photo=_photo(self.emulator, data), caption=caption)

    async def send_voice(self, data: bytes = b"OggS test voice", duration: int = 3, *,
                         wait: bool = True) -> list[StoredMessage]:
        return await self._send_message(wait, voice=_voice(self.emulator, data, duration))

    async def forward_text(self, text: str, *, hidden_sender: str | None = None, own: bool = False,
                           wait: bool = True) -> list[StoredMessage]:
        """Forward someone else's text message (a visible user, or a hidden one by name), or with
        `own` one of this user's own messages, as Telegram shows it (their account or, hidden, their name)."""
        date = self._date()
        origin: telegram.MessageOrigin
        if own and hidden_sender is None:
            origin = telegram.MessageOriginUser(date, self.user)
        elif hidden_sender is not None:
            origin = telegram.MessageOriginHiddenUser(date, hidden_sender)
        else:
            other = telegram.User(id=self.user.id + 1_000_000, first_name="Forwarded", is_bot=False)
            origin = telegram.MessageOriginUser(date, other)
        return await self._send_message(wait, text=text, forward_origin=origin)

    async def forget_while_busy(self) -> None:
        """/forget and its confirmation while a held call keeps the emulator busy (so waiting for
        it to be idle would never end): waits for each screen instead, until erasure is done."""
        from tests.support.screens import first_line, plain

        await self.command("/forget", wait=False)
        confirm = await self.emulator.wait_for(lambda: next((m for m in self.emulator.visible_messages(self.chat_id)
                                                             if plain("en", "forget-confirm") in self.buttons(m)), None),
                                               timeout=10)
        await self.press(plain("en", "forget-confirm"), confirm, wait=False)
        await self.emulator.wait_for(lambda: any(first_line(m.text or "") == plain("en", "forget-done-title")
                                                 for m in self.emulator.visible_messages(self.chat_id)), timeout=10)

    async def edit_text(self, message_id: int, new_text: str, *, wait: bool = True) -> list[StoredMessage]:
        """Edit one of this user's earlier messages (an edited_message update)."""
        original = self.emulator.message(self.chat_id, message_id)
        if original is None or original.from_bot:
            raise ValueError(f"no message {message_id} from this user")
        message = telegram.Message(
            message_id=message_id, date=_datetime(original.date), chat=self.chat,
            from_user=self.user, text=new_text, edit_date=self._date())
        return await self._push(wait, edited_message=message)

    async def press(self, button: str | int, message: StoredMessage | None = None, *,
                    wait: bool = True) -> list[StoredMessage]:
        """Press an inline button by exact text or by 0-based index (rows flattened).

        Uses ``message`` or else the latest visible bot message with an inline keyboard.
        """
        message = message or self.last_keyboard_message()
        if message is None:
            raise LookupError("no bot message with an inline keyboard")
        flat = [b for row in message.inline_keyboard for b in row]
        if isinstance(button, int):
            if not 0 <= button < len(flat):
                raise LookupError(f"no button #{button}; buttons: {self.buttons(message)}")
            chosen = flat[button]
        else:
            matches = [b for b in flat if b["text"] == button]
            if not matches:
                raise LookupError(f"no button {button!r}; buttons: {self.buttons(message)}")
            chosen = matches[0]
        if "callback_data" not in chosen:
            raise LookupError(f"button {chosen['text']!r} sends no callback (it is {chosen})")
        return await self.press_data(chosen["callback_data"], message.message_id, wait=wait)

    async def press_data(self, data: str, message_id: int, *, wait: bool = True) -> list[StoredMessage]:
        """Send a callback query with arbitrary (possibly forged) data for a message."""
        query_id = f"{self.user.id}{next(self._query_ids):06d}"
        stored = self.emulator.message(self.chat_id, message_id)
        message: telegram.MaybeInaccessibleMessage
        if stored is not None and not stored.deleted:
            message = telegram.Message.de_json(self.emulator.message_json(self.chat_id, message_id), None)
        else:
            message = telegram.InaccessibleMessage(self.chat, message_id)
        query = telegram.CallbackQuery(query_id, self.user, chat_instance=f"ci{self.chat_id}",
                                       message=message, data=data)
        self.last_query_id = query_id
        return await self._push(wait, callback_query=query)

    # -- reading -----------------------------------------------------------
    def bot_messages(self) -> list[StoredMessage]:
        return [m for m in self.emulator.visible_messages(self.chat_id) if m.from_bot]

    def last_bot_message(self) -> StoredMessage | None:
        messages = self.bot_messages()
        return messages[-1] if messages else None

    def last_keyboard_message(self) -> StoredMessage | None:
        return next((m for m in reversed(self.bot_messages()) if m.inline_keyboard), None)

    def buttons(self, message: StoredMessage | None = None) -> list[str]:
        message = message or self.last_keyboard_message()
        return [b["text"] for row in message.inline_keyboard for b in row] if message else []

    def callback_answer(self, query_id: str | None = None) -> dict | None:
        """What the bot answered to a callback query (default: the last one pressed)."""
        return self.emulator.callback_answers.get(query_id or self.last_query_id)

    # -- internals ---------------------------------------------------------
    def _date(self) -> dt.datetime:
        return _datetime(self.emulator.now())

    async def _send_message(self, wait: bool, **content: Any) -> list[StoredMessage]:
        message = telegram.Message(
            message_id=self.emulator.next_message_id(self.chat_id), date=self._date(),
            chat=self.chat, from_user=self.user, **content)
        return await self._push(wait, message=message)

    async def _push(self, wait: bool, **payload: Any) -> list[StoredMessage]:
        return await _push_update(self.emulator, self.chat_id, wait, **payload)


async def _push_update(emulator: BotApiEmulator, chat_id: int, wait: bool, **payload: Any) -> list[StoredMessage]:
    """Push one update; unless `wait` is False, wait until handled and return the bot's new or
    edited messages in that chat."""
    before = emulator.seq
    update = telegram.Update(update_id=emulator.next_update_id(), **payload)
    # Round-trip through JSON: exactly what would travel over the wire.
    emulator.push_update(json.loads(json.dumps(update.to_dict())))
    if not wait:
        return []
    await emulator.wait_idle()
    return [m for m in emulator.chat_history(chat_id) if m.from_bot and m.seq > before and not m.deleted]


def _photo(emulator: BotApiEmulator, data: bytes) -> list[telegram.PhotoSize]:
    info = emulator.add_file(data, kind="photo", mime_type="image/jpeg")
    return [telegram.PhotoSize(info["file_id"], info["file_unique_id"], 800, 600, file_size=info["file_size"])]


def _document(emulator: BotApiEmulator, data: bytes, name: str, mime_type: str) -> telegram.Document:
    info = emulator.add_file(data, kind="document", file_name=name, mime_type=mime_type)
    return telegram.Document(info["file_id"], info["file_unique_id"], file_name=name, mime_type=mime_type,
                             file_size=info["file_size"])


def _voice(emulator: BotApiEmulator, data: bytes, duration: int) -> telegram.Voice:
    info = emulator.add_file(data, kind="voice", mime_type="audio/ogg")
    return telegram.Voice(info["file_id"], info["file_unique_id"], duration, mime_type="audio/ogg",
                          file_size=info["file_size"])


def _datetime(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def newest(messages: list[StoredMessage]) -> StoredMessage:
    """The bot's latest message among those a step produced (earlier ones may be edits)."""
    if not messages:
        raise LookupError("the bot sent or edited nothing")
    return max(messages, key=lambda m: m.message_id)


class GroupMember:
    """A person in the volunteers' forum supergroup, writing in a topic (or the General topic)."""

    def __init__(self, emulator: BotApiEmulator, chat_id: int, user_id: int, first_name: str = "Member") -> None:
        self.emulator = emulator
        self.user = telegram.User(id=user_id, first_name=first_name, is_bot=False, language_code="en")
        self.chat = telegram.Chat(id=chat_id, type=telegram.constants.ChatType.SUPERGROUP, title="Volunteers",
                                  is_forum=True)
        self._query_ids = itertools.count(1)

    async def send_text(self, text: str, topic: int | None = None, *, wait: bool = True) -> list[StoredMessage]:
        return await self._send(wait, topic, text=text)

    async def command(self, command: str, topic: int | None = None, *, wait: bool = True) -> list[StoredMessage]:
        name = command.split(maxsplit=1)[0]
        entity = telegram.MessageEntity(telegram.MessageEntity.BOT_COMMAND, 0, _utf16_len(name))
        return await self._send(wait, topic, text=command, entities=[entity])

    async def send_photo(self, data: bytes, topic: int, *, caption: str | None = None,
                         wait: bool = True) -> list[StoredMessage]:
        return await self._send(wait, topic, photo=_photo(self.emulator, data), caption=caption)

    async def send_document(self, data: bytes, topic: int, name: str = "guide.pdf", *,
                            wait: bool = True) -> list[StoredMessage]:
        return await self._send(wait, topic, document=_document(self.emulator, data, name, "application/pdf"))

    async def send_voice(self, data: bytes, topic: int, *, wait: bool = True) -> list[StoredMessage]:
        return await self._send(wait, topic, voice=_voice(self.emulator, data, 2))

    async def edit_text(self, message_id: int, new_text: str, *, wait: bool = True) -> list[StoredMessage]:
        original = self.emulator.message(self.chat.id, message_id)
        message = telegram.Message(
            message_id=message_id, date=_datetime(original.date), chat=self.chat, from_user=self.user,
            text=new_text, edit_date=_datetime(self.emulator.now()),
            message_thread_id=original.message_thread_id, is_topic_message=original.message_thread_id is not None)
        return await self._push(wait, edited_message=message)

    async def press(self, button: str, message: StoredMessage, *, wait: bool = True) -> list[StoredMessage]:
        chosen = [b for row in message.inline_keyboard for b in row if b["text"] == button]
        if not chosen:
            raise LookupError(f"no button {button!r}")
        return await self.press_data(chosen[0]["callback_data"], message.message_id, wait=wait)

    async def press_data(self, data: str, message_id: int, *, wait: bool = True) -> list[StoredMessage]:
        query_id = f"g{self.user.id}{next(self._query_ids):06d}"
        message = telegram.Message.de_json(self.emulator.message_json(self.chat.id, message_id), None)
        query = telegram.CallbackQuery(query_id, self.user, chat_instance=f"ci{self.chat.id}", message=message, data=data)
        self.last_query_id = query_id
        return await self._push(wait, callback_query=query)

    def callback_answer(self) -> dict | None:
        return self.emulator.callback_answers.get(self.last_query_id)

    async def _send(self, wait: bool, topic: int | None, **content: Any) -> list[StoredMessage]:
        message = telegram.Message(
            message_id=self.emulator.next_message_id(self.chat.id), date=_datetime(self.emulator.now()),
            chat=self.chat, from_user=self.user, message_thread_id=topic, is_topic_message=topic is not None or None,
            **content)
        return await self._push(wait, message=message)

    async def _push(self, wait: bool, **payload: Any) -> list[StoredMessage]:
        return await _push_update(self.emulator, self.chat.id, wait, **payload)
