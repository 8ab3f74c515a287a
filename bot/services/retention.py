"""Retention: closed cases, and reports with their evidence, are deleted after RETENTION_DAYS
unless the user chose to keep them. Runs once a day (the last run is kept in `job_runs`, so a
restart neither skips nor repeats a day); every process may try, the work is idempotent.

A case's topic in the volunteers' group holds copies of the user's messages: it is deleted with
the case, through the outbox (the group lane outlives the row).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.reminders import as_utc
from storage.cases import CLOSED, AuditLog
from storage.crypto import Cipher
from storage.faq_admin import FaqAdminRepository
from storage.models import Case, Evidence, Report
from storage.outbox import OutboxRepository

logger = logging.getLogger(__name__)

JOB = "retention"
EVERY = timedelta(days=1)


@dataclass(frozen=True)
class RetentionResult:
    cases: int
    reports: int


class Retention:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cipher: Cipher, clock: Callable[[], datetime],
                 days: int, wake: Callable[[], None]) -> None:
        self.sessions, self.cipher, self.clock, self.days, self.wake = sessions, cipher, clock, days, wake

    async def run_due(self) -> RetentionResult | None:
        """Deletes what is past retention, if a day has passed since the last run."""
        now = self.clock()
        async with self.sessions() as session:
            jobs = FaqAdminRepository(session)
            last = await jobs.last_run(JOB)
            if last is not None and now - as_utc(last) < EVERY:
                return None
            if not await jobs.claim_run(JOB, last, now):
                return None  # another process runs it
            result = await self._delete(session, now - timedelta(days=self.days))
            await session.commit()
        if result.cases:
            self.wake()  # topic deletions are queued
        logger.info("retention: %d cases and %d reports deleted", result.cases, result.reports)
        return result

    async def _delete(self, session: AsyncSession, cutoff: datetime) -> RetentionResult:
        # Each DELETE carries its own conditions and says what it deleted: a separate SELECT
        # first would, on PostgreSQL, delete a case the person reopened (or a report they chose
        # to keep) in between, with its new messages; the DELETE re-checks the row it deletes.
        expired = list(await session.execute(
            delete(Case).where(Case.status == CLOSED, Case.closed_at < cutoff, Case.keep.is_(False))
            .returning(Case.id, Case.topic_id)))
        outbox, audit, now = OutboxRepository(session, self.cipher), AuditLog(session), self.clock()
        for case_id, topic_id in expired:
            await audit.record(now, "case_expired", case_id=case_id)
            if topic_id is not None:
                await outbox.add("group", "delete_topic", {"thread": topic_id}, now=now)
        # A report lasts while its case is open; otherwise RETENTION_DAYS after its last change.
        open_cases = select(Case.id).where(Case.status != CLOSED)
        ids = list(await session.scalars(
            delete(Report).where(Report.updated_at < cutoff, Report.keep.is_(False),
                                 or_(Report.case_id.is_(None), Report.case_id.not_in(open_cases)))
            .returning(Report.id)))
        if ids:  # evidence explicitly, as /forget does: no backend's foreign-key setting decides
            await session.execute(delete(Evidence).where(Evidence.report_id.in_(ids)))
        return RetentionResult(len(expired), len(ids))
