"""Periodic jobs (retention, the weekly review) run once per period however many processes look."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import create_session_factory
from storage.faq_admin import FaqAdminRepository

JOB = "weekly-review"


async def both_read_then_both_claim(sessions, at: datetime) -> list[bool]:
    """Two processes read the same last run, then each tries to move it on to `at`."""
    async with sessions() as first, sessions() as second:
        last = [await FaqAdminRepository(s).last_run(JOB) for s in (first, second)]
        assert last[0] == last[1]
        results = []
        for session, seen in zip((first, second), last, strict=True):
            results.append(await FaqAdminRepository(session).claim_run(JOB, seen, at))
            await session.commit()
        return results


async def test_only_one_process_claims_each_run(engine) -> None:
    sessions = create_session_factory(engine)
    start = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    assert await both_read_then_both_claim(sessions, start) == [True, False]  # the very first run
    assert await both_read_then_both_claim(sessions, start + timedelta(days=7)) == [True, False]
    async with sessions() as session:
        last = await FaqAdminRepository(session).last_run(JOB)
    assert last.replace(tzinfo=last.tzinfo or UTC) == start + timedelta(days=7)  # SQLite returns it naive
