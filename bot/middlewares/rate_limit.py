"""Per-user rate limits on messages, dialog starts and button presses (report submissions among
them), with one polite answer when exceeded.

In memory, per process: a restart forgets the counts, and two processes each allow the full rate.
That is enough against one account flooding the bot (an informant probing it, a stuck client);
it does nothing against many accounts. Keys are internal user ids, never Telegram ids.

The first update over a limit gets `errors-slow-down`; further ones in the same window get
nothing, so a flood is not answered message for message. /clear, /forget and the user's
quick-wipe word are never held back: someone in danger may press them many times.

Someone talking to a volunteer may forward a whole threatening chat at once (Telegram forwards
up to 100 messages in one go): their messages over the ordinary limit count against a larger
one (RELAYED), and the first one not passed on is answered as a reply, so they know where to
resume. The outbox gives each case's topic its turn, so one person's burst delays only their own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

from bot.context import I18nContext
from bot.services.privacy import PrivacyService
from storage.cases import CaseRepository


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: float


MESSAGES = Limit(30, 60)  # any message or edit
DIALOG_STARTS = Limit(15, 60)  # commands: each opens a dialog from a fresh stack
BUTTONS = Limit(120, 60)  # button presses (dialog steps, report submissions): 2 a second is no human
RELAYED = Limit(100, 600)  # messages over MESSAGES from someone with a case: one forwarded chat
NEVER_LIMITED = ("/clear", "/forget")
SWEEP_EVERY = 1000  # calls between removals of idle users from memory


class SlidingWindow:
    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self._hits: dict[int, deque[float]] = {}
        self._calls = 0

    def allow(self, key: int, now: float) -> bool:
        self._calls += 1
        if self._calls % SWEEP_EVERY == 0:
            self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.limit.seconds:
            hits.popleft()
        if len(hits) >= self.limit.count:
            return False
        hits.append(now)
        return True

    def _sweep(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.limit.seconds]:
            del self._hits[key]


class RateLimit(BaseMiddleware):
    def __init__(self, messages: Limit = MESSAGES, dialog_starts: Limit = DIALOG_STARTS,
                 buttons: Limit | None = None, relayed: Limit | None = None) -> None:
        self.messages, self.dialog_starts = SlidingWindow(messages), SlidingWindow(dialog_starts)
        self.buttons = SlidingWindow(buttons or BUTTONS)
        self.relayed = SlidingWindow(relayed or RELAYED)
        self._told: dict[int, float] = {}  # user -> until when the slow-down answer was given

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        profile = data.get("user_profile")
        if profile is not None and isinstance(event, Update) and event.callback_query is not None:
            if self.buttons.allow(profile.id, data["clock"]().timestamp()):
                return await handler(event, data)
            # A press over the limit does nothing; the answer stops the client's spinner.
            await event.callback_query.answer(data["i18n"]("errors-slow-down"))
            return None
        message = (event.message or event.edited_message) if isinstance(event, Update) else None
        if profile is None or message is None:
            return await handler(event, data)
        now = data["clock"]().timestamp()
        if self._allowed(profile.id, message, now) or await self._exempt(message, profile.id, data):
            return await handler(event, data)
        command = (message.text or "").startswith("/")  # opens a dialog: never relayed
        with_volunteer = not command and await self._has_case(profile.id, data)
        if with_volunteer and self.relayed.allow(profile.id, now):
            return await handler(event, data)
        if self._told.get(profile.id, 0) <= now:
            self._told = {k: v for k, v in self._told.items() if v > now}
            # Not RELAYED's 10 minutes: told to resend after a few, the person gets a new reply at
            # the next message not passed on.
            self._told[profile.id] = now + max(self.messages.limit.seconds, self.dialog_starts.limit.seconds)
            i18n: I18nContext = data["i18n"]
            if with_volunteer:  # a reply to the first message not passed on: they resume from there
                await message.reply(i18n.compose("errors-title", i18n("errors-not-passed-on")))
            else:
                await message.answer(i18n.compose("errors-title", i18n("errors-slow-down")))
        return None

    def _allowed(self, user_id: int, message: Message, now: float) -> bool:
        if (message.text or "").startswith(NEVER_LIMITED):
            return True
        command = (message.text or "").startswith("/")
        # Both windows are checked (no short-circuit), so a command also counts as a message.
        return all([self.messages.allow(user_id, now), not command or self.dialog_starts.allow(user_id, now)])

    @staticmethod
    async def _has_case(user_id: int, data: dict[str, Any]) -> bool:
        """An open case. Asked only over the ordinary limit, so an ordinary message costs no query."""
        return await CaseRepository(data["session"], data["cipher"]).open_for(user_id) is not None

    @staticmethod
    async def _exempt(message: Message, user_id: int, data: dict[str, Any]) -> bool:
        return await PrivacyService.from_data(data).is_wipe_word(user_id, message.text)
