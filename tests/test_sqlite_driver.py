"""The one-trip aiosqlite cursor (storage/sqlite_driver.py): same results, one trip per statement."""

from __future__ import annotations

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.db import create_engine


@pytest.fixture
async def sqlite(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch):
    counted: list[str] = []
    execute = aiosqlite.Connection._execute

    async def counting(self, fn, *args, **kwargs):
        counted.append(getattr(fn, "__name__", repr(fn)))
        return await execute(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return counted


async def test_statements_give_the_results_of_the_plain_driver(sqlite) -> None:
    async with sqlite.connect() as connection:
        inserted = await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), {"name": "a"})
        assert inserted.rowcount == 1 and inserted.lastrowid == 1
        many = await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}])
        assert many.rowcount == 2
        rows = (await connection.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
        assert [tuple(row) for row in rows] == [(1, "a"), (2, "b"), (3, "c")]
        result = await connection.execute(text("SELECT name FROM t WHERE id > :id ORDER BY id"), {"id": 1})
        assert list(result.keys()) == ["name"] and result.scalars().all() == ["b", "c"]
        updated = await connection.execute(text("UPDATE t SET name = name || '!' WHERE id >= 2"))
        assert updated.rowcount == 2
        with pytest.raises(IntegrityError):
            await connection.execute(text("INSERT INTO t (name) VALUES ('a')"))
        await connection.rollback()
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 0  # rolled back as one transaction


async def test_a_statement_is_one_trip_to_the_database_thread(sqlite, trips) -> None:
    async with sqlite.connect() as connection:
        await connection.execute(text("SELECT 1"))  # the first use may set the connection up
        trips.clear()
        assert (await connection.execute(text("SELECT id FROM t"))).all() == []
        await connection.execute(text("INSERT INTO t (name) VALUES ('x')"))
        assert trips == ["_trip", "_trip"]  # before: cursor, execute, fetchall, close; cursor, execute, close


async def test_ending_a_transaction_that_never_began_takes_no_trip(sqlite, trips) -> None:
    async with sqlite.connect() as connection:
        await connection.execute(text("SELECT 1"))
        trips.clear()
        await connection.execute(text("SELECT id FROM t"))
        await connection.rollback()  # only read: SQLite has nothing to undo
        assert trips == ["_trip"]
        await connection.execute(text("INSERT INTO t (name) VALUES ('y')"))
        await connection.rollback()  # a write began a transaction: this one is real
        assert trips == ["_trip", "_trip", "rollback"]
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 0


async def test_a_statement_still_on_its_way_keeps_the_rollback(sqlite) -> None:
    async with sqlite.connect() as connection:
        adapted = (await connection.get_raw_connection()).dbapi_connection
        assert adapted._nothing_to_end()
        adapted._started += 1  # as when a caller was cancelled while its statement still runs
        assert not adapted._nothing_to_end()
        adapted._finished += 1
        assert adapted._nothing_to_end()
