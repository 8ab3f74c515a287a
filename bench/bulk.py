"""Bulk rows for the growth and memory benchmarks, written with plain SQL for speed.

The rows look like a busy helpline's: random keys and sealed bytes of the real sizes, and times
within the retention windows (the bot's housekeeping would otherwise delete them at start).
"""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import make_url

BIG_TABLES = ("users", "chat_messages", "processed_updates", "fsm_records")
CHUNK = 50_000


def _recent(rng: random.Random, now: datetime, hours: float) -> datetime:
    return now - timedelta(seconds=rng.uniform(60, hours * 3600))


def rows(table: str, count: int, seed: int = 7) -> list[tuple]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    if table == "users":
        today = date.today()
        return [(os.urandom(32), os.urandom(40), rng.choice(("en", "ru", "kk", "ug")), True,
                 today - timedelta(days=rng.randrange(365))) for _ in range(count)]
    if table == "chat_messages":
        owners = [os.urandom(32) for _ in range(max(1, count // 20))]
        return [(owners[i % len(owners)], i // len(owners) + 1, bool(rng.getrandbits(1)), _recent(rng, now, 40))
                for i in range(count)]
    if table == "processed_updates":
        return [(update_id, _recent(rng, now, 60)) for update_id in range(1, count + 1)]
    if table == "fsm_records":
        return [(os.urandom(32), os.urandom(32), os.urandom(300), _recent(rng, now, 24 * 20)) for _ in range(count)]
    raise ValueError(table)


COLUMNS = {
    "users": ("tg_key", "tg_id_sealed", "locale", "onboarded", "created_on"),
    "chat_messages": ("owner", "message_id", "from_bot", "sent_at"),
    "processed_updates": ("update_id", "received_at"),
    "fsm_records": ("key", "owner", "sealed", "updated_at"),
}


def _sqlite_value(value):
    # As SQLAlchemy stores them in SQLite.
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


async def fill(url: str, counts: dict[str, int]) -> None:
    """Insert `counts[table]` rows into each table of a migrated database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(parsed.database)
        for table, count in counts.items():
            columns = COLUMNS[table]
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for offset in range(0, count, CHUNK):
                batch = rows(table, min(CHUNK, count - offset), seed=offset)
                if table == "processed_updates":
                    batch = [(u + offset, t) for u, t in batch]
                connection.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in batch])
            connection.commit()
        connection.execute("ANALYZE")
        connection.close()
        return
    import asyncpg

    connection = await asyncpg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        for table, count in counts.items():
            for offset in range(0, count, CHUNK):
                batch = rows(table, min(CHUNK, count - offset), seed=offset)
                if table == "processed_updates":
                    batch = [(u + offset, t) for u, t in batch]
                await connection.copy_records_to_table(table, records=batch, columns=COLUMNS[table])
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
