"""SQLAlchemy's aiosqlite adapter, with SQLite's statements run on the event loop's own thread.

aiosqlite runs each SQLite connection in a thread of its own; every call is a hand-over to that
thread and back to the event loop: the thread wakes, the GIL passes to it and back, and the
answer comes through the loop's self-pipe. The bot's statements are small (every query of an
update reads or writes a few rows by an index) and take tens of microseconds in SQLite, far less
than the hand-over: with one trip per statement (this module's earlier form) the trips still cost
about a third of the bot's CPU (docs/performance.md). Here a statement, its rows and its cursor,
and every COMMIT and ROLLBACK, run inline on the loop's thread; the connection's aiosqlite thread
only opens and closes it. That is safe because of three things:

- The statements made inline are short: every query of an update and of the frequent background
  rounds (outbox, reminders, disappearing mode) reads or writes a few rows by an index
  (tests/test_query_plans.py). Work whose statements grow with the data or a backlog (the hourly
  pruning and retention, the weekly statistics) runs inside `off_the_loop()`, where statements
  go to the connection's thread as before. A statement that holds the loop for over 50 ms is
  logged (its SQL, never its parameters), and so is a COMMIT that does (its automatic WAL
  checkpoint runs there).
- SQLite never sleeps on the loop: connections have no busy timeout, so a statement that finds
  the database locked by another process fails at once with SQLITE_BUSY, and `_with_busy_retry`
  waits in asyncio and tries again (1, 2, 4 ... 50 ms apart) for up to `busy_timeout` seconds,
  as SQLite's own busy handler would have on a thread. SQLITE_BUSY_SNAPSHOT and other errors are
  raised at once, as SQLite raises them without calling its busy handler.
- `WriteTurn`: the write transactions of one process queue in asyncio and get SQLite's write
  lock in the order they asked, the moment it is free, so writers of one process never meet the
  lock at all. A connection takes the turn before a statement that can write while it has none,
  and gives it back after whichever of its operations (statement, COMMIT, ROLLBACK, close)
  leaves SQLite with no open transaction, as SQLite itself reports it: no SQLAlchemy event has
  to fire for the turn to come back.

A COMMIT or ROLLBACK with nothing to end (every read-only session ends with a ROLLBACK) is
skipped, as pysqlite itself would do nothing. The adapter uses aiosqlite's private `_conn` (the
sqlite3 connection), hence the version bound in pyproject.toml; tests/test_sqlite_driver.py
checks the results, that no statement goes to the thread unless asked, the busy wait and the
turns.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

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


SLOW_STATEMENT_SECONDS = 0.05
BUSY_TIMEOUT = 30.0  # seconds a statement waits for another process's write lock
_BUSY_SNAPSHOT = sqlite3.SQLITE_BUSY | (2 << 8)
_T = TypeVar("_T")


def _run_statement(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> tuple:
    """The whole statement, its rows read and its cursor closed."""
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


async def _run(connection: aiosqlite.Connection, sql: str, work: Callable[..., _T], *args: Any) -> _T:
    """`work(*args)` on the loop's thread, timed; inside `off_the_loop()`, on the connection's own
    thread. `sql` names it in the log when it holds the loop too long: the statement's SQL (or
    COMMIT, whose automatic WAL checkpoint runs here), never its parameters."""
    if _off_the_loop.get():
        return await connection._execute(work, *args)
    started = time.perf_counter()
    try:
        return work(*args)
    finally:
        held = time.perf_counter() - started
        if held > SLOW_STATEMENT_SECONDS:
            log.warning("SQLite statement held the event loop for %.0f ms: %.120s", held * 1000, sql)


def _busy(error: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or one of its extended codes, but SQLITE_BUSY_SNAPSHOT: this transaction's
    snapshot is older than the database, which no wait can mend (SQLite raises it at once too)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY and code != _BUSY_SNAPSHOT


_off_the_loop: ContextVar[bool] = ContextVar("tirek_sqlite_off_the_loop", default=False)


@contextmanager
def off_the_loop() -> Iterator[None]:
    """SQLite statements made inside this block (and the tasks it starts) go to their
    connection's own thread, as before ADR 20: for background work whose statements grow with
    the data or a backlog (pruning, retention, statistics), so the loop goes on meanwhile."""
    token = _off_the_loop.set(True)
    try:
        yield
    finally:
        _off_the_loop.reset(token)


async def _with_busy_retry(timeout: float, operation: Callable[[], Awaitable[_T]]) -> _T:
    """`operation`; while another process holds the write lock (SQLITE_BUSY), tried again after
    a sleep in asyncio, for up to `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = None
    pause = 0.001
    while True:
        try:
            return await operation()
        except sqlite3.OperationalError as error:
            if not _busy(error):
                raise
            deadline = deadline if deadline is not None else loop.time() + timeout
            if loop.time() + pause > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.05)


class InlineCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_rowcount", "_lastrowid")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor: each statement opens and closes its own sqlite3 cursor.
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
        return None  # nothing is left open

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._run(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._run(operation, seq_of_parameters, many=True)

    def _run(self, operation: Any, parameters: Any, many: bool) -> None:
        try:
            await_only(self._statement(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _statement(self, operation: Any, parameters: Any, many: bool) -> None:
        adapted: InlineConnection = self._adapt_connection  # type: ignore[assignment]
        if adapted._turn_loop is None and not operation.lstrip()[:6].upper().startswith(_READ_ONLY):
            await adapted._take_turn()
        connection = self._connection
        try:
            self._description, rows, self._rowcount, self._lastrowid = await _with_busy_retry(
                adapted._dbapi.busy_timeout,
                lambda: _run(connection, operation, _run_statement, connection._conn, operation, parameters, many))
        finally:
            adapted._give_back_turn()
        self._rows = collections.deque(rows)


class InlineConnection(AsyncAdapt_aiosqlite_connection):
    """Also skips a COMMIT or ROLLBACK with nothing to do: every session ends with a ROLLBACK,
    most after only reading, and pysqlite itself does nothing then."""

    __slots__ = ("_dbapi", "_turns", "_turn_loop")
    _cursor_cls = InlineCursor

    def __init__(self, dbapi: InlineDbapi, connection: aiosqlite.Connection) -> None:
        super().__init__(dbapi, connection)
        self._dbapi = dbapi
        self._turns = dbapi.turns
        # Set while this connection holds the write turn: the loop to give it back on.
        self._turn_loop: asyncio.AbstractEventLoop | None = None

    async def _take_turn(self) -> None:
        if await self._turns.take():
            self._turn_loop = asyncio.get_running_loop()

    def _give_back_turn(self, gone: bool = False) -> None:
        """After an operation that left no transaction open, or when the connection is `gone`."""
        loop = self._turn_loop
        if loop is None:
            return
        if gone or self._nothing_to_end():
            self._turn_loop = None
            self._turns.give_back(loop)

    def _nothing_to_end(self) -> bool:
        sqlite = self._connection._connection
        return sqlite is None or not sqlite.in_transaction

    def rollback(self) -> None:
        if not self._nothing_to_end():
            self._end("rollback")

    def commit(self) -> None:
        if not self._nothing_to_end():
            self._end("commit")

    def _end(self, how: str) -> None:
        try:
            await_only(self._end_inline(how))
        except Exception as error:
            self._handle_exception(error)

    async def _end_inline(self, how: str) -> None:
        connection = self._connection
        try:
            await _with_busy_retry(self._dbapi.busy_timeout,
                                   lambda: _run(connection, how.upper(), getattr(connection._conn, how)))
        finally:
            self._give_back_turn()

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


class InlineDbapi(AsyncAdapt_aiosqlite_dbapi):
    """Pass as `module=` to create_async_engine for a `sqlite+aiosqlite://` URL. One per
    engine: its connections share one `WriteTurn` and wait up to `busy_timeout` seconds for
    another process's write lock."""

    def __init__(self, aiosqlite: Any, sqlite: Any, busy_timeout: float) -> None:
        super().__init__(aiosqlite, sqlite)
        self.busy_timeout = busy_timeout
        self.turns = WriteTurn(busy_timeout)

    def connect(self, *args: Any, **kwargs: Any) -> InlineConnection:
        # As SQLAlchemy's AsyncAdapt_aiosqlite_dbapi.connect, with our connection class. The
        # sqlite3 connection is opened on aiosqlite's thread and used on the loop's: it must not
        # check the thread; and SQLite must never sleep in its busy handler on the loop.
        kwargs.update(check_same_thread=False, timeout=0)
        connection = self.aiosqlite.connect(*args, **kwargs)
        connection._thread.daemon = True
        return InlineConnection(self, await_only(connection))


def inline_dbapi(busy_timeout: float = BUSY_TIMEOUT) -> InlineDbapi:
    return InlineDbapi(aiosqlite, sqlite3, busy_timeout)
