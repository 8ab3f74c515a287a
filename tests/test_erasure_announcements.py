"""/forget while an announcement is still queued for the user: it counts as not delivered, so the
coordinator still gets the final report (bot/services/erasure.py)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.i18n import Translator
from bot.services.announcements import AnnouncementService, record_outcome, report_text
from bot.services.erasure import ErasureService
from storage.announcements import AnnouncementRepository
from storage.cases import COORDINATOR, StaffRepository
from storage.crypto import Cipher, IdHasher
from storage.db import create_session_factory
from storage.models import OutboxMessage
from storage.outbox import OutboxRepository
from storage.privacy import PrivacyRepository
from storage.repositories import UserRepository

STAYING, LEAVING, COORDINATOR_ID = 710100001, 710100002, 710100099


async def announced(sessions, cipher: Cipher, hasher: IdHasher, now: datetime, telegram_ids: tuple[int, ...]):
    """Users who chose announcements, and a coordinator's announcement queued for each of them:
    (their profiles, the coordinator, the announcement)."""
    async with sessions() as session:
        users, profiles = UserRepository(session, cipher, hasher), []
        for telegram_id in telegram_ids:
            profiles.append(user := await users.get_or_create(telegram_id, now.date()))
            await users.set_locale(user.id, "en")
            await PrivacyRepository(session, hasher).set_announcements(user.id, True)
        staff = await StaffRepository(session, cipher, hasher).enroll(COORDINATOR_ID, COORDINATOR, now.date())
        await session.commit()
        entry = await AnnouncementService(session, cipher, lambda: now).send("en", "Hello", staff.id, "en")
    return profiles, staff, entry


async def test_forget_while_queued_still_gives_the_coordinator_the_final_report(engine) -> None:
    sessions = create_session_factory(engine)
    cipher, hasher, translator = Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)), Translator()
    now = datetime.now(UTC)
    (staying, _), staff, entry = await announced(sessions, cipher, hasher, now, (STAYING, LEAVING))
    assert entry is not None and entry.total == 2

    # The leaving user has no recent message ids, so the bot is never called.
    await ErasureService(sessions, cipher, hasher, translator, lambda: now).erase(None, LEAVING)  # type: ignore[arg-type]

    async with sessions() as session:
        counted = await AnnouncementRepository(session).get(entry.id)
        assert counted is not None and (counted.delivered, counted.failed) == (0, 1)
        outbox = OutboxRepository(session, cipher)
        [remaining] = await outbox.of_user(staying.id)  # the leaving user's row went with them
        item = await outbox.get(remaining)
        assert item is not None
        # The staying user's delivery, as bot/services/delivery.py finishes it.
        assert await outbox.lease(remaining, "worker", now, now + timedelta(minutes=1))
        assert await outbox.finish(remaining, "worker")
        await record_outcome(session, outbox, cipher, translator, item, True, now)
        await session.commit()
        finished = await AnnouncementRepository(session).get(entry.id)
        assert finished is not None and (finished.delivered, finished.failed, finished.total) == (1, 1, 2)
        queued = [await outbox.get(i) for i in await session.scalars(select(OutboxMessage.id))]
    assert [(q.lane, q.payload["chat_id"], q.payload["text"]) for q in queued if q] == [
        (f"staff:{staff.id}", COORDINATOR_ID, report_text(translator, finished))]


async def test_forget_while_the_copy_is_being_sent_still_counts_it(engine) -> None:
    """The delivery holds the row's lease (it is sending it) when /forget runs: erasure counts it,
    as the delivery then finds the row gone and records nothing (found by a reviewer)."""
    sessions = create_session_factory(engine)
    cipher, hasher, translator = Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32)), Translator()
    now = datetime.now(UTC)
    (user,), staff, entry = await announced(sessions, cipher, hasher, now, (LEAVING,))
    async with sessions() as session:
        [row] = await OutboxRepository(session, cipher).of_user(user.id)
        assert await OutboxRepository(session, cipher).lease(row, "worker", now, now + timedelta(minutes=2))
        await session.commit()
    await ErasureService(sessions, cipher, hasher, translator, lambda: now).erase(None, LEAVING)  # type: ignore[arg-type]
    async with sessions() as session:
        assert not await OutboxRepository(session, cipher).finish(row, "worker")  # as Delivery._record sees it
        counted = await AnnouncementRepository(session).get(entry.id)
        assert counted is not None and (counted.delivered, counted.failed, counted.total) == (0, 1, 1)
        queued = [await OutboxRepository(session, cipher).get(i) for i in await session.scalars(select(OutboxMessage.id))]
    assert [(q.lane, q.payload["chat_id"]) for q in queued if q] == [(f"staff:{staff.id}", COORDINATOR_ID)]
