"""Per-user rate limits: one polite answer when exceeded, silence after, back to normal later;
the quick wipe is never held back; other users are not affected."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.middlewares import rate_limit
from bot.middlewares.rate_limit import DIALOG_STARTS, MESSAGES, Limit
from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain


def slow_downs(user) -> list:
    return [m for m in user.bot_messages() if plain("en", "errors-slow-down") in (m.text or "")]


async def test_dialog_starts_are_limited_politely(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 680000001)
    other = await onboarded(emulator, 680000002)
    for _ in range(DIALOG_STARTS.count - 1):  # onboarding's /start counted once
        await user.command("/help")
    assert not slow_downs(user)

    [answer] = await user.command("/help")
    assert first_line(answer.text) == plain("en", "errors-title")
    assert plain("en", "errors-slow-down") in answer.text
    assert await user.command("/help") == []  # silence for the rest of the window
    assert len(slow_downs(user)) == 1

    menu = await other.command("/help")  # someone else is not affected
    assert plain("en", "menu-help-body").split("\n")[0] in menu[-1].text

    await user.command("/clear")  # never held back
    assert emulator.visible_messages(user.chat_id) == []

    clock.advance(timedelta(seconds=DIALOG_STARTS.seconds + 1))
    [help_screen] = await user.command("/help")
    assert plain("en", "menu-help-body").split("\n")[0] in help_screen.text


async def test_messages_are_limited(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 680000003)
    for _ in range(MESSAGES.count - 1):  # the /start of onboarding counted once
        await user.send_sticker()
    assert not slow_downs(user)
    [answer] = await user.send_sticker()
    assert plain("en", "errors-slow-down") in answer.text
    assert await user.send_text("renew certificate") == []
    clock.advance(timedelta(seconds=MESSAGES.seconds + 1))
    results = await user.send_text("renew certificate")
    assert first_line(results[-1].text) == plain("en", "faq-search-title")


@pytest.fixture
def few_buttons(monkeypatch) -> Limit:
    limit = Limit(5, 60)
    monkeypatch.setattr(rate_limit, "BUTTONS", limit)  # read when the bot builds its middleware
    return limit


async def test_button_presses_are_limited(few_buttons, running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 680000011)  # presses 1 and 2: the language, the notice
    await user.command("/menu")
    await user.press(plain("en", "menu-help"))  # 3
    await user.press(plain("en", "common-menu"))  # 4
    await user.press(plain("en", "menu-help"))  # 5: the limit
    before = user.last_bot_message().text
    await user.press(plain("en", "common-menu"))  # 6: over it
    assert user.callback_answer()["text"] == plain("en", "errors-slow-down")
    assert user.last_bot_message().text == before, "a press over the limit does nothing"
    clock.advance(timedelta(seconds=few_buttons.seconds + 1))
    menu = await user.press(plain("en", "common-menu"))
    assert menu and plain("en", "menu-body") in menu[-1].text, "back to normal after the window"


async def test_evidence_forwarded_to_a_volunteer_is_not_cut_at_the_message_limit(
        volunteer_group, monkeypatch, running_bot, emulator, clock) -> None:
    """A whole threatening chat forwarded at once reaches the volunteers; past the larger limit,
    the first message not passed on is answered as a reply, so the person knows where to resume."""
    from tests.e2e.handoff_support import connected_user, outbox_drained, topic_messages, topic_of

    monkeypatch.setattr(rate_limit, "RELAYED", Limit(15, 600))
    await running_bot.restart()  # the limits are read when the bot builds its middleware
    user = await connected_user(emulator, 680000021)
    thread = topic_of(emulator)
    sent = []
    for number in range(50):
        sent += [m for m in await user.forward_text(f"threat {number}", hidden_sender="Officer Li", wait=False)]
    await emulator.wait_idle(timeout=30)
    await outbox_drained(running_bot.app)

    relayed = [m.text for m in topic_messages(emulator, thread) if (m.text or "").startswith("threat ")]
    passed = MESSAGES.count - 2 + 15  # /start and /menu took 2 of the ordinary 30
    assert relayed == [f"threat {number}" for number in range(passed)]
    [notice] = [m for m in user.bot_messages() if plain("en", "errors-not-passed-on") in (m.text or "")]
    first_dropped = next(m for m in emulator.chat_history(user.chat_id) if m.text == f"threat {passed}")
    assert notice.reply_to_message_id == first_dropped.message_id

    # A few minutes later, as told, they send the rest again: the ordinary limit lets 30 through,
    # and the next one not passed on gets its own reply.
    clock.advance(timedelta(minutes=3))
    for number in range(passed, passed + 35):
        await user.forward_text(f"again {number}", hidden_sender="Officer Li", wait=False)
    await emulator.wait_idle(timeout=30)
    await outbox_drained(running_bot.app)
    again = [m.text for m in topic_messages(emulator, thread) if (m.text or "").startswith("again ")]
    assert again == [f"again {number}" for number in range(passed, passed + MESSAGES.count)]
    notices = [m for m in user.bot_messages() if plain("en", "errors-not-passed-on") in (m.text or "")]
    resumed = next(m for m in emulator.chat_history(user.chat_id) if m.text == f"again {passed + MESSAGES.count}")
    assert [m.reply_to_message_id for m in notices] == [first_dropped.message_id, resumed.message_id]
