"""Retention: closed cases (with their topic) and reports (with their evidence) go after
RETENTION_DAYS, a report the user chose to keep stays, and the job runs once a day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.models import Case, Evidence, Report
from storage.reports import ReportRepository
from storage.repositories import UserRepository
from tests.e2e.handoff_support import (
    GROUP_ID,
    in_conversation,
    outbox_drained,
)
from tests.support.screens import plain
from tests.support.telegram_client import newest


async def count(app, model) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_closed_cases_and_reports_expire_unless_kept(volunteer_group, running_bot, emulator, clock) -> None:
    app = running_bot.app
    volunteer, user, thread = await in_conversation(emulator, 791000001, 691000001)
    await volunteer.command("/close resolved", topic=thread)
    await outbox_drained(app)
    async with app.sessions() as session:
        profile = await UserRepository(session, app.cipher, app.hasher).find(user.chat_id)
        reports = ReportRepository(session, app.cipher)
        gone = await reports.add(profile.id, {"what": ["summons"]}, clock.now())
        kept = await reports.add(profile.id, {"what": ["surveillance"]}, clock.now())
        session.add(Evidence(report_id=gone.id, received_at=clock.now(), sealed=b"x", blob_sealed=b"y"))
        await session.commit()

    # The user keeps one report from "My reports" (newest first).
    await user.command("/menu")
    await user.press(plain("en", "menu-report"))
    await user.press(plain("en", "report-my-reports"))
    view = newest(await user.press(0))
    assert plain("en", "report-retention-auto", days=app.settings.cases.retention_days) in view.text
    view = newest(await user.press(plain("en", "report-keep")))
    assert plain("en", "report-retention-kept") in view.text and plain("en", "report-unkeep") in user.buttons(view)

    await app.housekeeping()  # nothing is old yet (and today's run already happened at start)
    assert await count(app, Case) == 1 and await count(app, Report) == 2
    clock.advance(timedelta(days=app.settings.cases.retention_days + 1))
    await app.housekeeping()
    await outbox_drained(app)
    assert await count(app, Case) == 0 and emulator.topics(GROUP_ID)[thread]["deleted"]
    async with app.sessions() as session:
        left = list(await session.scalars(select(Report.id)))
    assert left == [kept.id] and await count(app, Evidence) == 0
    assert await app.retention().run_due() is None, "once a day"


async def test_a_case_reopened_while_retention_runs_is_not_deleted(volunteer_group, running_bot, emulator, clock) -> None:
    """The person writes again (the closed case reopens) after retention looked for expired cases
    and before it deleted them: the delete re-checks that the case is still closed and old enough,
    so the case, its topic and its new messages stay. Only PostgreSQL has that window: on SQLite
    the run holds the write lock from its claim on, so nobody can reopen a case in between."""
    from sqlalchemy import event, update

    from storage.cases import OPEN

    app = running_bot.app
    if app.engine.dialect.name == "sqlite":
        import pytest

        pytest.skip("SQLite serializes the whole run behind its first write")
    volunteer, user, thread = await in_conversation(emulator, 791000002, 691000002)
    await volunteer.command("/close resolved", topic=thread)
    await outbox_drained(app)
    async with app.sessions() as session:
        [(case_id, user_id)] = (await session.execute(select(Case.id, Case.user_id))).all()
    clock.advance(timedelta(days=app.settings.cases.retention_days + 1))

    reopened = []

    def reopen_just_before_the_delete(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM CASES") and not reopened:
            reopened.append(case_id)
            with app.engine.sync_engine.connect() as other:  # the person's own update, committed
                other.execute(update(Case).where(Case.id == case_id)
                              .values(status=OPEN, open_for=user_id, closed_at=None, resolution=None))
                other.commit()

    event.listen(app.engine.sync_engine, "before_cursor_execute", reopen_just_before_the_delete)
    try:
        await app.housekeeping()
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", reopen_just_before_the_delete)
    await outbox_drained(app)
    assert reopened, "the case really was reopened in the window"
    assert await count(app, Case) == 1
    assert not emulator.topics(GROUP_ID)[thread]["deleted"]


async def test_housekeeping_runs_off_the_event_loop(running_bot, monkeypatch) -> None:
    """On SQLite, housekeeping's statements go to the connections' own threads (ADR 20): a
    backlog of pruning or retention can take seconds, which must not stop the bot meanwhile."""
    import aiosqlite
    import pytest

    if running_bot.app.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's driver")
    sent: list[str] = []
    execute = aiosqlite.Connection._execute

    async def counting(self, fn, *args, **kwargs):
        sent.append(getattr(fn, "__name__", ""))
        return await execute(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    await running_bot.app.housekeeping()
    assert sent.count("_run_statement") >= 4  # the prunes, at least
    sent.clear()
    async with running_bot.app.sessions() as session:  # the bot's own work stays on the loop
        await session.scalar(select(func.count()).select_from(Case))
    assert sent == []
