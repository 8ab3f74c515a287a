"""SQLAlchemy's aiosqlite adapter, with one trip to the database thread per statement.

aiosqlite runs each SQLite connection in a thread of its own; every call is a hand-over to that
thread and back to the event loop. SQLAlchemy's adapter makes four per SELECT (open a cursor,
execute, fetch all, close) and three per INSERT, UPDATE or DELETE: about 50 per update, which
with the thread wake-ups and the GIL passing back and forth was a large share of the bot's CPU
(bench/throughput.py, docs/performance.md). `OneTripCursor` does the four in one function on
that thread. It uses aiosqlite's `_execute` (queue a function on the connection's thread, which
all of aiosqlite's own methods go through) and `_conn`, hence the version bound in
pyproject.toml; tests/test_sqlite_driver.py checks the trips and the results.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import await_only


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
        adapted._finished += 1  # only ever written on this thread


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

    __slots__ = ("_started", "_finished")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: aiosqlite.Connection) -> None:
        super().__init__(dbapi, connection)
        self._started = self._finished = 0

    def _nothing_to_end(self) -> bool:
        sqlite = self._connection._connection
        return (sqlite is not None and self._started == self._finished and self._connection._tx.empty()
                and not sqlite.in_transaction)

    def rollback(self) -> None:
        if not self._nothing_to_end():
            super().rollback()

    def commit(self) -> None:
        if not self._nothing_to_end():
            super().commit()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """Pass as `module=` to create_async_engine for a `sqlite+aiosqlite://` URL."""

    def connect(self, *args: Any, **kwargs: Any) -> OneTripConnection:
        # As SQLAlchemy's AsyncAdapt_aiosqlite_dbapi.connect, with our connection class.
        connection = self.aiosqlite.connect(*args, **kwargs)
        connection._thread.daemon = True
        return OneTripConnection(self, await_only(connection))


def one_trip_dbapi() -> OneTripDbapi:
    return OneTripDbapi(aiosqlite, sqlite3)
