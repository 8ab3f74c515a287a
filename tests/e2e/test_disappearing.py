"""Disappearing mode: offered at onboarding and in Privacy, off by default; both sides deleted after
the chosen hours, across a restart; failed deletions retried, and the user told when impossible."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.emulator.server import Fault
from bot.services.disappearing import MAX_ATTEMPTS
from storage.models import ChatMessage
from tests.e2e.test_faq import onboarded
from tests.support.forget import confirm_forget
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest


@pytest.fixture
def fast_rounds(monkeypatch) -> None:
    monkeypatch.setenv("REMINDER_INTERVAL_SECONDS", "0.1")  # the disappearing loop's pace too


async def onboard_disappearing(emulator, user_id: int, hours: int) -> UserClient:
    """The onboarding path with the extra button: language, the mode, back to the notice, accept."""
    user = UserClient(emulator, user_id, language_code="en")
    await user.command("/start")
    await user.press("✓ English")
    notice = user.last_keyboard_message()
    assert user.buttons(notice) == [plain("en", "onboarding-accept"), plain("en", "onboarding-disappearing")]
    chooser = newest(await user.press(plain("en", "onboarding-disappearing")))
    assert plain("en", "privacy-disappearing-body").split("\n")[0] in chooser.text
    assert user.buttons(chooser)[0] == plain("en", "privacy-choice-chosen", name=plain("en", "privacy-disappearing-off"))
    back = newest(await user.press(plain("en", "privacy-disappearing-after", hours=hours)))
    assert user.callback_answer()["text"].startswith(plain("en", "privacy-disappearing-saved", choice="").strip())
    assert first_line(back.text) == plain("en", "onboarding-title")
    menu = newest(await user.press(plain("en", "onboarding-accept")))
    assert first_line(menu.text) == plain("en", "menu-title")
    return user


def visible_ids(emulator, user) -> set[int]:
    return {m.message_id for m in emulator.visible_messages(user.chat_id)}


async def test_messages_disappear_after_the_chosen_hours_across_a_restart(fast_rounds, running_bot, emulator, clock):
    user = await onboard_disappearing(emulator, 670000001, 1)
    plain_user = await onboarded(emulator, 670000002)  # off by default: nothing of theirs goes
    await user.send_text("renew certificate")
    early = visible_ids(emulator, user)
    untouched = visible_ids(emulator, plain_user)

    await running_bot.stop()
    clock.advance(timedelta(minutes=50))
    await running_bot.start()
    await user.send_text("kandas status")  # newer messages, not yet due
    late = visible_ids(emulator, user) - early
    assert late

    await running_bot.stop()
    clock.advance(timedelta(minutes=15))  # the first messages are now 65 minutes old
    await running_bot.start()
    await emulator.wait_for(lambda: not (visible_ids(emulator, user) & early), timeout=10)
    assert visible_ids(emulator, user) == late
    assert visible_ids(emulator, plain_user) == untouched

    # The screen that was deleted is not edited afterwards: the next one comes as a new message.
    clock.advance(timedelta(hours=2))
    await emulator.wait_for(lambda: not visible_ids(emulator, user), timeout=10)
    menu = newest(await user.command("/start"))
    assert first_line(menu.text) == plain("en", "menu-title")
    await user.press(plain("en", "menu-faq"))


async def test_failed_deletions_are_retried(running_bot, emulator, clock) -> None:
    user = await onboard_disappearing(emulator, 670000003, 6)
    shown = visible_ids(emulator, user)
    clock.advance(timedelta(hours=6, minutes=1))
    emulator.faults = lambda method, params: Fault(500, "Internal Server Error") if method == "deleteMessages" else None
    runner = running_bot.app.disappearing()
    assert await runner.run_due(clock.now()) == 0
    assert visible_ids(emulator, user) == shown
    async with running_bot.app.sessions() as session:
        attempts = set(await session.scalars(select(ChatMessage.delete_attempts)))
    assert attempts == {1}

    emulator.faults = None
    assert await runner.run_due(clock.now()) == len(shown)
    assert not visible_ids(emulator, user)


async def deleting_failed_every_time(running_bot, emulator, clock, user_id: int):
    """A person in 24-hour disappearing mode whose due messages Telegram refused to delete on
    each of the MAX_ATTEMPTS rounds: (the user, their messages' ids, the runner)."""
    user = await onboard_disappearing(emulator, user_id, 24)
    shown = visible_ids(emulator, user)
    clock.advance(timedelta(hours=24, minutes=1))
    emulator.faults = lambda method, params: Fault(500, "Internal Server Error") if method == "deleteMessages" else None
    runner = running_bot.app.disappearing()
    for _ in range(MAX_ATTEMPTS):
        await runner.run_due(clock.now())
    return user, shown, runner


async def test_the_user_is_told_when_deleting_is_impossible(running_bot, emulator, clock) -> None:
    user, shown, runner = await deleting_failed_every_time(running_bot, emulator, clock, 670000004)
    assert not [m for m in user.bot_messages() if m.message_id not in shown]  # still trying, nothing said
    await runner.run_due(clock.now())
    [told] = [m for m in emulator.visible_messages(user.chat_id) if m.message_id not in shown]
    assert first_line(told.text) == plain("en", "privacy-title")
    assert plain("en", "privacy-disappearing-failed", count=len(shown)) in told.text
    await runner.run_due(clock.now())  # once only
    assert len(emulator.visible_messages(user.chat_id)) == len(shown) + 1


async def test_a_bot_down_past_48_hours_tells_instead_of_failing(running_bot, emulator, clock) -> None:
    user = await onboard_disappearing(emulator, 670000005, 1)
    shown = visible_ids(emulator, user)
    await running_bot.stop()
    clock.advance(timedelta(hours=47, minutes=55))  # past the bot's 47 h 50 min margin
    app = await running_bot.start()
    await app.housekeeping()  # runs before the hourly pruning of message ids
    told = [m for m in emulator.visible_messages(user.chat_id) if m.message_id not in shown]
    assert any(plain("en", "privacy-disappearing-failed", count=len(shown)) in (m.text or "") for m in told)


async def test_privacy_section_turns_it_on_and_off(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 670000006)
    await user.command("/privacy")
    chooser = newest(await user.press(plain("en", "privacy-disappearing")))
    on = newest(await user.press(plain("en", "privacy-disappearing-after", hours=24)))
    assert plain("en", "privacy-choice-chosen", name=plain("en", "privacy-disappearing-after", hours=24)) in user.buttons(on)
    assert chooser.message_id == on.message_id  # the same screen, re-rendered
    off = newest(await user.press(plain("en", "privacy-disappearing-off")))
    assert plain("en", "privacy-choice-chosen", name=plain("en", "privacy-disappearing-off")) in user.buttons(off)
    clock.advance(timedelta(hours=25))
    assert await running_bot.app.disappearing().run_due(clock.now()) == 0
    assert emulator.visible_messages(user.chat_id)


async def test_the_notice_sent_while_forget_clears_the_chat_does_not_stay_in_it(running_bot, emulator, clock) -> None:
    """The "could not delete" notice is on its way while the user runs /forget: it arrives after
    /forget read which messages to delete, so it stayed in the chat /forget had just cleared, and
    the note of its id stayed behind with the erased person's chat key."""
    import asyncio

    from sqlalchemy import func

    user, shown, runner = await deleting_failed_every_time(running_bot, emulator, clock, 670000007)
    emulator.faults = None

    notice = plain("en", "privacy-disappearing-failed", count=len(shown)).split('"')[0]
    arrived, release = asyncio.Event(), asyncio.Event()
    send = emulator._handlers["sendMessage"]

    async def slow_notice(params: dict):
        if notice in str(params.get("text")):
            arrived.set()
            await release.wait()
        result = send(params)
        return await result if hasattr(result, "__await__") else result

    emulator._handlers["sendMessage"] = slow_notice
    round_ = asyncio.create_task(runner.run_due(clock.now()))  # gives up and tells the user
    await asyncio.wait_for(arrived.wait(), timeout=10)

    await confirm_forget(emulator, user)  # not waiting for quiet: the notice is in flight
    await emulator.wait_for(lambda: any(first_line(m.text or "") == plain("en", "forget-done-title")
                                        for m in emulator.visible_messages(user.chat_id)), timeout=10)

    release.set()  # the notice arrives now
    await asyncio.wait_for(round_, timeout=10)
    await emulator.wait_idle(quiet=0.5)
    told = [m for m in emulator.chat_history(user.chat_id) if m.from_bot and notice in (m.text or "")]
    assert len(told) == 1, "the notice really went out"
    assert [m for m in emulator.visible_messages(user.chat_id) if m.message_id == told[0].message_id] == []
    async with running_bot.app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ChatMessage)) == 0


async def test_a_person_erased_during_a_round_does_not_stop_it(running_bot, emulator, clock) -> None:
    """The round reads everyone's due messages first, then deletes them person by person: one who
    ran /forget meanwhile has no user row any more, which stopped the whole round there."""
    import asyncio

    first = await onboard_disappearing(emulator, 670000008, 1)
    second = await onboard_disappearing(emulator, 670000009, 1)
    later = await onboard_disappearing(emulator, 670000010, 1)  # after the erased one in the round
    first_shown, later_shown = visible_ids(emulator, first), visible_ids(emulator, later)
    clock.advance(timedelta(hours=1, minutes=1))
    arrived, release = asyncio.Event(), asyncio.Event()
    delete = emulator._handlers["deleteMessages"]

    async def slow_for_first(params: dict):
        if int(params["chat_id"]) == first.chat_id:
            arrived.set()
            await release.wait()
        result = delete(params)
        return await result if hasattr(result, "__await__") else result

    emulator._handlers["deleteMessages"] = slow_for_first
    round_ = asyncio.create_task(running_bot.app.disappearing().run_due(clock.now()))
    await asyncio.wait_for(arrived.wait(), timeout=10)  # the round is at its first person

    await second.command("/forget", wait=False)
    confirm = await emulator.wait_for(lambda: next((m for m in emulator.visible_messages(second.chat_id)
                                                    if plain("en", "forget-confirm") in second.buttons(m)), None))
    await second.press(plain("en", "forget-confirm"), confirm, wait=False)
    await emulator.wait_for(lambda: any(first_line(m.text or "") == plain("en", "forget-done-title")
                                        for m in emulator.visible_messages(second.chat_id)), timeout=10)

    release.set()
    assert await asyncio.wait_for(round_, timeout=10) == len(first_shown) + len(later_shown)
    assert not visible_ids(emulator, first) & first_shown
    assert not visible_ids(emulator, later) & later_shown
