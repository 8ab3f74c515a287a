"""aiogram FSM storage in the database, sealed: dialog state survives restarts and reveals nothing.

aiogram-dialog keeps its stacks and contexts here too (they hold user answers and Telegram ids),
so every value is encrypted, and every key is an HMAC of aiogram's StorageKey.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
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


class SealedSqlStorage(BaseStorage):
    """Each call reads and writes the row in one session; a write that changes nothing is skipped.

    aiogram-dialog saves its stack and context after every update, most often unchanged: the
    skipped writes (a seal, an upsert and a commit each) were a large part of the database
    work per update (bench/throughput.py). The comparison is made against the row just read in
    the same transaction, so a change made by another process is never mistaken for ours.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, hasher: IdHasher) -> None:
        self.sessions, self.cipher, self.hasher = sessions, cipher, hasher

    def _row_key(self, key: StorageKey) -> bytes:
        parts = (key.bot_id, key.chat_id, key.user_id, key.thread_id, key.business_connection_id, key.destiny)
        return self.hasher.digest("fsm", "|".join("" if part is None else str(part) for part in parts))

    async def _read(self, key: StorageKey) -> dict[str, Any]:
        row_key = self._row_key(key)
        async with self.sessions() as session:
            sealed = await FsmRepository(session).load(row_key)
        if sealed is None:
            return _empty()
        return self.cipher.open_json(sealed, FSM_RECORD.context({"key": row_key}))

    async def _update(self, key: StorageKey, change: Callable[[dict[str, Any]], None]) -> None:
        row_key = self._row_key(key)
        context = FSM_RECORD.context({"key": row_key})
        async with self.sessions() as session:
            repository = FsmRepository(session)
            found = await repository.load_dated(row_key)
            plain = None if found is None else self.cipher.open(found[0], context)
            record = _empty() if plain is None else json.loads(plain)
            change(record)
            now = datetime.now(UTC)
            if record["state"] is None and not record["data"]:
                if found is None:
                    return
                await repository.delete(row_key)
            else:
                serialized = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
                if serialized == plain and _aware(found[1]) > now - REFRESH_AFTER:  # type: ignore[index]
                    return
                sealed = self.cipher.seal(serialized, context)
                await repository.save(row_key, self.hasher.chat(key.chat_id), sealed, now)
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
