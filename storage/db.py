"""Engine and session factory; SQLite gets WAL, foreign keys and secure deletion."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.sqlite_driver import inline_dbapi

# One update can hold two connections at once (its own session, and the dialog state store's),
# and the outbox, reminder and case loops hold some too. bot/ordering.py caps concurrent updates
# (MAX_CONCURRENT_UPDATES) so that the pool below can never be exhausted by updates waiting
# for each other's connections: that was a deadlock under load, ended only by pool timeouts.
POOL = {"pool_size": 20, "max_overflow": 20, "pool_timeout": 30}


def create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, **POOL)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, module=inline_dbapi(), **POOL)

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no branch - trivial
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Overwrite deleted content with zeros so erased rows do not linger in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


# Any constant, the same in every process: "tirk".
_STARTUP_LOCK = 0x7469726B


@asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """Several processes starting at once on PostgreSQL migrate and seed one after another.
    SQLite serves one machine and serializes writers itself."""
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as connection:
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _STARTUP_LOCK})
        try:
            yield
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _STARTUP_LOCK})
