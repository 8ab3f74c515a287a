"""The reminder scheduler: staged plans, delivery exactly once across processes and restarts.

The scheduler is driven by `run_due(now)` with a moved clock; nothing sleeps. Sending goes to a
fake that records messages (and can act like a user who blocked the bot).
"""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, date, datetime, timedelta

import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.i18n import Translator
from bot.services.papers import PaperService, ReminderSettings, plan
from bot.services.reminders import BATCH, MAX_ATTEMPTS, ReminderAction, ReminderScheduler
from storage.crypto import Cipher, IdHasher
from storage.db import create_session_factory
from storage.models import Reminder
from storage.papers import ReminderRepository
from storage.repositories import UserRepository

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
EXPIRES = date(2026, 12, 31)
TRANSLATOR = Translator()


@pytest.fixture
def cipher() -> Cipher:
    return Cipher([("k1", os.urandom(32))])


class FakeSender:
    def __init__(self, *, fail: type[Exception] | None = None, delay: float = 0.0) -> None:
        self.sent: list[tuple[int, str, object]] = []
        self.fail, self.delay = fail, delay

    async def send_message(self, chat_id: int, text: str, reply_markup=None):
        await asyncio.sleep(self.delay)
        if self.fail is TelegramForbiddenError:
            raise TelegramForbiddenError(SendMessage(chat_id=chat_id, text=text), "Forbidden: bot was blocked by the user")
        if self.fail is TelegramNetworkError:
            raise TelegramNetworkError(SendMessage(chat_id=chat_id, text=text), "connection reset")
        self.sent.append((chat_id, text, reply_markup))


async def add_user_with_paper(engine, cipher, telegram_id: int = 700001, *, locale: str = "en") -> int:
    sessions = create_session_factory(engine)
    async with sessions() as session:
        users = UserRepository(session, cipher, IdHasher(b"p" * 32))
        profile = await users.get_or_create(telegram_id, NOW.date())
        await users.set_locale(profile.id, locale)
        await session.commit()
        paper = await PaperService(session, cipher, lambda: NOW).add(profile.id, "asylum-seeker", EXPIRES, "Almaty")
    return paper.id


def scheduler(engine, cipher, sender, owner: str) -> ReminderScheduler:
    return ReminderScheduler(create_session_factory(engine), sender, lambda: NOW, owner, cipher=cipher, translator=TRANSLATOR)


async def statuses(engine) -> list[tuple[int, str, int]]:
    async with create_session_factory(engine)() as session:
        rows = await session.execute(select(Reminder.stage, Reminder.status, Reminder.attempts).order_by(Reminder.due_at))
        return [tuple(r) for r in rows]


def test_plan_is_at_ten_local_time_and_skips_past_stages() -> None:
    settings = ReminderSettings((30, 7, 1), "Asia/Almaty")
    stages = plan(EXPIRES, settings, NOW)
    assert [s for s, _ in stages] == [30, 7, 1]
    # 10:00 in Almaty (UTC+5 since March 2024) is 05:00 UTC.
    assert stages[0][1] == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    assert [s for s, _ in plan(date(2026, 11, 26), settings, NOW)] == [1]
    toronto = plan(EXPIRES, ReminderSettings((1,), "America/Toronto"), NOW)
    assert toronto == [(1, datetime(2026, 12, 30, 15, 0, tzinfo=UTC))]


async def test_due_reminders_are_delivered_once_with_a_neutral_first_line(engine, cipher) -> None:
    await add_user_with_paper(engine, cipher)
    sender = FakeSender()
    bot = scheduler(engine, cipher, sender, "a")
    assert await bot.run_due(NOW) == 0  # nothing due yet
    assert await bot.run_due(datetime(2026, 12, 1, 5, 0, tzinfo=UTC)) == 1
    assert await bot.run_due(datetime(2026, 12, 1, 6, 0, tzinfo=UTC)) == 0  # not twice
    chat_id, text, markup = sender.sent[0]
    assert chat_id == 700001
    assert text.split("\n")[0] == "<b>Tirek · a date to remember</b>"
    assert "Asylum-seeker certificate" in text and "30 days left" in text
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert all(len(d.encode()) <= 64 for d in data)
    assert ReminderAction.unpack(data[0]).action == "t"
    assert await bot.run_due(datetime(2027, 1, 1, tzinfo=UTC)) == 2  # 7 days and 1 day, late but delivered
    assert [s for _, s, _ in await statuses(engine)] == ["sent", "sent", "sent"]


async def test_two_processes_racing_send_each_reminder_once(engine, cipher) -> None:
    for n in range(4):
        await add_user_with_paper(engine, cipher, 700100 + n)
    sender = FakeSender(delay=0.01)
    a, b = scheduler(engine, cipher, sender, "a"), scheduler(engine, cipher, sender, "b")
    later = datetime(2027, 1, 1, tzinfo=UTC)
    sent = await asyncio.gather(a.run_due(later), b.run_due(later), a.run_due(later), b.run_due(later))
    assert sum(sent) == 12
    ids = [ReminderAction.unpack(markup.inline_keyboard[0][0].callback_data).id for _, _, markup in sender.sent]
    assert len(ids) == 12 and len(set(ids)) == 12
    assert all(status == "sent" and attempts == 1 for _, status, attempts in await statuses(engine))


async def test_a_send_slower_than_the_lease_is_not_taken_over(engine, cipher) -> None:
    """A live process whose send outlasts its lease (a starved CPU, a 429 waited out) keeps the
    reminder: another process looking meanwhile does not send it a second time."""
    await add_user_with_paper(engine, cipher)
    start, began = datetime(2026, 12, 1, 5, 0, tzinfo=UTC), asyncio.get_running_loop().time()

    def moving() -> datetime:  # real time from the moment the reminder is due
        return start + timedelta(seconds=asyncio.get_running_loop().time() - began)

    sessions, lease = create_session_factory(engine), timedelta(seconds=1)
    slow, quick = FakeSender(delay=3.0), FakeSender()
    a = ReminderScheduler(sessions, slow, moving, "a", cipher=cipher, translator=TRANSLATOR, lease=lease)
    b = ReminderScheduler(sessions, quick, moving, "b", cipher=cipher, translator=TRANSLATOR, lease=lease)
    first = asyncio.create_task(a.run_due())
    await asyncio.sleep(2.0)  # A is still sending, twice its lease after taking the reminder
    assert await b.run_due() == 0
    assert await first == 1
    assert len(slow.sent) == 1 and quick.sent == []


async def test_one_round_delivers_more_than_one_batch(engine, cipher) -> None:
    """A fan-out of thousands is sent in one round, not one batch per reminder interval."""
    users = BATCH // 3 + 5  # three reminders a paper
    for n in range(users):
        await add_user_with_paper(engine, cipher, 700200 + n)
    sender = FakeSender()
    assert await scheduler(engine, cipher, sender, "a").run_due(datetime(2027, 1, 1, tzinfo=UTC)) == 3 * users > BATCH
    assert len({chat_id for chat_id, _, _ in sender.sent}) == users and len(sender.sent) == 3 * users


async def test_restart_between_due_and_delivery_delivers_once(engine, cipher) -> None:
    await add_user_with_paper(engine, cipher)
    due = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    # Process A claims the reminder, then dies before sending (the claim is all that is left).
    async with create_session_factory(engine)() as session:
        repo = ReminderRepository(session)
        [first] = await repo.due_ids(due, 10)
        assert await repo.claim(first, "dead", due, due + timedelta(minutes=2))
        await session.commit()
    sender = FakeSender()
    restarted = scheduler(engine, cipher, sender, "restarted")
    assert await restarted.run_due(due + timedelta(minutes=1)) == 0  # A's lease still holds
    assert await restarted.run_due(due + timedelta(minutes=3)) == 1  # the lease ran out
    assert await scheduler(engine, cipher, sender, "another").run_due(due + timedelta(minutes=10)) == 0
    assert len(sender.sent) == 1
    # A restart after the reminder was due but before any round: delivered by the new process.
    again = scheduler(engine, cipher, sender, "after-restart")
    assert await again.run_due(datetime(2026, 12, 24, 5, 0, tzinfo=UTC)) == 1
    assert len(sender.sent) == 2


async def test_a_user_who_blocked_the_bot_is_not_retried(engine, cipher) -> None:
    await add_user_with_paper(engine, cipher)
    blocked = scheduler(engine, cipher, FakeSender(fail=TelegramForbiddenError), "a")
    assert await blocked.run_due(datetime(2026, 12, 1, 5, 0, tzinfo=UTC)) == 0
    assert (await statuses(engine))[0][:2] == (30, "failed")
    sender = FakeSender()
    assert await scheduler(engine, cipher, sender, "b").run_due(datetime(2026, 12, 1, 6, 0, tzinfo=UTC)) == 0
    assert sender.sent == []


async def test_network_errors_are_retried_after_the_lease_then_given_up(engine, cipher) -> None:
    await add_user_with_paper(engine, cipher)
    flaky = scheduler(engine, cipher, FakeSender(fail=TelegramNetworkError), "a")
    moment = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    for _ in range(MAX_ATTEMPTS):
        await flaky.run_due(moment)
        moment += timedelta(minutes=3)
    assert (await statuses(engine))[0] == (30, "failed", MAX_ATTEMPTS)


async def test_new_date_and_settings_replan_and_stop_cancels(engine, cipher) -> None:
    paper_id = await add_user_with_paper(engine, cipher)
    sessions = create_session_factory(engine)
    async with sessions() as session:
        service = PaperService(session, cipher, lambda: NOW)
        [paper] = await service.list(1)
        await service.save_settings(paper.user_id, ReminderSettings((14, 2), "Europe/Berlin"))
        assert [(s, st) for s, st, _ in await statuses(engine)] == [(14, "pending"), (2, "pending")]
        await service.update(paper.user_id, paper_id, expires=date(2027, 6, 1))
        pending = await service.reminders.for_paper(paper_id)
        assert [r.due_at.date() for r in pending] == [date(2027, 5, 18), date(2027, 5, 30)]
        await service.stop(await service.get(paper.user_id, paper_id))
        assert {st for _, st, _ in await statuses(engine)} == {"cancelled"}
        assert await service.get(paper.user_id + 1, paper_id) is None  # another user's id: nothing



async def test_key_rotation_reseals_papers_and_settings(engine) -> None:
    from storage.rotation import rotate_keys

    old, new = ("old", os.urandom(32)), ("new", os.urandom(32))
    paper_id = await add_user_with_paper(engine, Cipher([old]))
    sessions = create_session_factory(engine)
    async with sessions() as session:
        await PaperService(session, Cipher([old]), lambda: NOW).save_settings(1, ReminderSettings((5,), "Asia/Bishkek"))
    report = await rotate_keys(sessions, Cipher([new, old]))
    assert report.columns["papers.sealed"].resealed == 1 and report.columns["user_settings.sealed"].resealed == 1
    async with sessions() as session:
        service = PaperService(session, Cipher([new]), lambda: NOW)  # the old key is no longer needed
        assert (await service.get(1, paper_id)).place == "Almaty"
        assert await service.settings(1) == ReminderSettings((5,), "Asia/Bishkek")
