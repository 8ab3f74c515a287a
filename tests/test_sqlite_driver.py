"""The inline aiosqlite adapter (storage/sqlite_driver.py): the plain driver's results, every
statement on the event loop's thread, another process's write lock waited for in asyncio."""

from __future__ import annotations

import asyncio
import sqlite3

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from storage.db import create_engine
from storage.sqlite_driver import WriteTurn


@pytest.fixture
async def sqlite(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch):
    """Every hand-over to a connection's aiosqlite thread, by the function sent there."""
    counted: list[str] = []
    execute = aiosqlite.Connection._execute

    async def counting(self, fn, *args, **kwargs):
        counted.append(getattr(fn, "__name__", repr(fn)))
        return await execute(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return counted


async def traced(connection) -> list[str]:
    """What SQLite itself runs on this connection from now on (COMMIT and ROLLBACK included)."""
    seen: list[str] = []
    adapted = (await connection.get_raw_connection()).dbapi_connection
    adapted._connection._conn.set_trace_callback(seen.append)
    return seen


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


async def test_no_statement_goes_to_the_database_thread(sqlite, trips) -> None:
    async with sqlite.connect() as connection:
        seen = await traced(connection)
        assert (await connection.execute(text("SELECT id FROM t"))).all() == []
        await connection.execute(text("INSERT INTO t (name) VALUES ('x')"))
        await connection.commit()
        await connection.execute(text("INSERT INTO t (name) VALUES ('y')"))
        await connection.rollback()
        assert trips == []  # before: one trip each; before that, cursor, execute, fetchall, close
        assert [s.split()[0] for s in seen] == ["SELECT", "BEGIN", "INSERT", "COMMIT", "BEGIN", "INSERT", "ROLLBACK"]
        assert await connection.scalar(text("SELECT name FROM t")) == "x"


async def test_ending_a_transaction_that_never_began_costs_nothing(sqlite) -> None:
    async with sqlite.connect() as connection:
        seen = await traced(connection)
        await connection.execute(text("SELECT id FROM t"))
        await connection.rollback()  # only read: SQLite has nothing to undo
        assert seen == ["SELECT id FROM t"]
        await connection.execute(text("INSERT INTO t (name) VALUES ('y')"))
        await connection.rollback()  # a write began a transaction: this one is real
        assert seen[-1] == "ROLLBACK"
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 0


# --- another process's write lock: waited for in asyncio, never on the loop's thread -----------

async def hold_the_write_lock(path, release: asyncio.Event, held: asyncio.Event) -> None:
    """Another process, as SQLite sees it: a plain sqlite3 connection in a thread of its own."""
    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            loop.call_soon_threadsafe(held.set)
            asyncio.run_coroutine_threadsafe(release.wait(), loop).result()
            other.execute("COMMIT")
        finally:
            other.close()

    loop = asyncio.get_running_loop()
    await asyncio.to_thread(hold)


async def test_a_writer_waits_for_another_process_without_stopping_the_loop(sqlite, tmp_path) -> None:
    release, held = asyncio.Event(), asyncio.Event()
    other = asyncio.create_task(hold_the_write_lock(tmp_path / "driver.db", release, held))
    await held.wait()
    loop = asyncio.get_running_loop()
    ticks: list[float] = []

    async def ticking() -> None:
        while True:
            ticks.append(loop.time())
            await asyncio.sleep(0.01)

    async def write() -> float:
        async with sqlite.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES ('w')"))
        return loop.time()

    ticker = asyncio.create_task(ticking())
    writer = asyncio.create_task(write())
    await asyncio.sleep(0.3)
    assert not writer.done()  # waiting for the lock, not failed
    release.set()  # the other process commits
    written = await writer
    await other
    ticker.cancel()
    waited = [t for t in ticks if t < written]
    assert len(waited) >= 20 and max(b - a for a, b in zip(waited, waited[1:])) < 0.1  # the loop ran on
    async with sqlite.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 1


async def test_the_wait_for_another_process_is_bounded(sqlite, tmp_path) -> None:
    sqlite.dialect.dbapi.busy_timeout = 0.2
    release, held = asyncio.Event(), asyncio.Event()
    other = asyncio.create_task(hold_the_write_lock(tmp_path / "driver.db", release, held))
    await held.wait()
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(OperationalError, match="locked"):
        async with sqlite.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES ('w')"))
    assert 0.15 < loop.time() - started < 2
    release.set()
    await other
    assert not sqlite.dialect.dbapi.turns._lock.locked()  # the failed writer gave its turn back


# --- WriteTurn: one process's write transactions queue in asyncio, not in SQLite's busy handler ---

@pytest.fixture
async def impatient(tmp_path):
    """An engine whose connections never wait for SQLite's write lock: a writer that finds it
    taken fails at once, so any wait must have happened in the turn."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}")
    engine.dialect.dbapi.busy_timeout = 0

    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


def turns_of(engine) -> WriteTurn:
    return engine.dialect.dbapi.turns


async def write_and_hold(engine, name: str, entered: asyncio.Event, release: asyncio.Event,
                         order: list[str], end: str = "commit") -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT count(*) FROM t"))  # reads never wait for a turn
        await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), {"name": name})
        order.append(name)
        entered.set()
        await release.wait()  # the transaction stays open across turns of the event loop
        await getattr(connection, end)()


async def test_writers_take_turns_in_the_order_they_asked(impatient) -> None:
    order: list[str] = []
    events = {name: (asyncio.Event(), asyncio.Event()) for name in "abc"}
    tasks = []
    for name in "abc":
        entered, release = events[name]
        tasks.append(asyncio.create_task(write_and_hold(impatient, name, entered, release, order)))
        await asyncio.sleep(0.05)  # a asks first, then b, then c
    await events["a"][0].wait()
    assert order == ["a"]  # b and c wait in the turn; with busy_timeout=0, SQLite would fail them
    for name in "abc":
        events[name][1].set()
        await asyncio.sleep(0.05)
    await asyncio.gather(*tasks)
    assert order == ["a", "b", "c"]
    async with impatient.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 3


async def test_without_turns_the_second_writer_meets_the_lock(impatient) -> None:
    """The control for the test above: the same two writers fail when the turn is skipped."""
    turns_of(impatient).take = _go_ahead  # type: ignore[method-assign]
    entered, release = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(write_and_hold(impatient, "a", entered, release, []))
    await entered.wait()
    with pytest.raises(OperationalError, match="locked"):
        await write_and_hold(impatient, "b", asyncio.Event(), asyncio.Event(), [])
    release.set()
    await first


async def _go_ahead() -> bool:
    return False


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
async def test_the_turn_comes_back_however_the_transaction_ends(impatient, end) -> None:
    turns = turns_of(impatient)
    entered, release = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(write_and_hold(impatient, "a", entered, release, [], end=end))
    await entered.wait()
    assert turns._lock.locked()
    release.set()
    await task
    assert not turns._lock.locked()


async def test_a_failed_write_outside_a_transaction_gives_the_turn_back(impatient) -> None:
    turns = turns_of(impatient)
    async with impatient.connect() as connection:
        await connection.execute(text("INSERT INTO t (name) VALUES ('a')"))
        await connection.commit()
        await asyncio.sleep(0)
        assert not turns._lock.locked()
        with pytest.raises(OperationalError):
            await connection.execute(text("INSERT INTO no_such_table VALUES (1)"))
        await asyncio.sleep(0)
        assert not turns._lock.locked()  # the statement never began a transaction


async def test_a_cancelled_writer_gives_the_turn_back_when_its_transaction_ends(impatient) -> None:
    turns = turns_of(impatient)
    entered, release = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(write_and_hold(impatient, "a", entered, release, []))
    await entered.wait()
    task.cancel()  # the connection goes back to the pool, which rolls it back
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(50):
        if not turns._lock.locked():
            break
        await asyncio.sleep(0.01)
    assert not turns._lock.locked()
    await write_and_hold(impatient, "b", asyncio.Event(), _set(asyncio.Event()), [])


def _set(flag: asyncio.Event) -> asyncio.Event:
    flag.set()
    return flag


async def test_a_turn_never_given_back_costs_a_wait_not_a_hang(impatient) -> None:
    turns = turns_of(impatient)
    turns.timeout = 0.2
    entered, release = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(write_and_hold(impatient, "a", entered, release, []))
    await entered.wait()
    # The next writer waits out the timeout, then SQLite's own locking decides (here: locked).
    with pytest.raises(OperationalError, match="locked"):
        await asyncio.wait_for(write_and_hold(impatient, "b", asyncio.Event(), asyncio.Event(), []), 5)
    release.set()
    await holder


async def test_a_task_does_not_wait_for_its_own_turn(impatient) -> None:
    """One task writing on a second connection while its first holds the turn would wait for
    itself: it goes straight to SQLite instead, as it would without turns."""
    turns_of(impatient).timeout = 10
    loop = asyncio.get_running_loop()
    async with impatient.connect() as first, impatient.connect() as second:
        await first.execute(text("INSERT INTO t (name) VALUES ('a')"))
        started = loop.time()
        with pytest.raises(OperationalError, match="locked"):  # not in this task (wait_for would make one)
            await second.execute(text("INSERT INTO t (name) VALUES ('b')"))
        assert loop.time() - started < 5  # no wait for the turn's timeout
        await first.commit()


# --- off_the_loop: background work whose statements may be long --------------------------------

async def test_off_the_loop_statements_go_to_the_thread_with_the_same_results(sqlite, trips) -> None:
    from storage.sqlite_driver import off_the_loop

    async def background() -> list[str]:
        async with sqlite.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), [{"name": "a"}, {"name": "b"}])
        async with sqlite.connect() as connection:
            return list((await connection.execute(text("SELECT name FROM t ORDER BY id"))).scalars())

    with off_the_loop():
        names = await asyncio.create_task(background())  # a task started inside the block too
    assert names == ["a", "b"]
    assert trips.count("_run_statement") == 2 and trips.count("commit") == 1
    trips.clear()
    async with sqlite.connect() as connection:  # outside the block: inline again
        assert await connection.scalar(text("SELECT count(*) FROM t")) == 2
    assert trips == []


async def test_a_slow_inline_statement_is_logged_without_its_parameters(sqlite, caplog, monkeypatch) -> None:
    import storage.sqlite_driver as driver

    monkeypatch.setattr(driver, "SLOW_STATEMENT_SECONDS", 0.0)
    with caplog.at_level("WARNING", logger="storage.sqlite_driver"):
        async with sqlite.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), {"name": "secret-word"})
    assert "held the event loop" in caplog.text and "INSERT INTO t" in caplog.text
    assert "secret-word" not in caplog.text
