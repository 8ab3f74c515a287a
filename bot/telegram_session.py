"""Middlewares on the bot's HTTP session, so every caller (handler, dialog, job) obeys them.

Telegram's rate limits: about 30 messages a second overall; a 429 names how long to wait, and the request is tried
again after it (a 429 means Telegram did nothing, so retrying cannot send twice).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from aiogram.client.session.base import Response
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType
from aiolimiter import AsyncLimiter

logger = logging.getLogger(__name__)

SENDING_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo", "sendSticker",
     "sendAnimation", "sendMediaGroup", "copyMessage", "copyMessages", "forwardMessage", "editMessageText",
     "editMessageReplyMarkup", "editMessageCaption"}
)
MAX_RETRIES = 3
MAX_WAIT_SECONDS = 30


PER_CHAT_LIMITERS_KEPT = 10_000


class ChatLimits:
    """About 20 messages a minute in one group and about one a second in one chat.

    Used by the outbox (bot/services/delivery.py), where bursts happen: a volunteer's quick
    replies, announcements, notifications. Replies to a user's own taps are paced by the user.
    """

    def __init__(self, *, group_per_minute: int = 20, chat_per_second: float = 1) -> None:
        self.group_per_minute, self.chat_per_second = group_per_minute, chat_per_second
        self._per_chat: OrderedDict[int | str, AsyncLimiter] = OrderedDict()

    async def acquire(self, chat_id: int | str) -> None:
        limiter = self._per_chat.get(chat_id)
        if limiter is None:
            group = isinstance(chat_id, str) or chat_id < 0
            limiter = AsyncLimiter(self.group_per_minute, 60) if group else AsyncLimiter(1, 1 / self.chat_per_second)
            self._per_chat[chat_id] = limiter
            if len(self._per_chat) > PER_CHAT_LIMITERS_KEPT:
                self._per_chat.popitem(last=False)
        else:
            self._per_chat.move_to_end(chat_id)
        await limiter.acquire()


class EvenPace:
    """One send per slot of a fixed grid, 1/rate apart.

    aiolimiter's bucket of one measures each wait from the moment the previous waiter woke, so
    every timer's lateness (about a millisecond here) is added to the spacing: 29 a second came
    out as 28.0 (bench/fanout.py). Here each slot is the previous slot plus the interval, so
    lateness does not add up; after a stall, or when sends resume after a quiet spell, the next
    slot is still at least half an interval after the one just taken, never a burst.
    """

    def __init__(self, per_second: float) -> None:
        self.interval = 1 / per_second
        self._next = 0.0
        self._turn = asyncio.Lock()  # first come, first served

    async def acquire(self) -> None:
        async with self._turn:
            loop = asyncio.get_running_loop()
            delay = self._next - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next + self.interval, loop.time() + self.interval / 2)


class RateLimiter(BaseRequestMiddleware):
    """Evenly spaced sends, a little under Telegram's 30 a second (EvenPace).

    Evenly spaced, not a bucket of 30: that would let 30 go at once and 30 more within the same
    second (429s in a fan-out, bench/fanout.py). 29 rather than 30 leaves room for network
    jitter, which can bring two evenly spaced requests closer together on arrival.
    """

    def __init__(self, per_second: float = 29) -> None:
        self.overall: EvenPace | AsyncLimiter = EvenPace(per_second)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot,
        method: TelegramMethod[TelegramType],
    ) -> TelegramType:
        for attempt in range(MAX_RETRIES + 1):
            if method.__api_method__ in SENDING_METHODS:
                await self.overall.acquire()
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == MAX_RETRIES or error.retry_after > MAX_WAIT_SECONDS:
                    raise
                logger.warning("rate limited on %s; waiting %s s", method.__api_method__, error.retry_after)
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")


class AnswerCallbackOnce(BaseRequestMiddleware):
    """A callback query is answered once: the first answer (often with a short text) wins.

    Handlers answer with a message for the user, and aiogram-dialog answers every callback it
    handles again; Telegram rejects the second answer, so it is not sent.
    """

    def __init__(self, remember: int = 10_000) -> None:
        self.remember = remember
        self._answered: OrderedDict[str, None] = OrderedDict()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot,
        method: TelegramMethod[TelegramType],
    ) -> TelegramType:
        if not isinstance(method, AnswerCallbackQuery):
            return await make_request(bot, method)
        if method.callback_query_id in self._answered:
            return True  # type: ignore[return-value]
        self._answered[method.callback_query_id] = None
        if len(self._answered) > self.remember:
            self._answered.popitem(last=False)
        return await make_request(bot, method)


class KeepResponseModels(BaseRequestMiddleware):
    """Keeps aiogram's `Response[<result type>]` models alive for the life of the session.

    aiogram parses every answer with `Response[method.__returning__]`, a pydantic generic that
    pydantic caches only weakly: after each garbage collection it was built again (several ms of
    schema building per call), 13 % of the bot's CPU under load in the bench/throughput.py profile.
    """

    def __init__(self) -> None:
        self._models: dict[type, type] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot,
        method: TelegramMethod[TelegramType],
    ) -> TelegramType:
        if type(method) not in self._models:
            self._models[type(method)] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)
