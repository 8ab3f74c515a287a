"""Updates of one chat are handled one at a time, in the order they arrived.

aiogram starts a task per update in arrival order. The per-chat lock is taken first thing in
feed_update, before any middleware awaits (aiogram's own FSM middleware reads storage, which
would let a later update overtake an earlier one), and asyncio.Lock wakes waiters first-in
first-out. Different chats still run concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.types import Update


class ChatSequencer:
    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: int | None) -> AsyncIterator[None]:
        if key is None:
            yield
            return
        lock, waiting = self._locks.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._locks[key] = (lock, waiting + 1)
        try:
            async with lock:
                yield
        finally:
            lock, waiting = self._locks[key]
            if waiting == 1:
                del self._locks[key]  # nobody else queued: keep the map small
            else:
                self._locks[key] = (lock, waiting - 1)


def chat_key(update: Update) -> int | None:
    context = UserContextMiddleware.resolve_event_context(event=update)
    if context.chat is not None:
        return context.chat.id
    return context.user.id if context.user is not None else None


# Updates handled at once (of different chats). Each may hold two database connections: with
# the pool in storage/db.py (40), this leaves room for the background loops. More waiting
# updates simply queue here instead of queueing, deadlocked, for connections.
MAX_CONCURRENT_UPDATES = 12


class OrderedDispatcher(Dispatcher):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sequencer = ChatSequencer()
        self.gate = asyncio.Semaphore(MAX_CONCURRENT_UPDATES)
        self._in_hand: set[asyncio.Task[Any]] = set()

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._in_hand.add(task)
        try:
            # The chat lock first (it fixes the order), then a slot.
            async with self.sequencer.hold(chat_key(update)), self.gate:
                return await super().feed_update(bot, update, **kwargs)
        finally:
            self._in_hand.discard(task)

    async def finish_in_hand(self, timeout: float) -> int:
        """Waits (for a while) for the updates being handled or queued for their chat; returns how
        many did not finish. In polling mode Telegram forgets an update once the next getUpdates
        confirms it, and aiogram does not await its update tasks when polling stops: without this,
        a stop (a deploy, SIGTERM) would lose the updates waiting behind their chat's lock."""
        waiting = self._in_hand - {asyncio.current_task()}
        if not waiting:
            return 0
        _, late = await asyncio.wait(waiting, timeout=timeout)
        return len(late)
