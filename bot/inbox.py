"""Webhook mode's worker: handles the updates in the inbox (storage.inbox), whichever process took
them in, so several processes behind one webhook URL share the work.

Each update is handled once: a delivery Telegram repeats finds its update id taken. Each chat's
updates are handled in order: a process holds one update of a lane (a chat) at a time, under a
lease, and drains the lane before letting go. A process killed mid-update leaves its lease to run
out (LEASE_SECONDS); then another process handles that update again from the start (see
storage.inbox for why "again" rather than "maybe never").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cancellation import raise_if_cancelled
from bot.leases import lease_holder, lease_kept
from bot.ordering import MAX_CONCURRENT_UPDATES, chat_key
from storage.crypto import Cipher, IdHasher
from storage.inbox import InboxItem, InboxRepository
from storage.repositories import UpdateRepository

logger = logging.getLogger(__name__)

# Other processes' updates are found by looking; this process's own are started at once.
POLL_SECONDS = 1.0
# A process that dies over and over on one update must not take the helpline down with it.
MAX_ATTEMPTS = 3
STOP_GRACE_SECONDS = 10.0


def lane_of(update: Update, hasher: IdHasher) -> str:
    key = chat_key(update)
    # Its own hash kind: a lane can be compared only with other lanes, never with users.tg_key.
    return "none" if key is None else hasher.digest("inbox-lane", key).hex()[:40]


def _lease_lost() -> None:
    logger.warning("inbox: an update's lease was lost while it was being handled")


class InboxWorker:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, hasher: IdHasher,
                 dispatcher: Dispatcher, bot: Bot, clock: Callable[[], datetime], lease_seconds: float) -> None:
        self.sessions, self.cipher, self.hasher = sessions, cipher, hasher
        self.dispatcher, self.bot, self.clock = dispatcher, bot, clock
        self.lease = timedelta(seconds=lease_seconds)
        # A fresh owner per process run: a lease left by a killed run is never mistaken for ours.
        self.owner = lease_holder("inbox")
        self.wake = asyncio.Event()
        self._lanes: dict[str, asyncio.Task] = {}
        self._stopping = False
        self._loop: asyncio.Task | None = None

    # --- taking updates in -----------------------------------------------------------------------

    async def accept(self, payload: dict[str, Any]) -> bool:
        """Stores a webhook update for handling; False if this update id was taken before."""
        update = Update.model_validate(payload, context={"bot": self.bot})
        now = self.clock()
        async with self.sessions() as session:
            if not await UpdateRepository(session).claim(update.update_id, now):
                return False
            await InboxRepository(session, self.cipher).add(update.update_id, lane_of(update, self.hasher),
                                                            payload, now)
            await session.commit()
        self.wake.set()
        return True

    # --- handling them ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._lanes) or self.wake.is_set()

    def start(self) -> None:
        self._loop = asyncio.create_task(self.run_forever())

    async def run_forever(self) -> None:
        while not self._stopping:
            self.wake.clear()
            try:
                await self.run_once()
            except Exception as error:  # keep the loop alive; the next round retries
                raise_if_cancelled()
                logger.error("inbox round failed: %s", type(error).__name__)
            with suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), POLL_SECONDS)

    async def run_once(self) -> int:
        """Starts a drain for every free lane, up to the concurrency limit; returns how many."""
        room = MAX_CONCURRENT_UPDATES - len(self._lanes)
        if room <= 0:
            return 0
        async with self.sessions() as session:
            heads = await InboxRepository(session, self.cipher).free_heads(self.clock(), room, set(self._lanes))
        for update_id, lane in heads:
            self._lanes[lane] = asyncio.create_task(self._drain(lane, update_id))
        return len(heads)

    async def _drain(self, lane: str, update_id: int | None) -> None:
        try:
            while update_id is not None and not self._stopping:
                item = await self._take(update_id)
                if item is None:
                    return  # another process holds this lane
                if not await self._handle(item):
                    return  # the lease was lost: whoever holds the lane now goes on with it
                async with self.sessions() as session:
                    update_id = await InboxRepository(session, self.cipher).next_in_lane(lane)
        except Exception as error:
            logger.error("inbox lane failed: %s", type(error).__name__)
        finally:
            del self._lanes[lane]
            self.wake.set()  # an update may have come for this lane while we were finishing

    async def _take(self, update_id: int) -> InboxItem | None:
        now = self.clock()
        async with self.sessions() as session:
            inbox = InboxRepository(session, self.cipher)
            if not await inbox.lease(update_id, self.owner, now, now + self.lease):
                return None
            await session.commit()
            return await inbox.get(update_id)

    async def _handle(self, item: InboxItem) -> bool:
        """Handles a taken update and removes it; False if the lease was lost meanwhile."""
        if item.attempts > MAX_ATTEMPTS:
            logger.error("inbox: an update failed %d times, dropped", item.attempts - 1)
        else:
            update = Update.model_validate(item.update, context={"bot": self.bot})
            try:
                async with lease_kept(partial(self._renew, item.update_id), self.lease, "inbox",
                                      on_lost=_lease_lost):
                    await self.dispatcher.feed_update(self.bot, update, from_inbox=True)
            except asyncio.CancelledError:
                await self._release(item.update_id)
                raise
            except Exception as error:  # the error handlers have had their say; do not retry it
                logger.error("inbox: update failed: %s", type(error).__name__)
        async with self.sessions() as session:
            finished = await InboxRepository(session, self.cipher).finish(item.update_id, self.owner)
            await session.commit()
        return finished

    async def _renew(self, update_id: int) -> bool:
        """An update may take longer than the lease (429s waited out, slow calls): while it is being
        handled, its lease is renewed, so no other process takes it over as if this one had died."""
        async with self.sessions() as session:
            kept = await InboxRepository(session, self.cipher).renew(update_id, self.owner, self.clock() + self.lease)
            await session.commit()
        return kept

    async def _release(self, update_id: int) -> None:
        with suppress(Exception):
            async with self.sessions() as session:
                await InboxRepository(session, self.cipher).release(update_id, self.owner)
                await session.commit()

    async def stop(self) -> None:
        """Finishes the updates in hand (for a while), then gives the rest back."""
        self._stopping = True
        self.wake.set()
        tasks = list(self._lanes.values())
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=STOP_GRACE_SECONDS)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if self._loop is not None:
            self._loop.cancel()
            await asyncio.gather(self._loop, return_exceptions=True)
