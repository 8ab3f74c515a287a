"""The queries that run every few seconds in the background find their rows through an index:
none scans a table that grows with use. On SQLite their statements run on the event loop's
thread (ADR 20), so a scan of a million rows would stop the whole bot for seconds each round.

Read from SQLite's own EXPLAIN QUERY PLAN for the statements the repositories actually send.
PostgreSQL plans by statistics, which an empty test database does not have; its growth is
measured by bench/growth.py."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from storage.outbox import OutboxRepository
from storage.papers import ReminderRepository
from storage.privacy import PrivacyRepository

# Tables that grow with use. Not the outbox: a queue, whose rows go once sent; its round reads
# one entry of its (lane, id) index per waiting message.
GROWING = ("chat_messages", "users", "processed_updates", "fsm_records", "reminders", "privacy_settings")


@asynccontextmanager
async def sent_statements(engine):
    """The (SQL, parameters) of every statement sent inside the block."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def plans(engine, sent) -> list[str]:
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).dbapi_connection._connection._conn
        return [" / ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                for sql, params in sent]


def scans(plan: str) -> list[str]:
    """The growing tables the plan reads whole (a SCAN ... USING INDEX still reads every row)."""
    return [step for step in plan.split(" / ") if step.startswith("SCAN ") and step.split()[1] in GROWING]


@pytest.fixture
def sqlite_engine(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's EXPLAIN QUERY PLAN")
    return engine


@pytest.mark.parametrize("query", ["disappearing", "reminders", "outbox"])
async def test_background_rounds_use_indexes(sqlite_engine, query) -> None:
    from sqlalchemy.ext.asyncio import AsyncSession

    now = datetime.now(UTC)
    async with AsyncSession(sqlite_engine) as session, sent_statements(sqlite_engine) as sent:
        if query == "disappearing":
            await PrivacyRepository(session, hasher=None).due(now)  # type: ignore[arg-type]
        elif query == "reminders":
            await ReminderRepository(session).due_ids(now, 50)
        else:
            await OutboxRepository(session, cipher=None).due_heads(now, 200)  # type: ignore[arg-type]
    assert sent
    for sql, plan in zip((s for s, _ in sent), await plans(sqlite_engine, sent), strict=True):
        assert not scans(plan), f"{plan}\n{sql}"
