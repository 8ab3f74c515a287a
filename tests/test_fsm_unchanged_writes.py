"""The sealed FSM storage skips a write that changes nothing, and only that (storage/fsm.py)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select, update

from storage.crypto import Cipher, IdHasher
from storage.db import create_session_factory
from storage.fsm import REFRESH_AFTER, SealedSqlStorage
from storage.models import FsmRecord


async def stored(sessions) -> tuple[bytes, datetime]:
    async with sessions() as session:
        row = (await session.execute(select(FsmRecord.sealed, FsmRecord.updated_at))).one()
    return row.sealed, row.updated_at


async def test_unchanged_record_is_not_rewritten_until_it_ages(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    key = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="aiogd:stack:")
    await storage.set_data(key, {"intents": ["a"], "n": 1})
    first = await stored(sessions)

    await storage.set_data(key, {"intents": ["a"], "n": 1})  # same content: skipped
    assert await stored(sessions) == first
    await storage.set_data(key, {"intents": ["a"], "n": True})  # equal in Python, not in JSON
    changed = await stored(sessions)
    assert changed[0] != first[0]
    assert await storage.get_data(key) == {"intents": ["a"], "n": True}

    old = datetime.now(UTC) - REFRESH_AFTER - timedelta(minutes=1)
    async with sessions() as session:
        await session.execute(update(FsmRecord).values(updated_at=old))
        await session.commit()
    await storage.set_data(key, {"intents": ["a"], "n": True})  # same content, but aged: refreshed
    sealed, updated_at = await stored(sessions)
    assert sealed != changed[0] and updated_at.replace(tzinfo=UTC) > old + timedelta(minutes=1)
