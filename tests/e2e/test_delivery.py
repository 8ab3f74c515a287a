"""Delivery guarantees: with 20% of calls failing (429, 5xx, dropped connection) every relayed
message arrives exactly once and in order; a restart with messages still queued loses nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from bot.emulator.server import Fault
from tests.e2e.handoff_support import (
    GROUP_ID,
    connected_user,
    enroll_volunteer,
    outbox_drained,
    topic_messages,
    topic_of,
)

RELAY_METHODS = {"copyMessage", "createForumTopic", "editMessageText"}


def flaky(rate: float, seed: int):
    """Fails a share of the relay calls: the bot's own screens are not part of this test."""
    rng = random.Random(seed)
    failures = [Fault.flood(retry_after=1), Fault.server_error(502), Fault.server_error(500, "Internal"), Fault.drop()]

    def faults(method: str, params: dict):
        relay = method in RELAY_METHODS or (method == "sendMessage" and (
            params.get("chat_id") == GROUP_ID or str(params.get("text", "")).startswith("💬")))
        return rng.choice(failures) if relay and rng.random() < rate else None

    return faults


def received_texts(messages) -> list[str]:
    return [(m.text or "").split("\n\n", 1)[-1] for m in messages]


async def test_every_message_once_and_in_order_under_faults(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 781000001)
    user = await connected_user(emulator, 641000001)
    thread = topic_of(emulator)
    emulator.faults = flaky(0.2, seed=7)
    sent_by_user = [f"user message {i}" for i in range(15)]
    sent_by_volunteer = [f"volunteer message {i}" for i in range(15)]
    for text in sent_by_user:
        await user.send_text(text, wait=False)
    for text in sent_by_volunteer:
        await volunteer.send_text(text, topic=thread, wait=False)
    await emulator.wait_idle(timeout=30)
    await outbox_drained(running_bot.app)
    emulator.faults = None

    injected = [c for c in emulator.calls if c.injected]
    assert len(injected) >= 5, "the faults really happened"
    in_topic = [t for t in received_texts(topic_messages(emulator, thread)) if t.startswith("user message")]
    assert in_topic == sent_by_user
    at_user = [t for t in received_texts(user.bot_messages()) if t.startswith("volunteer message")]
    assert at_user == sent_by_volunteer
    # The injected failures are the only refused calls; the teardown check must not count them.
    emulator.calls[:] = [c for c in emulator.calls if not c.injected]


async def test_restart_with_messages_queued_loses_and_doubles_nothing(volunteer_group, running_bot, emulator, clock) -> None:
    user = await connected_user(emulator, 641000002)
    thread = topic_of(emulator)
    emulator.faults = lambda method, params: Fault.server_error(502) if method == "copyMessage" else None
    for i in range(5):
        await user.send_text(f"queued {i}", wait=False)
    await emulator.wait_idle(timeout=30)
    await running_bot.stop()  # the process goes away with five messages accepted, none delivered
    emulator.faults = None
    clock.advance(timedelta(minutes=10))  # any lease the old process held has run out
    await running_bot.start()
    await outbox_drained(running_bot.app)
    texts = [t for t in received_texts(topic_messages(emulator, thread)) if t.startswith("queued")]
    assert texts == [f"queued {i}" for i in range(5)]
    emulator.calls[:] = [c for c in emulator.calls if c.ok or c.error != "Bad Gateway"]


async def test_blocked_user_is_reported_to_the_topic(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 781000003)
    user = await connected_user(emulator, 641000003)
    thread = topic_of(emulator)
    await user.send_text("hello")
    emulator.block(user.chat_id, notify=False)
    await volunteer.send_text("are you still there?", topic=thread)
    await outbox_drained(running_bot.app)
    from tests.support.screens import plain

    assert topic_messages(emulator, thread)[-1].text.endswith(plain("en", "cases-undelivered-blocked"))
    emulator.calls[:] = [c for c in emulator.calls if c.ok or "blocked" not in (c.error or "")]


async def test_a_refused_card_is_reported_to_the_topic(volunteer_group, running_bot, emulator) -> None:
    """Telegram refuses the card for good (any reason): the notice it opened the topic with is given
    up too, and the volunteers are told, not left with a topic that looks complete."""
    from tests.support.screens import plain

    def refuse_the_card(method: str, params: dict):
        card = method == "sendMessage" and params.get("chat_id") == GROUP_ID and "Conversation C-" in str(params.get("text"))
        return Fault(400, "Bad Request: message is too long") if card else None

    emulator.faults = refuse_the_card
    await connected_user(emulator, 641000004)
    await outbox_drained(running_bot.app)
    emulator.faults = None
    assert [c for c in emulator.calls if c.injected], "the card really was refused"
    [told] = topic_messages(emulator, topic_of(emulator))
    assert told.text.endswith(plain("en", "cases-undelivered-notice"))
    emulator.calls[:] = [c for c in emulator.calls if not c.injected]


async def test_a_card_that_failed_once_still_opens_the_topic(volunteer_group, running_bot, emulator, clock) -> None:
    """Telegram fails the card once (a 502): the topic exists by then, so the retried row goes
    into it; the card must still arrive, or the volunteers have no buttons for the case."""
    failed = []

    def fail_the_card_once(method: str, params: dict):
        card = method == "sendMessage" and params.get("chat_id") == GROUP_ID and "Conversation C-" in str(params.get("text"))
        if card and not failed:
            failed.append(method)
            return Fault.server_error(502)
        return None

    emulator.faults = fail_the_card_once
    await connected_user(emulator, 641000005)
    for _ in range(5):  # the retries' back-off, on the test's clock
        clock.advance(timedelta(seconds=60))
        running_bot.app.outbox_ready.set()
        await outbox_drained(running_bot.app)
    emulator.faults = None
    assert failed, "the card really failed once"
    cards = [m for m in topic_messages(emulator, topic_of(emulator)) if m.inline_keyboard]
    assert len(cards) == 1 and cards[0].text.startswith("Conversation C-")
