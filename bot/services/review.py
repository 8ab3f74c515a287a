"""The review cycle: answers past their re-check date, listed to coordinators on demand and weekly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import I18nContext
from bot.i18n import Translator, format_date
from storage.cases import COORDINATOR, StaffRepository
from storage.crypto import Cipher, IdHasher
from storage.faq_admin import FaqAdminRepository
from storage.repositories import UserRepository
from storage.sqlite_driver import off_the_loop

logger = logging.getLogger(__name__)

WEEKLY = timedelta(days=7)
JOB = "faq-review"


async def overdue(session: AsyncSession, today: date) -> list[tuple[str, date]]:
    summaries = await FaqAdminRepository(session).summaries()
    return [(s.slug, s.recheck_by) for s in summaries if s.recheck_by is not None and s.recheck_by < today]


def review_text(i18n: I18nContext, items: list[tuple[str, date]], *, weekly: bool = False) -> str:
    if not items:
        return i18n.compose("coordinator-title", i18n("coordinator-review-none"))
    lines = [f"• <b>{slug}</b>: {format_date(i18n.locale, day)}" for slug, day in items]
    intro = i18n("coordinator-review-weekly" if weekly else "coordinator-review-list")
    return i18n.compose("coordinator-title", intro, "\n".join(lines))


class WeeklyReview:
    """Once a week, each coordinator gets the overdue list in their private chat (if it is not empty).

    The last run is kept in the database: a restart neither repeats nor skips a week. The first
    run only starts the count.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], bot: Bot, clock: Callable[[], datetime],
                 cipher: Cipher, hasher: IdHasher, translator: Translator, coordinator_ids: tuple[int, ...]) -> None:
        self.sessions, self.bot, self.clock = sessions, bot, clock
        self.cipher, self.hasher, self.translator, self.coordinator_ids = cipher, hasher, translator, coordinator_ids

    async def run_due(self) -> int:
        with off_the_loop():  # statistics over a whole week's cases (ADR 20)
            return await self._run_due()

    async def _run_due(self) -> int:
        now = self.clock()
        async with self.sessions() as session:
            repo = FaqAdminRepository(session)
            last = await repo.last_run(JOB)
            if last is not None and now - (last if last.tzinfo else last.replace(tzinfo=UTC)) < WEEKLY:
                return 0
            if not await repo.claim_run(JOB, last, now):
                return 0  # another process runs it
            await session.commit()
            if last is None:
                return 0
            items = await overdue(session, now.date())
            if not items:
                return 0
            recipients = set(self.coordinator_ids)
            staff = await StaffRepository(session, self.cipher, self.hasher).active()
            recipients |= {s.telegram_id for s in staff if s.role == COORDINATOR}
            sent = 0
            for telegram_id in sorted(recipients):
                profile = await UserRepository(session, self.cipher, self.hasher).find(telegram_id)
                locale = self.translator.resolve(profile.locale if profile else None)
                try:
                    await self.bot.send_message(telegram_id, review_text(I18nContext(self.translator, locale), items,
                                                                         weekly=True))
                    sent += 1
                except TelegramAPIError as error:  # a coordinator who never opened the chat
                    logger.warning("weekly review not delivered: %s", type(error).__name__)
            return sent
