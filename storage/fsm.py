"""aiogram FSM storage in the database, sealed: dialog state survives restarts and reveals nothing.

aiogram-dialog keeps its stacks and contexts here too (they hold user answers and Telegram ids),
so every value is encrypted, and every key is an HMAC of aiogram's StorageKey.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import Cipher, IdHasher
from storage.repositories import FsmRepository
from storage.sealed import FSM_RECORD

# A record rewritten with the same content is left alone, unless its `updated_at` (what the
# pruning of idle dialog state goes by) is older than this.
REFRESH_AFTER = timedelta(days=1)


def _empty() -> dict[str, Any]:
    return {"state": None, "data": {}}


@dataclass
class _Batch:
    """Records written while one update is handled: row key -> (chat id, serialized record, or
    None for a record with neither state nor data, whose row goes)."""

    records: dict[bytes, tuple[int, bytes | None]] = field(default_factory=dict)
    open: bool = True


_batch: ContextVar[_Batch | None] = ContextVar("fsm_batch", default=None)


class SealedSqlStorage(BaseStorage):
    """Dialog state in the database: writes of one update in one transaction, unchanged ones skipped.

    aiogram-dialog saves its stack and context after every update, most often unchanged, and
    each save was its own transaction: with SQLite's single write lock, the commits per update
    were most of the waiting in bench/throughput.py. Within `batch()` (one update, see
    bot/middlewares/fsm_batch.py), writes are kept and later reads see them; at its end they go
    to the database in one transaction. A write is compared with the row read in that same
    transaction, so a change made by another process is never mistaken for ours; outside a
    batch (background jobs) each write is its own transaction.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, hasher: IdHasher) -> None:
        self.sessions, self.cipher, self.hasher = sessions, cipher, hasher

    def _row_key(self, key: StorageKey) -> bytes:
        parts = (key.bot_id, key.chat_id, key.user_id, key.thread_id, key.business_connection_id, key.destiny)
        return self.hasher.digest("fsm", "|".join("" if part is None else str(part) for part in parts))

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[None]:
        batch = _Batch()
        token = _batch.set(batch)
        try:
            yield
        finally:
            batch.open = False  # a task started during the update and still running writes directly
            _batch.reset(token)
            if batch.records:
                await self._write(batch.records)

    async def _read(self, key: StorageKey) -> dict[str, Any]:
        row_key = self._row_key(key)
        batch = _batch.get()
        if batch is not None and batch.open and row_key in batch.records:
            serialized = batch.records[row_key][1]
            return _empty() if serialized is None else json.loads(serialized)
        async with self.sessions() as session:
            sealed = await FsmRepository(session).load(row_key)
        if sealed is None:
            return _empty()
        return self.cipher.open_json(sealed, FSM_RECORD.context({"key": row_key}))

    async def _update(self, key: StorageKey, change: Callable[[dict[str, Any]], None]) -> None:
        record = await self._read(key)
        change(record)
        serialized = None if record["state"] is None and not record["data"] else json.dumps(
            record, ensure_ascii=False, separators=(",", ":")).encode()
        batch = _batch.get()
        if batch is not None and batch.open:
            batch.records[self._row_key(key)] = (key.chat_id, serialized)
        else:
            await self._write({self._row_key(key): (key.chat_id, serialized)})

    async def _write(self, records: Mapping[bytes, tuple[int, bytes | None]]) -> None:
        async with self.sessions() as session:
            repository = FsmRepository(session)
            now = datetime.now(UTC)
            changed = False
            for row_key, (chat_id, serialized) in records.items():
                context = FSM_RECORD.context({"key": row_key})
                found = await repository.load_dated(row_key)
                if serialized is None:
                    if found is not None:
                        await repository.delete(row_key)
                        changed = True
                    continue
                if found is not None and _aware(found[1]) > now - REFRESH_AFTER and self.cipher.open(found[0], context) == serialized:
                    continue
                await repository.save(row_key, self.hasher.chat(chat_id), self.cipher.seal(serialized, context), now)
                changed = True
            if changed:
                await session.commit()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._update(key, lambda record: record.__setitem__("state", value))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._read(key))["state"]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._update(key, lambda record: record.__setitem__("data", dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._read(key))["data"])

    async def close(self) -> None:
        return None


def _aware(moment: datetime) -> datetime:
    """SQLite gives the stored UTC time back without its zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
