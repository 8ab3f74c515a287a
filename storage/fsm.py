"""aiogram FSM storage in the database, sealed: dialog state survives restarts and reveals nothing.

aiogram-dialog keeps its stacks and contexts here too (they hold user answers and Telegram ids),
so every value is encrypted, and every key is an HMAC of aiogram's StorageKey.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import Cipher, IdHasher
from storage.repositories import FsmRepository
from storage.sealed import FSM_RECORD


class SealedSqlStorage(BaseStorage):
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
            return {"state": None, "data": {}}
        return self.cipher.open_json(sealed, FSM_RECORD.context({"key": row_key}))

    async def _write(self, key: StorageKey, record: dict[str, Any]) -> None:
        row_key = self._row_key(key)
        async with self.sessions() as session:
            repository = FsmRepository(session)
            if record["state"] is None and not record["data"]:
                await repository.delete(row_key)
            else:
                sealed = self.cipher.seal_json(record, FSM_RECORD.context({"key": row_key}))
                await repository.save(row_key, self.hasher.chat(key.chat_id), sealed, datetime.now(UTC))
            await session.commit()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        record = await self._read(key)
        record["state"] = state.state if isinstance(state, State) else state
        await self._write(key, record)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._read(key))["state"]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        record = await self._read(key)
        record["data"] = dict(data)
        await self._write(key, record)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._read(key))["data"])

    async def close(self) -> None:
        return None
