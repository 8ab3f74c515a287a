"""/forget cut short (a crash, a kill, a stop past its grace time) is finished by the next process:
a durable "erasure pending" mark is committed with the confirmation and removed only when the
erasure is complete."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from bot.emulator.server import Fault
from storage.models import ChatMessage, FsmRecord, User
from tests.e2e.test_faq import onboarded
from tests.e2e.test_webhook import webhook_bot  # noqa: F401 - a fixture
from tests.support.forget import forget_held_at_deleting
from tests.support.screens import first_line, plain


async def marks(app) -> list[dict]:
    """The pending-erasure rows as stored, column by column (raw SQL: what a seized database shows)."""
    async with app.sessions() as session:
        return [dict(row) for row in (await session.execute(text("SELECT * FROM pending_erasures"))).mappings()]


async def count(app, model) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


def done_messages(emulator, user, locale: str = "en") -> list:
    return [m for m in emulator.visible_messages(user.chat_id)
            if first_line(m.text or "") == plain(locale, "forget-done-title")]


async def killed_while_deleting(running_bot, emulator, user, locale: str = "en") -> None:
    """/forget confirmed, and its process dies in its deleteMessages call: the rows are gone,
    nothing is deleted in the chat, no "done"."""
    original = emulator._handlers["deleteMessages"]
    lost = asyncio.Event()

    async def never_answered(params: dict) -> bool:  # and deletes nothing
        await lost.wait()
        return True

    emulator._handlers["deleteMessages"] = never_answered
    await user.command("/forget", wait=False)
    confirm = await emulator.wait_for(lambda: next((m for m in emulator.visible_messages(user.chat_id)
                                                    if plain(locale, "forget-confirm") in user.buttons(m)), None))
    await user.press(plain(locale, "forget-confirm"), confirm, wait=False)
    await emulator.wait_for(lambda: any(c.method == "deleteMessages" for c in emulator.calls), timeout=10)
    # The process dies here: nothing more of that update runs (no finally, no "done").
    for task in list(running_bot.app.dispatcher._in_hand):
        task.cancel()
    await asyncio.sleep(0.1)
    emulator._handlers["deleteMessages"] = original
    lost.set()  # the dead process's call is answered to no one


async def test_a_forget_killed_mid_erase_is_finished_after_a_restart(running_bot, emulator, clock) -> None:
    """The process dies while deleting the chat's messages: its rows are gone, but the messages
    stay and no "done" came. The next process finishes it, in the user's language."""
    user = await onboarded(emulator, 630000101, "ru")
    await user.send_text("renew certificate")
    other = await onboarded(emulator, 630000102)  # someone else's data stays
    app = running_bot.app
    before = [m.message_id for m in emulator.visible_messages(user.chat_id)]
    assert len(before) >= 4

    await killed_while_deleting(running_bot, emulator, user, "ru")
    await running_bot.stop()
    assert done_messages(emulator, user, "ru") == []
    assert {m.message_id for m in emulator.visible_messages(user.chat_id)} >= set(before), "nothing deleted yet"

    # Past the dead process's lease, the next one finishes the erasure by itself.
    clock.advance(timedelta(minutes=5))
    app = await running_bot.start()
    await emulator.wait_for(lambda: done_messages(emulator, user, "ru"), timeout=15)
    await emulator.wait_idle(quiet=0.3)

    [final] = done_messages(emulator, user, "ru")
    assert [m.message_id for m in emulator.visible_messages(user.chat_id)] == [final.message_id]
    assert final.inline_keyboard == []
    assert await marks(app) == []
    assert await count(app, User) == 1
    async with app.sessions() as session:
        owners = set(await session.scalars(select(FsmRecord.owner))) | set(await session.scalars(select(ChatMessage.owner)))
    assert owners == {app.hasher.user(other.chat_id)}


async def test_a_forget_stopped_before_its_rows_went_is_finished_after_a_restart(running_bot, emulator, clock,
                                                                                monkeypatch) -> None:
    """The process dies right after the confirmation was committed, before the erasure began: the
    rows themselves are still there. The next process erases them too."""
    from bot.services.erasure import ErasureService

    user = await onboarded(emulator, 630000103)
    app = running_bot.app
    started = asyncio.Event()
    forever = asyncio.Event()
    erase = ErasureService.erase

    async def dies_first(self, bot, chat_id):
        started.set()
        await forever.wait()

    monkeypatch.setattr(ErasureService, "erase", dies_first)
    await user.command("/forget", wait=False)
    confirm = await emulator.wait_for(lambda: next((m for m in emulator.visible_messages(user.chat_id)
                                                    if plain("en", "forget-confirm") in user.buttons(m)), None))
    await user.press(plain("en", "forget-confirm"), confirm, wait=False)
    await asyncio.wait_for(started.wait(), timeout=10)
    for task in list(app.dispatcher._in_hand):
        task.cancel()
    await asyncio.sleep(0.1)
    await running_bot.stop()
    assert await count_in(running_bot, User) == 1, "the rows are still there"
    monkeypatch.setattr(ErasureService, "erase", erase)

    clock.advance(timedelta(minutes=5))
    app = await running_bot.start()
    await emulator.wait_for(lambda: done_messages(emulator, user), timeout=15)
    await emulator.wait_idle(quiet=0.3)
    [final] = done_messages(emulator, user)
    assert [m.message_id for m in emulator.visible_messages(user.chat_id)] == [final.message_id]
    assert await count(app, User) == 0
    assert await count(app, ChatMessage) == 0
    assert await marks(app) == []


async def count_in(running_bot, model) -> int:
    """A count on the stopped bot's database, through a fresh engine."""
    from storage.db import create_engine, create_session_factory

    engine = create_engine(running_bot.settings_factory().storage.url)
    try:
        async with create_session_factory(engine)() as session:
            return await session.scalar(select(func.count()).select_from(model))
    finally:
        await engine.dispose()


async def test_a_normal_forget_leaves_no_mark(running_bot, emulator) -> None:
    user = await onboarded(emulator, 630000104)
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    assert len(done_messages(emulator, user)) == 1
    assert await marks(running_bot.app) == []


async def test_the_mark_holds_no_plaintext_telegram_id(running_bot, emulator) -> None:
    user = await onboarded(emulator, 630000105)
    app = running_bot.app
    network = await forget_held_at_deleting(emulator, user)  # the erasure is under way
    try:
        [mark] = await marks(app)
    finally:
        network.set()
    chat_id = user.chat_id
    forms = [str(chat_id).encode(), chat_id.to_bytes(8, "big"), chat_id.to_bytes(8, "little")]
    for name, value in mark.items():
        raw = value if isinstance(value, bytes) else str(value).encode()
        assert not any(form in raw for form in forms), f"pending_erasures.{name} holds the Telegram id"
    assert bytes(mark["owner"]) == app.hasher.chat(chat_id)  # found by the keyed hash, like users.tg_key
    await emulator.wait_for(lambda: done_messages(emulator, user), timeout=10)
    await emulator.wait_idle(quiet=0.3)
    assert await marks(app) == []


@pytest.fixture
def fast_rounds(monkeypatch) -> None:
    monkeypatch.setenv("REMINDER_INTERVAL_SECONDS", "0.1")  # the resume loop's pace too


async def test_messages_telegram_could_not_delete_for_now_are_retried_by_the_resume(fast_rounds, running_bot,
                                                                                     emulator, clock) -> None:
    """A network failure or a 5xx while deleting (as when a stopping process's HTTP session
    closes under it) keeps the notes and the mark: the erasure is resumed once its lease ran out,
    instead of reporting the messages as undeletable and forgetting their ids."""
    user = await onboarded(emulator, 630000106)
    app = running_bot.app
    failures = iter([Fault(500, "Internal Server Error")])
    emulator.faults = lambda method, params: next(failures, None) if method == "deleteMessages" else None
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    await asyncio.sleep(0.5)  # several resume rounds: the erasing process's lease still holds
    assert done_messages(emulator, user) == []
    assert len(await marks(app)) == 1
    assert await count(app, ChatMessage) > 0, "the ids are kept for the next try"

    clock.advance(timedelta(seconds=app.settings.runtime.lease_seconds + 1))
    await emulator.wait_for(lambda: done_messages(emulator, user), timeout=10)
    await emulator.wait_idle(quiet=0.3)
    [final] = done_messages(emulator, user)
    assert [m.message_id for m in emulator.visible_messages(user.chat_id)] == [final.message_id]
    assert "could not" not in final.text
    assert await marks(app) == []
    assert await count(app, ChatMessage) == 0


async def test_two_processes_resume_an_erasure_once(running_bot, emulator, clock) -> None:
    """Several processes (webhook mode) run the resume round on one database: the lease gives
    each unfinished erasure to one of them."""
    user = await onboarded(emulator, 630000107)
    app = running_bot.app
    await killed_while_deleting(running_bot, emulator, user)
    await asyncio.sleep(0.3)
    assert done_messages(emulator, user) == [] and len(await marks(app)) == 1
    clock.advance(timedelta(seconds=app.settings.runtime.lease_seconds + 1))
    first, second = app.erasure_resumer(), app.erasure_resumer()  # as two processes: two holders
    results = await asyncio.gather(first.run_due(), second.run_due())
    await emulator.wait_idle(quiet=0.3)
    assert sorted(results) == [0, 1]
    [final] = done_messages(emulator, user)
    assert [m.message_id for m in emulator.visible_messages(user.chat_id)] == [final.message_id]
    assert await marks(app) == []


async def test_webhook_processes_finish_an_erasure_a_dead_process_left(fast_rounds, webhook_bot, emulator,  # noqa: F811
                                                                       clock) -> None:
    """In webhook mode too: the update that confirmed /forget may be handled again elsewhere, but
    its dialog is reset by then; the erasure itself is finished by the resume round."""
    from bot.services.erasure import ErasureService

    app = webhook_bot.app
    user = await onboarded(emulator, 630000108)
    async with app.sessions() as session:  # what a process that died right after the confirmation left
        eraser = ErasureService(app.sessions, app.cipher, app.hasher, app.translator, app.clock)
        await eraser.mark(session, user.chat_id, "en", "erase-dead")
        await session.commit()
    await asyncio.sleep(0.5)  # its lease still holds: nobody takes it over
    assert done_messages(emulator, user) == [] and len(await marks(app)) == 1

    clock.advance(timedelta(seconds=app.settings.runtime.lease_seconds + 1))
    await emulator.wait_for(lambda: done_messages(emulator, user), timeout=10)
    await emulator.wait_idle(quiet=0.3)
    [final] = done_messages(emulator, user)
    assert [m.message_id for m in emulator.visible_messages(user.chat_id)] == [final.message_id]
    assert await marks(app) == [] and await count(app, User) == 0
