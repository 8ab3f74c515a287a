"""aiogram FSM storage in the database, sealed: dialog state survives restarts and reveals nothing.

aiogram-dialog keeps its stacks and contexts here too (they hold user answers and Telegram ids),
so every value is encrypted, and every key is an HMAC of aiogram's StorageKey.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
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


# Writes rows that join an update's transaction (see join_update_writes).
Writer = Callable[[AsyncSession, list[Any]], Awaitable[None]]


def _empty() -> dict[str, Any]:
    return {"state": None, "data": {}}


@dataclass
class _Record:
    chat_id: int
    serialized: bytes | None  # None: neither state nor data (no row)
    stored: bytes | None  # as read from the database
    stored_at: datetime | None
    written: bool = False

    def unchanged(self, now: datetime) -> bool:
        """Nothing to write: the same as stored, and stored recently enough for idle-state pruning."""
        if self.serialized != self.stored:
            return False
        return self.stored is None or _aware(self.stored_at) > now - REFRESH_AFTER  # type: ignore[arg-type]


@dataclass
class _Batch:
    """The records one update has read or written, by row key."""

    records: dict[bytes, _Record] = field(default_factory=dict)
    open: bool = True
    # Private chats whose every record has been read (one query per chat and update).
    chats_read: set[int] = field(default_factory=set)
    # Other small writes of the update that go in the same transaction (join_update_writes):
    # the rows each writer is given, in one call.
    joined: dict[Writer, list[Any]] = field(default_factory=dict)


_batch: ContextVar[_Batch | None] = ContextVar("fsm_batch", default=None)


def join_update_writes(write: Writer, rows: Sequence[Any]) -> bool:
    """Has `write(session, rows)` write `rows`, with the update's other rows for the same `write`,
    in the transaction that writes the current update's dialog state when the update has been
    handled (before its after-update actions). False outside an update, or once that transaction
    has gone: then the caller writes for itself.

    For rows that need not be in the database before the update ends (the ids of messages in a
    private chat, kept for erasure): one statement per update instead of a transaction per message.
    """
    batch = _batch.get()
    if batch is None or not batch.open:
        return False
    batch.joined.setdefault(write, []).extend(rows)
    return True


class SealedSqlStorage(BaseStorage):
    """Dialog state in the database: read once and written once per update, unchanged writes skipped.

    aiogram-dialog reads its stack and context several times while it handles an update and saves
    them after every update, most often unchanged: each of those was a session of its own, about
    ten per update, which made most of the database round trips in bench/throughput.py. Within
    `batch()` (one update, see bot/middlewares/fsm_batch.py) a record is read from the database
    once and writes are kept; at its end the records that changed go to the database in one
    transaction. Outside a batch (background jobs) every call goes to the database. A record is
    compared with what this update read: if another process changed it since, an unchanged
    record leaves that change alone, and a changed one replaces it, as any read-modify-write
    would (one chat's updates are handled by one process at a time, ADR 16).

    In a private chat the first read takes all of the chat's records at once (by `owner`): the
    FSM state, the dialog stack and its contexts are three keys, read in one query instead of
    three. A group's records are read one key at a time, as a group holds every member's state.
    The batch is opened before aiogram reads the update's FSM state (bot/middlewares/fsm_batch.py)
    and written by `flush()` inside the update's database session.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, hasher: IdHasher) -> None:
        self.sessions, self.cipher, self.hasher = sessions, cipher, hasher

    def _row_key(self, key: StorageKey) -> bytes:
        parts = (key.bot_id, key.chat_id, key.user_id, key.thread_id, key.business_connection_id, key.destiny)
        return self.hasher.digest("fsm", "|".join("" if part is None else str(part) for part in parts))

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[None]:
        """One update's reads and writes; what `flush()` has not written goes at the end."""
        batch = _Batch()
        token = _batch.set(batch)
        try:
            yield
        finally:
            _batch.reset(token)
            await self._close(batch)

    async def flush(self) -> None:
        """Write the update's changed records now and send later calls straight to the database."""
        batch = _batch.get()
        if batch is not None:
            await self._close(batch)

    async def _close(self, batch: _Batch) -> None:
        if not batch.open:  # flushed already
            return
        batch.open = False  # a task started during the update and still running goes to the database
        written = {row_key: record for row_key, record in batch.records.items() if record.written}
        if written or batch.joined:
            await self._write(written, batch.joined)

    def _opened(self, row_key: bytes, chat_id: int, sealed: bytes, updated_at: datetime) -> _Record:
        plain = self.cipher.open(sealed, FSM_RECORD.context({"key": row_key}))
        return _Record(chat_id, plain, plain, updated_at)

    async def _load(self, chat_id: int, row_key: bytes) -> _Record:
        async with self.sessions() as session:
            found = await FsmRepository(session).load_dated(row_key)
        if found is None:
            return _Record(chat_id, None, None, None)
        return self._opened(row_key, chat_id, *found)

    async def _load_chat(self, batch: _Batch, chat_id: int) -> None:
        async with self.sessions() as session:
            rows = await FsmRepository(session).load_owner(self.hasher.chat(chat_id))
        batch.chats_read.add(chat_id)
        for row_key, sealed, updated_at in rows:
            if row_key not in batch.records:  # unless written meanwhile
                batch.records[row_key] = self._opened(row_key, chat_id, sealed, updated_at)

    async def _record(self, key: StorageKey) -> tuple[bytes, _Record]:
        row_key = self._row_key(key)
        batch = _batch.get()
        if batch is None or not batch.open:
            return row_key, await self._load(key.chat_id, row_key)
        if row_key not in batch.records:
            if key.chat_id == key.user_id:  # a private chat
                if key.chat_id not in batch.chats_read:
                    await self._load_chat(batch, key.chat_id)
                batch.records.setdefault(row_key, _Record(key.chat_id, None, None, None))
            else:
                loaded = await self._load(key.chat_id, row_key)
                batch.records.setdefault(row_key, loaded)  # unless written meanwhile
        return row_key, batch.records[row_key]

    async def _read(self, key: StorageKey) -> dict[str, Any]:
        _, record = await self._record(key)
        return _empty() if record.serialized is None else json.loads(record.serialized)

    async def _update(self, key: StorageKey, change: Callable[[dict[str, Any]], None]) -> None:
        row_key, record = await self._record(key)
        value = _empty() if record.serialized is None else json.loads(record.serialized)
        change(value)
        record.serialized = None if value["state"] is None and not value["data"] else json.dumps(
            value, ensure_ascii=False, separators=(",", ":")).encode()
        record.written = True
        batch = _batch.get()
        if batch is None or not batch.open:
            await self._write({row_key: record})

    async def _write(self, records: Mapping[bytes, _Record], joined: Mapping[Writer, list[Any]] | None = None) -> None:
        now = datetime.now(UTC)
        changed = {row_key: record for row_key, record in records.items() if not record.unchanged(now)}
        if not changed and not joined:
            return
        async with self.sessions() as session:
            for write, rows in (joined or {}).items():
                await write(session, rows)
            repository = FsmRepository(session)
            await repository.delete_many([row_key for row_key, record in changed.items() if record.serialized is None])
            await repository.save_many([
                (row_key, self.hasher.chat(record.chat_id),
                 self.cipher.seal(record.serialized, FSM_RECORD.context({"key": row_key})))
                for row_key, record in changed.items() if record.serialized is not None
            ], now)
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
