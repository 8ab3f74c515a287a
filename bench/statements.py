"""CPU per statement: built on every call through the ORM, against built once as Core with bound
parameters (storage/repositories.py, `_statements`).

    .venv/bin/python bench/statements.py [--count 2000]

Runs each kind of statement `--count` times in one session on a fresh SQLite file (Tirek's
engine: the one-trip adapter, WAL) and prints the process CPU time per statement, which includes
the database thread's. The baseline is the way the statement was written before: a new
`select(User).where(...)` or an ORM-enabled `insert(Model).values(...)` per call.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402
from sqlalchemy.dialects.sqlite import insert as sqlite_insert  # noqa: E402

from storage.db import create_engine, create_session_factory  # noqa: E402
from storage.models import Base, ChatMessage, User  # noqa: E402
from storage.repositories import ChatMessageRepository, _statements  # noqa: E402

OWNER = b"o" * 32
KEY = b"k" * 32


async def measure(sessions, statement, count: int) -> float:
    """Microseconds of CPU per call of `statement(session, i)`, after a short warm-up."""
    async with sessions() as session:
        for i in range(50):
            await statement(session, -1 - i)
        started = time.process_time()
        for i in range(count):
            await statement(session, i)
        spent = time.process_time() - started
        await session.rollback()
    return 1e6 * spent / count


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'statements.db'}")
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        sessions = create_session_factory(engine)
        now = datetime.now(UTC)
        prebuilt = _statements("sqlite")

        async def insert_built(session, i: int) -> None:
            await session.execute(
                sqlite_insert(ChatMessage).values(owner=OWNER, message_id=i, from_bot=True, sent_at=now)
                .on_conflict_do_nothing(index_elements=[ChatMessage.owner, ChatMessage.message_id]))

        async def insert_prebuilt(session, i: int) -> None:
            await ChatMessageRepository(session).record_many([(OWNER, 10**9 + i, True, now)])

        async def select_built(session, _: int) -> None:
            await session.scalar(select(User).where(User.tg_key == KEY))

        async def select_prebuilt(session, _: int) -> None:
            (await session.execute(prebuilt.user_by_key, {"tg_key": KEY})).first()

        print(f"CPU per statement, {count} each (SQLite, one session)")
        for name, built, once in (("insert a message id", insert_built, insert_prebuilt),
                                  ("select a user by key", select_built, select_prebuilt)):
            before = await measure(sessions, built, count)
            after = await measure(sessions, once, count)
            print(f"  {name:22s} built per call {before:6.0f} us   built once {after:6.0f} us   "
                  f"ratio {after / before:.2f}x")
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    asyncio.run(main(parser.parse_args().count))
