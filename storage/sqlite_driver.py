"""SQLAlchemy's aiosqlite adapter, with one trip to the database thread per statement.

aiosqlite runs each SQLite connection in a thread of its own; every call is a hand-over to that
thread and back to the event loop. SQLAlchemy's adapter makes four per SELECT (open a cursor,
execute, fetch all, close) and three per INSERT, UPDATE or DELETE: about 50 per update, which
with the thread wake-ups and the GIL passing back and forth was a large share of the bot's CPU
(bench/throughput.py, docs/performance.md). `OneTripCursor` does the four in one function on
that thread. It uses aiosqlite's `_execute` (queue a function on the connection's thread, which
all of aiosqlite's own methods go through) and `_conn`, hence the version bound in
pyproject.toml; tests/test_sqlite_driver.py checks the trips and the results.

`WriteTurn`: SQLite has one writer at a time. A connection that finds the write lock taken
sleeps in SQLite's busy handler (1, 2, 5 ... 100 ms between tries, in no order), so under load
the lock sat idle while writers slept, and waits of a second were common (docs/performance.md).
Here the write transactions of one process queue in asyncio instead and get the lock in the
order they asked, the moment it is free. A connection takes the turn before a statement that
can write while it has none, and gives it back after whichever of its operations (statement,
COMMIT, ROLLBACK, close) leaves SQLite with no open transaction, as SQLite itself reports it on
the connection's thread: no SQLAlchemy event has to fire for the turn to come back.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import await_only

log = logging.getLogger(__name__)

# Statements that never take SQLite's write lock; any other may (INSERT, UPDATE, DELETE, DDL,
# SAVEPOINT, BEGIN).
_READ_ONLY = ("SELECT", "PRAGMA")


class WriteTurn:
    """One process's SQLite write transactions, one at a time, first come first served.

    Waiting for a turn is bounded by `timeout` (SQLite's busy timeout): past it the statement
    goes ahead and SQLite's own locking decides, as it would without turns. So a turn that is
    never given back (a leaked connection, which would hold SQLite's lock just the same) costs
    a wait, never a hang. A task that already holds the turn on another connection does not
    wait for itself: SQLite decides there too."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._holder_task: asyncio.Task | None = None

    def _lock_for(self, loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
        if self._loop is not loop:  # an engine used from a new event loop (tests)
            self._lock, self._loop, self._holder_task = asyncio.Lock(), loop, None
        assert self._lock is not None
        return self._lock

    async def take(self) -> bool:
        """True once the turn is ours; False when the statement should go ahead without it."""
        task = asyncio.current_task()
        lock = self._lock_for(asyncio.get_running_loop())
        if lock.locked() and task is not None and task is self._holder_task:
            return False
        try:
            await asyncio.wait_for(lock.acquire(), self.timeout)
        except TimeoutError:
            log.warning("no SQLite write turn after %.0f s; SQLite's own locking decides", self.timeout)
            return False
        self._holder_task = task
        return True

    def give_back(self, loop: asyncio.AbstractEventLoop) -> None:
        if loop is self._loop and self._lock is not None and self._lock.locked():
            self._holder_task = None
            self._lock.release()


def _trip(adapted: OneTripConnection, connection: sqlite3.Connection, operation: str, parameters: Any,
          many: bool) -> tuple:
    """On the connection's thread: the whole statement, its rows read and its cursor closed."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()
        _finish(adapted, connection)


def _end(adapted: OneTripConnection, connection: sqlite3.Connection, how: str) -> None:
    """On the connection's thread: COMMIT or ROLLBACK."""
    try:
        getattr(connection, how)()
    finally:
        _finish(adapted, connection)


def _finish(adapted: OneTripConnection, connection: sqlite3.Connection) -> None:
    adapted._finished += 1  # only ever written on this thread
    loop = adapted._turn_loop
    if loop is not None and not connection.in_transaction:
        try:
            loop.call_soon_threadsafe(adapted._give_back_turn)
        except RuntimeError:  # the loop has closed: no one is left to wait for the turn
            pass


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_rowcount", "_lastrowid")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor: each statement opens and closes its own on the thread.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:  # type: ignore[override]
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _async_soft_close(self) -> None:
        return None  # nothing is open on the thread

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._run(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._run(operation, seq_of_parameters, many=True)

    def _run(self, operation: Any, parameters: Any, many: bool) -> None:
        try:
            await_only(self._trip(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        adapted = self._adapt_connection
        if adapted._turn_loop is None and not operation.lstrip()[:6].upper().startswith(_READ_ONLY):
            await adapted._take_turn()
        async with adapted._execute_mutex:
            sqlite = self._connection._conn
            adapted._started += 1  # only ever written on the event loop's thread
            self._description, rows, self._rowcount, self._lastrowid = await self._connection._execute(
                _trip, adapted, sqlite, operation, parameters, many)
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Also skips the trip for a COMMIT or ROLLBACK with nothing to do: every session ends with a
    ROLLBACK, most after only reading, and pysqlite itself does nothing then. "Nothing to do"
    is decided only when no statement of this connection is queued or running on its thread
    (one still running, say after its caller was cancelled, may yet begin a transaction)."""

    __slots__ = ("_started", "_finished", "_turns", "_turn_loop")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: aiosqlite.Connection, turns: WriteTurn) -> None:
        super().__init__(dbapi, connection)
        self._started = self._finished = 0
        self._turns = turns
        # Set while this connection holds the write turn: the loop to give it back on.
        self._turn_loop: asyncio.AbstractEventLoop | None = None

    async def _take_turn(self) -> None:
        if await self._turns.take():
            self._turn_loop = asyncio.get_running_loop()

    def _give_back_turn(self, gone: bool = False) -> None:
        """On the event loop, after an operation left no transaction open, or the connection is
        `gone`. A later operation already queued may begin one again: then the turn stays, and
        its own end gives it back."""
        loop = self._turn_loop
        if loop is None:
            return
        if gone or self._connection._connection is None or self._nothing_to_end():
            self._turn_loop = None
            self._turns.give_back(loop)

    def _nothing_to_end(self) -> bool:
        sqlite = self._connection._connection
        return (sqlite is not None and self._started == self._finished and self._connection._tx.empty()
                and not sqlite.in_transaction)

    def rollback(self) -> None:
        if not self._nothing_to_end():
            self._end("rollback")

    def commit(self) -> None:
        if not self._nothing_to_end():
            self._end("commit")

    def _end(self, how: str) -> None:
        try:
            await_only(self._end_trip(how))
        except Exception as error:
            self._handle_exception(error)

    async def _end_trip(self, how: str) -> None:
        self._started += 1
        await self._connection._execute(_end, self, self._connection._conn, how)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._give_back_turn(gone=True)  # the connection is gone: nothing of it holds SQLite's lock

    def _terminate_force_close(self) -> None:
        try:
            super()._terminate_force_close()
        finally:
            self._give_back_turn(gone=True)


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """Pass as `module=` to create_async_engine for a `sqlite+aiosqlite://` URL. One per
    engine: its connections share one `WriteTurn`."""

    def __init__(self, aiosqlite: Any, sqlite: Any, turn_timeout: float) -> None:
        super().__init__(aiosqlite, sqlite)
        self.turns = WriteTurn(turn_timeout)

    def connect(self, *args: Any, **kwargs: Any) -> OneTripConnection:
        # As SQLAlchemy's AsyncAdapt_aiosqlite_dbapi.connect, with our connection class.
        connection = self.aiosqlite.connect(*args, **kwargs)
        connection._thread.daemon = True
        return OneTripConnection(self, await_only(connection), self.turns)


def one_trip_dbapi(turn_timeout: float = 30.0) -> OneTripDbapi:
    return OneTripDbapi(aiosqlite, sqlite3, turn_timeout)
