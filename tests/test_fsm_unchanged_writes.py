"""The sealed FSM storage skips a write that changes nothing, and only that, and writes one
update's changes together, with the other writes that join them (storage/fsm.py)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import delete, event, select, update

from storage.crypto import Cipher, IdHasher
from storage.db import create_session_factory
from storage.fsm import REFRESH_AFTER, SealedSqlStorage, join_update_writes
from storage.models import ChatMessage, FsmRecord
from storage.repositories import ChatMessageRepository


@contextmanager
def commits_of(engine) -> Iterator[list]:
    """The COMMITs on the engine's connections while inside."""
    commits: list = []

    def count(connection) -> None:
        commits.append(connection)

    event.listen(engine.sync_engine, "commit", count)
    try:
        yield commits
    finally:
        event.remove(engine.sync_engine, "commit", count)


@contextmanager
def selects_of(engine) -> Iterator[list[str]]:
    """The SELECT statements run on the engine while inside."""
    selects: list[str] = []

    def count(connection, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield selects
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


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


async def test_one_updates_writes_go_in_one_transaction_at_its_end(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    stack = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="aiogd:stack:")
    context = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="aiogd:context:")
    await storage.set_data(context, {"old": 1})
    with commits_of(engine) as commits:
        async with storage.batch():
            await storage.set_data(stack, {"intents": ["a"]})
            await storage.set_state(stack, "Papers:kind")
            await storage.set_data(context, {})  # no state, no data: the row goes
            assert await storage.get_data(stack) == {"intents": ["a"]}  # the update sees its own writes
            assert await storage.get_state(stack) == "Papers:kind"
            assert await storage.get_data(context) == {}
            async with sessions() as session:  # ... which are not in the database yet
                assert len((await session.execute(select(FsmRecord.key))).all()) == 1
            assert commits == []
        assert len(commits) == 1
    fresh = SealedSqlStorage(sessions, storage.cipher, storage.hasher)
    assert await fresh.get_data(stack) == {"intents": ["a"]}
    assert await fresh.get_state(stack) == "Papers:kind"
    async with sessions() as session:
        assert len((await session.execute(select(FsmRecord.key))).all()) == 1  # the emptied record went


async def test_writes_after_the_update_ended_go_straight_to_the_database(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    key = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="aiogd:stack:")
    update_done, later = asyncio.Event(), None

    async def background() -> None:  # a task started by the update inherits its context
        await update_done.wait()
        await storage.set_data(key, {"late": True})

    async with storage.batch():
        later = asyncio.create_task(background())
        await storage.set_data(key, {"early": True})
    update_done.set()
    await later
    assert await SealedSqlStorage(sessions, storage.cipher, storage.hasher).get_data(key) == {"late": True}


async def test_one_update_reads_a_record_from_the_database_once(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    key = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="aiogd:context:")
    await storage.set_data(key, {"step": 1})
    with selects_of(engine) as selects:
        async with storage.batch():
            for _ in range(3):
                assert await storage.get_data(key) == {"step": 1}
            await storage.set_data(key, {"step": 2})
            assert await storage.get_data(key) == {"step": 2}
            assert len(selects) == 1
    assert await storage.get_data(key) == {"step": 2}  # outside an update: from the database


async def test_a_private_chats_records_come_in_one_read(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    chat = 555000111

    def key(destiny: str, chat_id: int = chat) -> StorageKey:
        return StorageKey(bot_id=1, chat_id=chat_id, user_id=chat_id, destiny=destiny)

    await storage.set_state(key("default"), "Menu:main")
    await storage.set_data(key("aiogd:stack:"), {"intents": ["a"]})
    await storage.set_data(key("aiogd:context:a"), {"step": 1})
    await storage.set_data(key("aiogd:context:a", chat_id=777000222), {"someone": "else"})
    with selects_of(engine) as selects:
        async with storage.batch():
            assert await storage.get_state(key("default")) == "Menu:main"
            assert await storage.get_data(key("aiogd:stack:")) == {"intents": ["a"]}
            assert await storage.get_data(key("aiogd:context:a")) == {"step": 1}
            assert await storage.get_data(key("aiogd:context:b")) == {}  # no such record: no read either
            assert len(selects) == 1
            await storage.set_data(key("aiogd:context:b"), {"step": 9})
            assert await storage.get_data(key("aiogd:context:b")) == {"step": 9}
            assert await storage.get_data(key("aiogd:context:a", chat_id=777000222)) == {"someone": "else"}
            assert len(selects) == 2  # the other chat: a read of its own
    assert await storage.get_data(key("aiogd:context:b")) == {"step": 9}


async def test_a_groups_records_are_read_one_key_at_a_time(engine) -> None:
    """A group holds every member's dialog state: an update reads only the keys it uses."""
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    group = -100123
    members = [StorageKey(bot_id=1, chat_id=group, user_id=user, destiny="default") for user in (11, 12, 13)]
    for number, member in enumerate(members):
        await storage.set_data(member, {"n": number})
    with selects_of(engine) as selects:
        async with storage.batch():
            assert await storage.get_data(members[1]) == {"n": 1}
            assert await storage.get_data(members[1]) == {"n": 1}
            assert len(selects) == 1
            assert "fsm_records.key" in selects[0].replace('"', "") and "owner" not in selects[0]


async def test_flush_writes_now_and_later_calls_go_to_the_database(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    key = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="default")

    async def rows() -> int:
        async with sessions() as session:
            return len((await session.execute(select(FsmRecord.key))).all())

    async with storage.batch():
        await storage.set_data(key, {"a": 1})
        assert await rows() == 0  # kept until the flush
        await storage.flush()
        assert await rows() == 1
        async with sessions() as session:  # as /forget erases after the update was handled
            await session.execute(delete(FsmRecord))
            await session.commit()
        assert await storage.get_data(key) == {}  # read again: the batch is closed
    assert await rows() == 0  # and nothing written back at its end


async def test_joined_writes_go_in_the_updates_one_transaction(engine) -> None:
    sessions = create_session_factory(engine)
    storage = SealedSqlStorage(sessions, Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)))
    key = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="default")
    owner = storage.hasher.chat(555000111)
    now = datetime.now(UTC)

    calls: list[list] = []

    async def write(session, rows: list) -> None:
        calls.append(rows)
        await ChatMessageRepository(session).record_many([(owner, message_id, True, now) for message_id in rows])

    async def noted() -> list[int]:
        async with sessions() as session:
            return sorted((await session.execute(select(ChatMessage.message_id))).scalars())

    assert not join_update_writes(write, [1])  # outside an update: the caller writes itself
    with commits_of(engine) as commits:
        async with storage.batch():
            assert join_update_writes(write, [2]) and join_update_writes(write, [3])
            await storage.set_state(key, "Menu:main")
            assert await noted() == [] and commits == []
            await storage.flush()
            assert await noted() == [2, 3] and len(commits) == 1  # with the dialog state, in one
            assert calls == [[2, 3]]  # both rows in one call
            assert not join_update_writes(write, [4])  # written already: too late to join
        async with storage.batch():
            assert join_update_writes(write, [5])  # no dialog state changed: still written
        assert await noted() == [2, 3, 5] and len(commits) == 2
