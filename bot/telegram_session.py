"""Telegram's rate limits, on the bot's HTTP session, so every caller respects them.

About 30 messages a second overall; a 429 names how long to wait, and the request is tried
again after it (a 429 means Telegram did nothing, so retrying cannot send twice).
"""

from __future__ import annotations

import asyncio
import logging

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
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


class RateLimiter(BaseRequestMiddleware):
    def __init__(self, per_second: float = 30) -> None:
        self.overall = AsyncLimiter(per_second, 1)

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
