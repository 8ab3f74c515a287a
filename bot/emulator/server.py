"""A fake Telegram Bot API server for tests and ``tirek sandbox``.

Every call is validated against the official spec (api.json) and, for the
methods the bot relies on, checked against Telegram's limits and state rules
(message ids per chat, 48-hour deletion, "message is not modified", blocked
users, ...), so tests fail where real Telegram would fail.

Deliberate differences from Telegram: webhooks may use plain http (tests run
on 127.0.0.1), unknown parameters are rejected, and state lives in memory.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import mimetypes
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from .html import ParseError, parse_text, utf16_len
from .spec import ApiError, SpecError, Upload, load_spec

log = logging.getLogger(__name__)

__all__ = ["ApiCall", "BotApiEmulator", "Fault", "StoredMessage"]

DELETE_WINDOW = 48 * 3600  # "A message can only be deleted if it was sent less than 48 hours ago."
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
# Update types Telegram leaves out unless explicitly requested in allowed_updates.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
})
TOPIC_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
# Message content fields, in the order used to name a message's "kind".
CONTENT_KINDS = (
    "text", "photo", "document", "voice", "sticker", "video", "audio", "animation", "video_note",
    "live_photo", "paid_media", "contact", "location", "venue", "poll", "dice", "story", "game",
    "checklist",
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply "
                 "markup are exactly the same as a current content and reply markup of the message")
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@dataclass
class ApiCall:
    """One request the bot made (also rejected ones). ``injected``: failed by a Fault."""

    method: str
    params: dict[str, Any]
    ok: bool
    error: str | None
    at: float
    injected: bool = False


@dataclass
class StoredMessage:
    """A message in a chat as Telegram keeps it. Live object: edits update it in place.

    ``text`` is the plain text (the caption for media), ``html`` the raw text as
    sent when parse_mode was HTML. ``seq`` is the emulator-wide change counter
    value of the last create/edit/delete, to find what changed since a point.
    """

    chat_id: int
    message_id: int
    from_bot: bool
    kind: str
    date: int
    text: str | None = None
    html: str | None = None
    entities: list[dict] = field(default_factory=list)
    reply_markup: dict | None = None
    deleted: bool = False
    edited: bool = False
    edit_date: int | None = None
    message_thread_id: int | None = None
    reply_to_message_id: int | None = None
    sender: dict | None = None  # the User who sent it (the bot for bot messages)
    media: dict = field(default_factory=dict)  # e.g. {"document": {...}}
    forward_origin: dict | None = None
    seq: int = 0

    @property
    def inline_keyboard(self) -> list[list[dict]]:
        return (self.reply_markup or {}).get("inline_keyboard") or []


@dataclass(frozen=True)
class Fault:
    """An injected failure: an error reply, or a dropped connection."""

    status: int = 429
    description: str = "Too Many Requests"
    retry_after: int | None = None
    disconnect: bool = False

    @classmethod
    def flood(cls, retry_after: int = 5) -> Fault:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def server_error(cls, status: int = 502, description: str = "Bad Gateway") -> Fault:
        return cls(status, description)

    @classmethod
    def drop(cls) -> Fault:
        return cls(0, "connection dropped", disconnect=True)


class _Disconnect(Exception):
    pass


@dataclass
class _File:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes = field(repr=False)
    file_name: str | None = None
    mime_type: str | None = None
    file_path: str | None = None


@dataclass
class _Chat:
    info: dict  # the Bot API Chat object
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    blocked: bool = False
    topics: dict[int, dict] = field(default_factory=dict)
    members: dict[int, str] = field(default_factory=dict)  # user id -> status

    @property
    def id(self) -> int:
        return self.info["id"]


class BotApiEmulator:
    def __init__(self, token: str = "123456:TEST", *, bot_id: int | None = None,
                 bot_username: str = "tirek_test_bot",
                 clock: Callable[[], float] | None = None) -> None:
        self.token = token
        self.spec = load_spec()
        self.bot_id = bot_id if bot_id is not None else int(token.split(":", 1)[0])
        self.bot_user = {"id": self.bot_id, "is_bot": True, "first_name": "Tirek",
                         "username": bot_username}
        self.faults: Callable[[str, dict], Fault | None] | None = None
        # Optional exact signal for wait_idle, e.g. a count of updates the bot's dispatcher
        # is still handling; without it, idleness is inferred from quiet time alone.
        self.busy: Callable[[], bool] | None = None
        self.calls: list[ApiCall] = []
        self.callback_answers: dict[str, dict] = {}
        self.descriptions: dict[tuple[str, str], str] = {}  # (kind, language) -> text
        self._clock = clock or time.time
        self._clock_offset = 0.0
        self._users: dict[int, dict] = {}
        self._chats: dict[int, _Chat] = {}
        self._last_message_id: dict[int, int] = {}
        self._files: dict[str, _File] = {}
        self._file_paths: dict[str, _File] = {}
        self._commands: dict[tuple[str, str], list[dict]] = {}
        self._callbacks: dict[str, bool] = {}  # issued id -> answered
        self._seq = 0
        # Update queue: kept until confirmed by getUpdates offset (or webhook 2xx).
        self._last_update_id = 700_000_000
        self._pending: list[dict] = []
        self._last_pushed_id = 0
        self._delivered_upto = 0
        # Ids of every update handed to the bot (long poll or webhook), for exact idle checks.
        self.delivered_update_ids: set[int] = set()
        self._allowed_updates: set[str] | None = None
        self._wake = asyncio.Event()
        self._poll_generation = 0
        self._conflict = ""
        self._webhook: dict | None = None
        self._webhook_task: asyncio.Task | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._inflight = 0
        self._last_activity = 0.0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._base_url = ""
        self._handlers: dict[str, Callable[[dict], Any]] = {
            "getMe": lambda p: dict(self.bot_user, can_join_groups=True,
                                    can_read_all_group_messages=False, supports_inline_queries=False),
            "logOut": lambda p: True, "close": lambda p: True,
            "getUpdates": self._get_updates, "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook, "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message, "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message, "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands, "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda p: self._set_description("description", p, 512),
            "getMyDescription": lambda p: self._get_description("description", p),
            "setMyShortDescription": lambda p: self._set_description("short_description", p, 120),
            "getMyShortDescription": lambda p: self._get_description("short_description", p),
            "setMyName": lambda p: self._set_description("name", p, 64),
            "getMyName": lambda p: self._get_description("name", p),
            "sendPhoto": lambda p: self._send_file(p, "photo"),
            "sendDocument": lambda p: self._send_file(p, "document"),
            "sendVoice": lambda p: self._send_file(p, "voice"),
            "sendSticker": lambda p: self._send_file(p, "sticker"),
            "copyMessage": self._copy_message, "copyMessages": self._copy_messages,
            "forwardMessage": self._forward_message, "forwardMessages": self._forward_messages,
            "sendChatAction": self._send_chat_action, "getFile": self._get_file,
            "createForumTopic": self._create_topic, "editForumTopic": self._edit_topic,
            "closeForumTopic": lambda p: self._set_topic_closed(p, True),
            "reopenForumTopic": lambda p: self._set_topic_closed(p, False),
            "deleteForumTopic": self._delete_topic,
            "getChat": self._get_chat, "getChatMember": self._get_chat_member,
        }

    # ------------------------------------------------------------------ server
    @property
    def base_url(self) -> str:
        if not self._base_url:
            raise RuntimeError("emulator is not started")
        return self._base_url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # Cancel handlers of abandoned requests, e.g. the long poll of a stopped bot.
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        sock = socket.create_server((host, port))
        bound_host, bound_port = sock.getsockname()[:2]
        await web.SockSite(self._runner, sock).start()
        self._base_url = f"http://{bound_host}:{bound_port}"
        self._closing = False
        self._touch()

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        if self._webhook_task:
            self._webhook_task.cancel()
            await asyncio.gather(self._webhook_task, return_exceptions=True)
            self._webhook_task = None
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        call = ApiCall(method=method, params={}, ok=False, error=None, at=self._time())
        self.calls.append(call)
        long_poll = method.lower() == "getupdates"
        if not long_poll:
            self._inflight += 1
            self._touch()
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            params, uploads = await _read_params(request)
            call.params = params
            result = await self._execute(method, params, uploads, call)
            call.ok = True
            return web.json_response({"ok": True, "result": result})
        except ApiError as err:
            call.error = err.description
            body: dict[str, Any] = {"ok": False, "error_code": err.code, "description": err.description}
            if err.retry_after is not None:
                body["parameters"] = {"retry_after": err.retry_after}
            return web.json_response(body, status=err.code)
        except _Disconnect:
            call.error = "connection dropped"
            if request.transport:
                request.transport.abort()
            raise asyncio.CancelledError from None
        except asyncio.CancelledError:
            # The bot abandoned the request (e.g. its long poll on shutdown): not a rejection.
            call.ok = long_poll
            raise
        except Exception:  # an emulator bug must not look like a Telegram rejection
            log.exception("emulator failed handling %s", method)
            call.error = "Internal Server Error"
            return web.json_response(
                {"ok": False, "error_code": 500, "description": "Internal Server Error"}, status=500)
        finally:
            if not long_poll:
                self._inflight -= 1
                self._touch()

    async def _execute(self, method: str, params: dict, uploads: dict[str, Upload],
                       call: ApiCall | None = None) -> Any:
        entry = self.spec.method(method)
        if entry is None:
            raise ApiError(404, "Not Found")
        name = entry["name"]
        decoded = self.spec.validate_call(name, params, uploads)
        if call is not None:
            call.method, call.params = name, decoded
        fault = self.faults(name, decoded) if self.faults else None
        if fault is not None:
            if call is not None:
                call.injected = True
            if fault.disconnect:
                raise _Disconnect()
            raise ApiError(fault.status, fault.description, retry_after=fault.retry_after)
        log.debug("emulator: %s", name)
        result = self._handlers.get(name, lambda p: self._stub(name, p))(decoded)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        stored = self._file_paths.get(request.match_info["path"])
        if stored is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"},
                                     status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    # --------------------------------------------------------- test-side API
    def now(self) -> int:
        """Unix time by the emulator clock."""
        return int(self._time())

    def advance(self, seconds: float) -> None:
        """Move the emulator clock forward (e.g. past the 48-hour deletion window)."""
        self._clock_offset += seconds

    def next_update_id(self) -> int:
        self._last_update_id += 1
        return self._last_update_id

    def next_message_id(self, chat_id: int) -> int:
        """Message ids are per chat and shared by the user's and the bot's messages."""
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    @property
    def seq(self) -> int:
        """Change counter; compare with StoredMessage.seq to find new/edited messages."""
        return self._seq

    def push_update(self, update: dict) -> None:
        """Validate an update against the spec, record its effects, and queue it."""
        try:
            self.spec.validate_object("Update", update)
        except SpecError as err:
            raise ValueError(f"invalid update: {err.reason}") from None
        kinds = [k for k in update if k != "update_id"]
        if len(kinds) != 1:
            raise ValueError("an update must contain exactly one of the optional fields")
        if update["update_id"] <= self._last_pushed_id:
            raise ValueError("update_id must increase")
        self._last_pushed_id = update["update_id"]
        self._last_update_id = max(self._last_update_id, update["update_id"])
        self._record_update(kinds[0], update[kinds[0]])
        allowed = self._allowed_updates
        if (kinds[0] not in allowed) if allowed else (kinds[0] in OPT_IN_UPDATES):
            return  # Telegram does not even create updates the bot did not ask for
        self._pending.append(update)
        self._notify()

    def block(self, chat_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends fail with 403; a my_chat_member update is queued."""
        self._set_blocked(chat_id, True, notify)

    def unblock(self, chat_id: int, *, notify: bool = True) -> None:
        self._set_blocked(chat_id, False, notify)

    def add_chat(self, chat: dict, *, members: dict[int, str] | None = None) -> None:
        """Make a (group) chat known, e.g. the volunteers' group; ``members``: user id -> status."""
        self.spec.validate_object("Chat", chat)
        known = self._chat(chat)
        known.members.update(members or {})

    def add_file(self, data: bytes = b"", *, kind: str = "document", file_name: str | None = None,
                 mime_type: str | None = None) -> dict:
        """Register file bytes (e.g. a user's upload); returns file_id, file_unique_id, file_size."""
        stored = self._new_file(kind, data, file_name, mime_type)
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(data)}

    def chat_history(self, chat_id: int) -> list[StoredMessage]:
        chat = self._chats.get(chat_id)
        return sorted(chat.messages.values(), key=lambda m: m.message_id) if chat else []

    def visible_messages(self, chat_id: int) -> list[StoredMessage]:
        return [m for m in self.chat_history(chat_id) if not m.deleted]

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        chat = self._chats.get(chat_id)
        return chat.messages.get(message_id) if chat else None

    def message_json(self, chat_id: int, message_id: int) -> dict:
        """The Bot API Message object of a stored message (e.g. for a callback query)."""
        chat = self._chats[chat_id]
        return self._message_json(chat, chat.messages[message_id])

    def topics(self, chat_id: int) -> dict[int, dict]:
        chat = self._chats.get(chat_id)
        return chat.topics if chat else {}

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        return list(self._commands.get((_scope_key(scope), language_code), []))

    def rejected_calls(self) -> list[ApiCall]:
        """Calls that failed because of the bot (not injected faults, not abandoned long polls)."""
        return [c for c in self.calls if not c.ok and c.error is not None and not c.injected]

    def hold(self, method: str, until: asyncio.Event) -> None:
        """Answer `method` only once `until` is set: a slow network, to stop or crash a bot mid-call."""
        answer = self._handlers.get(method, lambda p: self._stub(method, p))

        async def held(params: dict) -> Any:
            await until.wait()
            result = answer(params)
            return await result if inspect.isawaitable(result) else result

        self._handlers[method] = held

    def undelivered(self) -> int:
        """Updates queued that the bot has not yet taken with getUpdates."""
        return len(self._undelivered())

    @property
    def webhook_url(self) -> str | None:
        return self._webhook["url"] if self._webhook else None

    async def wait_idle(self, quiet: float = 0.15, timeout: float = 10.0) -> None:
        """Wait until queued updates reached the bot and no call came for ``quiet`` seconds.

        Also waits while ``self.busy()`` (if set) returns True.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = loop.time()
            if (not self._undelivered() and self._inflight == 0 and now - self._last_activity >= quiet
                    and not (self.busy and self.busy())):
                return
            if now >= deadline:
                raise TimeoutError(
                    f"emulator not idle after {timeout}s: {len(self._undelivered())} undelivered "
                    f"update(s), {self._inflight} call(s) in flight")
            await asyncio.sleep(min(0.02, quiet / 2))

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0,
                       interval: float = 0.02) -> Any:
        """Poll ``predicate`` (sync or async) until it returns something truthy."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            if loop.time() >= deadline:
                raise TimeoutError(f"condition not met within {timeout}s")
            await asyncio.sleep(interval)

    # ------------------------------------------------------------ internals
    def _time(self) -> float:
        return self._clock() + self._clock_offset

    def _touch(self) -> None:
        try:
            self._last_activity = asyncio.get_running_loop().time()
        except RuntimeError:
            self._last_activity = 0.0

    def _notify(self) -> None:
        self._wake.set()
        self._wake = asyncio.Event()

    def _bump(self, msg: StoredMessage) -> None:
        self._seq += 1
        msg.seq = self._seq

    def _undelivered(self) -> list[dict]:
        if self._webhook:
            return self._pending
        return [u for u in self._pending if u["update_id"] > self._delivered_upto]

    def _chat(self, info: dict) -> _Chat:
        chat = self._chats.get(info["id"])
        if chat is None:
            chat = self._chats[info["id"]] = _Chat(info=dict(info))
        return chat

    def _record_update(self, kind: str, obj: dict) -> None:
        for user in _users_in(obj):
            self._users[user["id"]] = user
        if kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
            chat = self._chat(obj["chat"])
            if "from" in obj:
                chat.members.setdefault(obj["from"]["id"], "member")
                if obj["chat"]["type"] == "private":
                    chat.blocked = False  # writing to the bot means it is not blocked
            self._record_incoming(chat, obj, edited=kind.startswith("edited"))
        elif kind == "callback_query":
            self._callbacks[obj["id"]] = False

    def _record_incoming(self, chat: _Chat, raw: dict, edited: bool) -> None:
        message_id = raw["message_id"]
        self._last_message_id[chat.id] = max(self._last_message_id.get(chat.id, 0), message_id)
        kind = next((k for k in CONTENT_KINDS if k in raw), "service")
        content = raw.get(kind)
        for item in content if isinstance(content, list) else [content]:
            if isinstance(item, dict) and "file_id" in item and item["file_id"] not in self._files:
                self._register_file(_File(item["file_id"], item["file_unique_id"], kind, b"",
                                          item.get("file_name"), item.get("mime_type")))
        msg = chat.messages.get(message_id)
        if msg is None or not edited:
            msg = chat.messages[message_id] = StoredMessage(
                chat_id=chat.id, message_id=message_id, from_bot=False, kind=kind, date=raw["date"])
        msg.text = raw.get("text", raw.get("caption"))
        msg.entities = raw.get("entities", raw.get("caption_entities", []))
        msg.media = {kind: raw[kind]} if kind not in ("text", "service") else {}
        msg.sender = raw.get("from")
        msg.message_thread_id = raw.get("message_thread_id")
        msg.forward_origin = raw.get("forward_origin")
        msg.reply_to_message_id = (raw.get("reply_to_message") or {}).get("message_id")
        if edited:
            msg.edited, msg.edit_date = True, raw.get("edit_date", self.now())
        self._bump(msg)

    def _set_blocked(self, chat_id: int, blocked: bool, notify: bool) -> None:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chat({"id": chat_id, "type": "private", "first_name": "User"})
        changed = chat.blocked != blocked
        chat.blocked = blocked
        user = self._users.get(chat_id)
        if notify and changed and user and chat.info["type"] == "private":
            member = {"user": self.bot_user, "status": "member"}
            kicked = {"user": self.bot_user, "status": "kicked", "until_date": 0}
            old, new = (member, kicked) if blocked else (kicked, member)
            self.push_update({"update_id": self.next_update_id(), "my_chat_member": {
                "chat": chat.info, "from": user, "date": self.now(),
                "old_chat_member": old, "new_chat_member": new}})

    # -- chats and messages
    def _resolve_chat(self, chat_id: int | str) -> _Chat:
        if isinstance(chat_id, str):
            if chat_id.startswith("@"):
                for chat in self._chats.values():
                    if chat.info["type"] != "private" and chat.info.get("username") == chat_id[1:]:
                        return chat
                raise ApiError(400, "Bad Request: chat not found")
            if not re.match(r"^-?\d+$", chat_id):
                raise ApiError(400, "Bad Request: chat not found")
            chat_id = int(chat_id)
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id in self._users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _chat_for_send(self, chat_id: int | str) -> _Chat:
        chat = self._resolve_chat(chat_id)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _existing(self, chat: _Chat, message_id: int, error: str) -> StoredMessage:
        msg = chat.messages.get(message_id)
        if msg is None or msg.deleted:
            raise ApiError(400, f"Bad Request: {error}")
        return msg

    def _check_thread(self, chat: _Chat, thread_id: int | None) -> None:
        if thread_id is None:
            return
        topic = chat.topics.get(thread_id)
        if topic is None or topic["deleted"]:
            raise ApiError(400, "Bad Request: message thread not found")

    def _new_bot_message(self, chat: _Chat, p: dict, kind: str, **fields: Any) -> StoredMessage:
        """Common checks and storage for everything the bot sends to a chat."""
        thread_id = p.get("message_thread_id")
        self._check_thread(chat, thread_id)
        reply_to = self._reply_target(chat, p.get("reply_parameters"))
        message_id = self.next_message_id(chat.id)
        msg = StoredMessage(chat_id=chat.id, message_id=message_id, from_bot=True, kind=kind,
                            date=self.now(), message_thread_id=thread_id, reply_to_message_id=reply_to,
                            sender=self.bot_user, **fields)
        chat.messages[message_id] = msg
        self._bump(msg)
        return msg

    def _reply_target(self, chat: _Chat, reply: dict | None) -> int | None:
        if not reply:
            return None
        target = self._resolve_chat(reply["chat_id"]) if "chat_id" in reply else chat
        msg = target.messages.get(reply["message_id"])
        if msg is None or msg.deleted:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return msg.message_id if target is chat else None

    def _message_json(self, chat: _Chat, msg: StoredMessage, nested: bool = True) -> dict:
        data: dict[str, Any] = {"message_id": msg.message_id, "date": msg.date, "chat": chat.info}
        if msg.sender:
            data["from"] = msg.sender
        if msg.message_thread_id is not None:
            data["message_thread_id"] = msg.message_thread_id
            data["is_topic_message"] = True
        if msg.forward_origin:
            data["forward_origin"] = msg.forward_origin
        if nested and msg.reply_to_message_id and msg.reply_to_message_id in chat.messages:
            data["reply_to_message"] = self._message_json(
                chat, chat.messages[msg.reply_to_message_id], nested=False)
        if msg.edit_date:
            data["edit_date"] = msg.edit_date
        if msg.kind == "text":
            data["text"] = msg.text or ""
            if msg.entities:
                data["entities"] = msg.entities
        else:
            data.update(msg.media)
            if msg.text:
                data["caption"] = msg.text
                if msg.entities:
                    data["caption_entities"] = msg.entities
        if msg.inline_keyboard:  # only inline keyboards are part of a Message
            data["reply_markup"] = msg.reply_markup
        return data

    def _format(self, text: str, p: dict, entities_key: str) -> tuple[str, list[dict], str | None]:
        """Parse text per parse_mode/entities; returns (plain, entities, raw_html)."""
        mode = p.get("parse_mode")
        if mode is not None:
            canonical = {"html": "HTML", "markdownv2": "MarkdownV2", "markdown": "Markdown"}
            if mode.lower() not in canonical:
                raise ApiError(400, "Bad Request: unsupported parse_mode")
            mode = canonical[mode.lower()]
        explicit = p.get(entities_key)
        if explicit is not None:  # explicit entities take precedence over parse_mode
            return text, explicit, None
        try:
            plain, entities = parse_text(text, mode)
        except ParseError as err:
            raise ApiError(400, str(err)) from None
        for entity in entities:  # Telegram fills in the user of "tg://user?id=" links
            if entity["type"] == "text_mention":
                entity["user"] = self._users.get(entity["user"]["id"], dict(entity["user"], first_name="User"))
        return plain, entities, text if mode == "HTML" else None

    def _message_text(self, p: dict) -> tuple[str, list[dict], str | None]:
        plain, entities, html = self._format(p["text"], p, "entities")
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")
        return plain, entities, html

    def _caption(self, p: dict) -> tuple[str | None, list[dict], str | None]:
        if not p.get("caption"):
            return None, [], None
        plain, entities, html = self._format(p["caption"], p, "caption_entities")
        if utf16_len(plain) > CAPTION_LIMIT:
            raise ApiError(400, "Bad Request: message caption is too long")
        return plain, entities, html

    def _markup(self, markup: dict | None) -> dict | None:
        """Telegram's checks of a reply_markup beyond its JSON shape."""
        if not markup:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button["text"].strip():
                    raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
                actions = [k for k in button if k not in ("text", "icon_custom_emoji_id", "style")]
                if not actions:
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button: "
                                        "Text buttons are unallowed in the inline keyboard")
                if len(actions) > 1:  # the docs demand exactly one; Telegram would pick one
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button: "
                                        f"exactly one action field expected, got {', '.join(actions)}")
                if "callback_data" in button and not 1 <= len(button["callback_data"].encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://\S+$", button["url"], re.I):
                    raise ApiError(400, f"Bad Request: inline keyboard button URL '{button['url']}' "
                                        "is invalid: Wrong HTTP URL")
                if button.get("style") not in (None, "danger", "success", "primary"):
                    raise ApiError(400, "Bad Request: invalid button style")
        for row in markup.get("keyboard", []):
            for button in row:
                if not button["text"].strip():
                    raise ApiError(400, "Bad Request: keyboard button text must be non-empty")
        return markup

    # -- updates
    async def _get_updates(self, p: dict) -> list[dict]:
        if self._webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        if "allowed_updates" in p:
            self._allowed_updates = set(p["allowed_updates"]) or None
        offset = p.get("offset")
        if offset:
            if offset > 0:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            else:
                self._pending = self._pending[offset:]
        limit = min(max(p.get("limit", 100), 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(p.get("timeout", 0), 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._conflict = "Conflict: terminated by other getUpdates request; " \
                         "make sure that only one bot instance is running"
        self._notify()  # wakes an older poll, which then reports the conflict
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, self._conflict)
            batch = self._pending[:limit]
            if batch or self._closing or loop.time() >= deadline:
                if batch:
                    self._delivered_upto = max(self._delivered_upto, batch[-1]["update_id"])
                    self.delivered_update_ids.update(u["update_id"] for u in batch)
                    self._touch()
                return batch
            wake = self._wake
            try:
                await asyncio.wait_for(wake.wait(), deadline - loop.time())
            except TimeoutError:
                pass

    def _set_webhook(self, p: dict) -> bool:
        url = p.get("url", "")
        if not url:
            return self._delete_webhook(p)
        if not re.match(r"^https?://[^\s/]+", url):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._pending.clear()
        if "allowed_updates" in p:
            self._allowed_updates = set(p["allowed_updates"]) or None
        self._webhook = {"url": url, "secret_token": secret,
                         "max_connections": p.get("max_connections", 40)}
        self._webhook_error = None
        # A webhook ends long polling, as on Telegram.
        self._poll_generation += 1
        self._conflict = "Conflict: terminated by setWebhook request"
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        self._notify()
        return True

    def _delete_webhook(self, p: dict) -> bool:
        self._webhook = None
        if p.get("drop_pending_updates"):
            self._pending.clear()
        self._notify()
        return True

    def _get_webhook_info(self, p: dict) -> dict:
        info: dict[str, Any] = {"url": self._webhook["url"] if self._webhook else "",
                                "has_custom_certificate": False,
                                "pending_update_count": len(self._pending)}
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates:
                info["allowed_updates"] = sorted(self._allowed_updates)
        if self._webhook_error:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _deliver_webhooks(self) -> None:
        """POST queued updates one at a time, in order, retrying with backoff."""
        delay = 0.05
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while self._webhook and not self._closing:
                if not self._pending:
                    await self._wake.wait()
                    continue
                hook, update = self._webhook, self._pending[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} \
                    if hook["secret_token"] else {}
                self._inflight += 1
                try:
                    async with session.post(hook["url"], json=update, headers=headers) as resp:
                        ok = 200 <= resp.status < 300
                        error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
                        reply = await resp.json(content_type=None) if ok and \
                            resp.content_type == "application/json" else None
                except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
                    ok, error, reply = False, f"Connection failed: {type(exc).__name__}", None
                finally:
                    self._inflight -= 1
                    self._touch()
                if ok:
                    self.delivered_update_ids.add(update["update_id"])
                    if self._pending and self._pending[0] is update:
                        self._pending.pop(0)
                    delay = 0.05
                    if isinstance(reply, dict) and "method" in reply:
                        await self._webhook_reply(reply)
                else:
                    self._webhook_error = (self.now(), error)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 1.0)

    async def _webhook_reply(self, reply: dict) -> None:
        """Telegram executes a method call returned as the webhook response."""
        params = {k: v for k, v in reply.items() if k != "method"}
        call = ApiCall(method=str(reply["method"]), params=params, ok=False, error=None, at=self._time())
        self.calls.append(call)
        try:
            await self._execute(str(reply["method"]), params, {}, call)
            call.ok = True
        except (ApiError, _Disconnect) as err:
            call.error = str(err) or "connection dropped"
        except Exception:
            log.exception("emulator failed executing a webhook reply")
            call.error = "Internal Server Error"

    # -- messages
    def _send_message(self, p: dict) -> dict:
        chat = self._chat_for_send(p["chat_id"])
        text, entities, html = self._message_text(p)
        markup = self._markup(p.get("reply_markup"))
        msg = self._new_bot_message(chat, p, "text", text=text, html=html, entities=entities,
                                    reply_markup=markup)
        return self._message_json(chat, msg)

    def _editable(self, p: dict) -> tuple[_Chat, StoredMessage]:
        if "inline_message_id" in p:
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")  # no inline mode here
        if "chat_id" not in p or "message_id" not in p:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        chat = self._chat_for_send(p["chat_id"])
        msg = self._existing(chat, p["message_id"], "message to edit not found")
        if not msg.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat, msg

    def _apply_edit(self, chat: _Chat, msg: StoredMessage, **changes: Any) -> dict:
        if all(getattr(msg, k) == v for k, v in changes.items() if k != "html"):
            raise ApiError(400, _NOT_MODIFIED)
        for key, value in changes.items():
            setattr(msg, key, value)
        msg.edited, msg.edit_date = True, self.now()
        self._bump(msg)
        return self._message_json(chat, msg)

    def _edit_message_text(self, p: dict) -> dict:
        chat, msg = self._editable(p)
        if msg.kind != "text":
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, entities, html = self._message_text(p)
        # Editing without reply_markup removes the inline keyboard, as on Telegram.
        return self._apply_edit(chat, msg, text=text, entities=entities, html=html,
                                reply_markup=self._markup(p.get("reply_markup")))

    def _edit_message_caption(self, p: dict) -> dict:
        chat, msg = self._editable(p)
        if msg.kind == "text":
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        text, entities, html = self._caption(p)
        return self._apply_edit(chat, msg, text=text, entities=entities, html=html,
                                reply_markup=self._markup(p.get("reply_markup")))

    def _edit_message_reply_markup(self, p: dict) -> dict:
        chat, msg = self._editable(p)
        return self._apply_edit(chat, msg, reply_markup=self._markup(p.get("reply_markup")))

    def _deletable(self, chat: _Chat, message_id: int) -> StoredMessage:
        msg = self._existing(chat, message_id, "message to delete not found")
        if self.now() - msg.date >= DELETE_WINDOW:
            raise ApiError(400, "Bad Request: message can't be deleted for everyone")
        return msg

    def _delete(self, msg: StoredMessage) -> None:
        msg.deleted = True
        self._bump(msg)

    def _delete_message(self, p: dict) -> bool:
        chat = self._resolve_chat(p["chat_id"])
        self._delete(self._deletable(chat, p["message_id"]))
        return True

    def _delete_messages(self, p: dict) -> bool:
        chat = self._resolve_chat(p["chat_id"])
        ids = p["message_ids"]
        if not 1 <= len(ids) <= 100:
            raise ApiError(400, "Bad Request: message_ids must contain 1-100 identifiers")
        for message_id in ids:  # messages that can't be found or deleted are skipped
            try:
                self._delete(self._deletable(chat, message_id))
            except ApiError:
                continue
        return True

    def _answer_callback_query(self, p: dict) -> bool:
        query_id = p["callback_query_id"]
        if self._callbacks.get(query_id, True):
            raise ApiError(400, _QUERY_INVALID)
        if len(p.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callbacks[query_id] = True
        self.callback_answers[query_id] = {k: v for k, v in p.items() if k != "callback_query_id"}
        return True

    def _send_chat_action(self, p: dict) -> bool:
        chat = self._chat_for_send(p["chat_id"])
        if p["action"] not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self._check_thread(chat, p.get("message_thread_id"))
        return True

    # -- files
    def _new_file(self, kind: str, data: bytes, file_name: str | None = None,
                  mime_type: str | None = None) -> _File:
        n = len(self._files) + 1
        mime_type = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None)
        return self._register_file(_File(f"emu-{kind}-{n}", f"emu-u{n}", kind, data, file_name, mime_type))

    def _register_file(self, stored: _File) -> _File:
        self._files[stored.file_id] = stored
        return stored

    def _input_file(self, value: Upload | str, kind: str) -> _File:
        if isinstance(value, Upload):
            return self._new_file(kind, value.data, value.filename, value.content_type
                                  if value.content_type != "application/octet-stream" else None)
        if re.match(r"^https?://", value):
            return self._new_file(kind, b"", value.rsplit("/", 1)[-1] or None)
        stored = self._files.get(value)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise ApiError(400, f"Bad Request: can't use file of type {stored.kind.title()} "
                                f"as {kind.title()}")
        return stored

    def _media_json(self, stored: _File, kind: str, p: dict) -> dict:
        base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data)}
        if kind == "photo":
            return {"photo": [dict(base, width=800, height=600)]}
        if kind == "sticker":
            return {"sticker": dict(base, type="regular", width=512, height=512, is_animated=False,
                                    is_video=False, **({"emoji": p["emoji"]} if "emoji" in p else {}))}
        if kind == "voice":
            return {"voice": dict(base, duration=p.get("duration", 1),
                                  mime_type=stored.mime_type or "audio/ogg")}
        extra = {k: v for k, v in (("file_name", stored.file_name), ("mime_type", stored.mime_type)) if v}
        return {"document": dict(base, **extra)}

    def _send_file(self, p: dict, kind: str) -> dict:
        chat = self._chat_for_send(p["chat_id"])
        stored = self._input_file(p[kind], kind)
        caption, entities, html = self._caption(p)
        markup = self._markup(p.get("reply_markup"))
        msg = self._new_bot_message(chat, p, kind, text=caption, html=html, entities=entities,
                                    reply_markup=markup, media=self._media_json(stored, kind, p))
        return self._message_json(chat, msg)

    def _get_file(self, p: dict) -> dict:
        stored = self._files.get(p["file_id"])
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        if stored.file_path is None:
            folder = {"photo": "photos", "voice": "voice", "sticker": "stickers"}.get(stored.kind, "documents")
            suffix = mimetypes.guess_extension(stored.mime_type or "") or ""
            stored.file_path = f"{folder}/file_{len(self._file_paths)}{suffix}"
            self._file_paths[stored.file_path] = stored
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data), "file_path": stored.file_path}

    # -- copies and forwards
    def _duplicate(self, p: dict, message_id: int, forward: bool) -> tuple[_Chat, StoredMessage]:
        target = self._chat_for_send(p["chat_id"])
        source_chat = self._resolve_chat(p["from_chat_id"])
        verb = "forward" if forward else "copy"
        source = self._existing(source_chat, message_id, f"message to {verb} not found")
        if source.kind == "service":
            raise ApiError(400, f"Bad Request: message can't be {'forwarded' if forward else 'copied'}")
        fields: dict[str, Any] = dict(text=source.text, entities=list(source.entities), html=source.html,
                                      media=dict(source.media))
        if forward:
            origin = source.forward_origin or {"type": "user", "sender_user": source.sender or
                                               self.bot_user, "date": source.date}
            fields["forward_origin"] = origin
        else:
            if "caption" in p and source.kind != "text":
                fields["text"], fields["entities"], fields["html"] = self._caption(p)
            fields["reply_markup"] = self._markup(p.get("reply_markup"))
        return target, self._new_bot_message(target, p, source.kind, **fields)

    def _copy_message(self, p: dict) -> dict:
        return {"message_id": self._duplicate(p, p["message_id"], False)[1].message_id}

    def _forward_message(self, p: dict) -> dict:
        chat, msg = self._duplicate(p, p["message_id"], True)
        return self._message_json(chat, msg)

    def _duplicate_many(self, p: dict, forward: bool) -> list[dict]:
        ids = p["message_ids"]
        if not 1 <= len(ids) <= 100 or ids != sorted(set(ids)):
            raise ApiError(400, "Bad Request: message_ids must be 1-100 identifiers in increasing order")
        result = []
        for message_id in ids:  # missing messages are skipped, as on Telegram
            try:
                result.append({"message_id": self._duplicate(p, message_id, forward)[1].message_id})
            except ApiError as err:
                if err.code != 400 or "not found" not in err.description:
                    raise
        return result

    def _copy_messages(self, p: dict) -> list[dict]:
        return self._duplicate_many(p, False)

    def _forward_messages(self, p: dict) -> list[dict]:
        return self._duplicate_many(p, True)

    # -- commands and descriptions
    def _commands_key(self, p: dict) -> tuple[str, str]:
        scope = p.get("scope")
        if scope and "chat_id" in scope:
            self._resolve_chat(scope["chat_id"])
        language = p.get("language_code", "")
        if language and not re.match(r"^[a-z]{2}$", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return _scope_key(scope), language

    def _set_my_commands(self, p: dict) -> bool:
        commands = p["commands"]
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands specified")
        for command in commands:
            if not _COMMAND_RE.match(command["command"]):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, p: dict) -> list[dict]:
        return self._commands.get(self._commands_key(p), [])

    def _delete_my_commands(self, p: dict) -> bool:
        self._commands.pop(self._commands_key(p), None)
        return True

    def _set_description(self, kind: str, p: dict, limit: int) -> bool:
        language = p.get("language_code", "")
        if language and not re.match(r"^[a-z]{2}$", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        value = p.get(kind, "")
        if len(value) > limit:
            raise ApiError(400, f"Bad Request: {kind.replace('_', ' ')} is too long")
        self.descriptions[(kind, language)] = value
        return True

    def _get_description(self, kind: str, p: dict) -> dict:
        return {kind: self.descriptions.get((kind, p.get("language_code", "")), "")}

    # -- forum topics
    def _topic(self, p: dict) -> tuple[_Chat, dict]:
        chat = self._resolve_chat(p["chat_id"])
        self._check_thread(chat, p["message_thread_id"])
        return chat, chat.topics[p["message_thread_id"]]

    def _create_topic(self, p: dict) -> dict:
        chat = self._resolve_chat(p["chat_id"])
        if not 1 <= len(p["name"]) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_TITLE_EMPTY" if not p["name"] else
                           "Bad Request: topic name is too long")
        color = p.get("icon_color", 7322096)
        if color not in TOPIC_COLORS:
            raise ApiError(400, "Bad Request: invalid icon_color specified")
        thread_id = self.next_message_id(chat.id)
        topic = {"message_thread_id": thread_id, "name": p["name"], "icon_color": color}
        if "icon_custom_emoji_id" in p:
            topic["icon_custom_emoji_id"] = p["icon_custom_emoji_id"]
        chat.topics[thread_id] = dict(topic, closed=False, deleted=False)
        created = {k: v for k, v in topic.items() if k != "message_thread_id"}
        msg = StoredMessage(chat_id=chat.id, message_id=thread_id, from_bot=True, kind="service",
                            date=self.now(), message_thread_id=thread_id, sender=self.bot_user,
                            media={"forum_topic_created": created})
        chat.messages[thread_id] = msg
        self._bump(msg)
        return topic

    def _edit_topic(self, p: dict) -> bool:
        _, topic = self._topic(p)
        changes = {k: p[k] for k in ("name", "icon_custom_emoji_id") if k in p}
        if "name" in changes and not 1 <= len(changes["name"]) <= 128:
            raise ApiError(400, "Bad Request: topic name must be 1-128 characters")
        if all(topic.get(k) == v for k, v in changes.items()):
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic.update(changes)
        return True

    def _set_topic_closed(self, p: dict, closed: bool) -> bool:
        _, topic = self._topic(p)
        if topic["closed"] == closed:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = closed
        return True

    def _delete_topic(self, p: dict) -> bool:
        chat, topic = self._topic(p)
        topic["deleted"] = True
        for msg in chat.messages.values():
            if msg.message_thread_id == p["message_thread_id"] and not msg.deleted:
                self._delete(msg)
        return True

    # -- chat info
    def _get_chat(self, p: dict) -> dict:
        chat = self._resolve_chat(p["chat_id"])
        return {**self.spec.example("ChatFullInfo"), "max_reaction_count": 11, **chat.info}

    def _get_chat_member(self, p: dict) -> dict:
        chat = self._resolve_chat(p["chat_id"])
        user_id = p["user_id"]
        if user_id == self.bot_id:
            user, status = self.bot_user, "member" if chat.info["type"] == "private" else "administrator"
        elif user_id in self._users:
            user = self._users[user_id]
            status = chat.members.get(user_id) or ("member" if chat.id == user_id else "left")
        else:
            raise ApiError(400, "Bad Request: user not found")
        subtype = {"creator": "ChatMemberOwner", "administrator": "ChatMemberAdministrator",
                   "member": "ChatMemberMember", "restricted": "ChatMemberRestricted",
                   "left": "ChatMemberLeft", "kicked": "ChatMemberBanned"}[status]
        member = self.spec.example(subtype)
        if status == "administrator":
            member.update({k: True for k in member if k.startswith("can_")}, can_manage_topics=True)
        return dict(member, user=user, status=status)

    def _stub(self, method: str, p: dict) -> Any:
        """Methods without modelled state: validated already; answer plausibly."""
        returns = self.spec.returns(method)
        first = returns[0] if returns else "Boolean"
        chat = self._resolve_chat(p["chat_id"]) if "chat_id" in p else None
        if chat is not None and method.startswith("send") and first == "Message":
            chat = self._chat_for_send(p["chat_id"])
            kind = re.sub(r"(?<!^)(?=[A-Z])", "_", method[4:]).lower()
            media_field = next((f for f in self.spec.types["Message"]["fields"] if f["name"] == kind), None)
            media = {kind: self.spec.example(media_field["types"][0])} if media_field else {}
            msg = self._new_bot_message(chat, p, kind, media=media)
            return self._message_json(chat, msg)
        if first == "Boolean":
            return True
        return self.spec.example(first)


def _scope_key(scope: dict | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _users_in(obj: Any) -> list[dict]:
    """The Users directly attached to an update's object ("from", "user", "sender_user")."""
    found = []
    for key in ("from", "user", "sender_user"):
        value = obj.get(key) if isinstance(obj, dict) else None
        if isinstance(value, dict) and "is_bot" in value and "id" in value and not value["is_bot"]:
            found.append(value)
    return found


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Parameters from the query string plus a JSON, urlencoded or multipart body."""
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method != "POST" or not request.body_exists:
        return params, uploads
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: can't parse JSON request body")
        params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                uploads[key] = Upload(value.filename, value.file.read(), value.content_type)
            else:
                params[key] = value
    return params, uploads
