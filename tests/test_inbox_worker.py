"""Webhook mode's inbox worker (bot/inbox.py) with two processes' workers on one database."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

from bot.inbox import InboxWorker
from storage.crypto import Cipher, IdHasher
from storage.db import create_session_factory

UPDATE = {"update_id": 1, "message": {"message_id": 5, "date": 0, "chat": {"id": 42, "type": "private"},
                                      "from": {"id": 42, "is_bot": False, "first_name": "x"}, "text": "hi"}}


class SlowDispatcher:
    """Takes `seconds` per update, as a handler waiting out 429s or a slow upload would."""

    def __init__(self, name: str, log: list, seconds: float) -> None:
        self.name, self.log, self.seconds = name, log, seconds

    async def feed_update(self, bot, update, **kwargs) -> None:
        self.log.append((self.name, update.update_id, "start"))
        await asyncio.sleep(self.seconds)
        self.log.append((self.name, update.update_id, "end"))


async def test_an_update_handled_longer_than_its_lease_is_not_taken_over(engine) -> None:
    sessions = create_session_factory(engine)
    cipher, hasher = Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32))
    log: list = []
    clock = lambda: datetime.now(UTC)  # noqa: E731
    first = InboxWorker(sessions, cipher, hasher, SlowDispatcher("A", log, 3.0), None, clock, lease_seconds=1)
    second = InboxWorker(sessions, cipher, hasher, SlowDispatcher("B", log, 3.0), None, clock, lease_seconds=1)
    assert await first.accept(UPDATE)
    await first.run_once()  # the first process takes it
    await asyncio.sleep(1.5)  # still handling it, past the lease it took
    await second.run_once()  # the other process looks (every second in production)
    await asyncio.sleep(2.0)
    await first.run_once()
    await asyncio.sleep(0.5)
    assert log == [("A", 1, "start"), ("A", 1, "end")]
    assert not first._lanes and not second._lanes
