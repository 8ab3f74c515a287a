"""Restarts, duplicate deliveries and bursts: state survives, effects happen once and in order."""

from __future__ import annotations

from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest


async def test_restart_mid_dialog_resumes(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000001)
    await user.press(plain("en", "menu-faq"))
    questions = newest(await user.press(plain("en", "faq-topic-renewal")))
    question = user.buttons(questions)[0]

    await running_bot.restart()

    answer = newest(await user.press(question, message=questions))
    assert question in answer.text
    back = newest(await user.press(plain("en", "common-back")))
    assert question in user.buttons(back)


async def test_restart_keeps_language_and_onboarding(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000002, "ru")
    await running_bot.restart()
    menu = newest(await user.command("/start"))
    assert first_line(menu.text) == plain("ru", "menu-title")
    assert plain("ru", "menu-body") in menu.text


async def test_burst_of_updates_from_one_chat_is_handled_in_order(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000003)
    start = len(emulator.calls)
    for command in ("/privacy", "/help", "/language", "/start"):
        await user.command(command, wait=False)
    await emulator.wait_idle()
    sent = [c.params["text"] for c in emulator.calls[start:] if c.method == "sendMessage" and c.ok]
    bodies = ["privacy-body", "menu-help-body", "language-prompt", "menu-body"]
    expected = [plain("en", body).split("\n")[0] for body in bodies]
    positions = [next((i for i, text in enumerate(sent) if marker in text), None) for marker in expected]
    assert None not in positions, f"missing replies: {positions}"
    assert positions == sorted(positions), "replies came out of order"
    assert len(sent) == len(expected)


async def test_many_users_at_once_each_get_their_own_answer(running_bot, emulator) -> None:
    users = [UserClient(emulator, 650000100 + i, language_code=code) for i, code in enumerate(["en", "ru", "kk", "en"] * 3)]
    for user in users:
        await user.command("/start", wait=False)
    await emulator.wait_idle()
    for user in users:
        picker = user.last_keyboard_message()
        assert picker is not None and first_line(picker.text) == plain("en", "language-title")
        assert len([m for m in user.bot_messages()]) == 1


async def test_a_stop_finishes_the_updates_already_taken(volunteer_group, running_bot, emulator) -> None:
    """A deploy stops the bot (SIGTERM) while messages of one chat wait behind a slow one: Telegram
    already forgot them (getUpdates confirmed them), so the stop must handle them before it ends."""
    import asyncio

    from tests.e2e.handoff_support import connected_user, outbox_drained, topic_messages, topic_of

    user = await connected_user(emulator, 650000101)
    await user.send_text("first")
    thread = topic_of(emulator)
    network = asyncio.Event()
    emulator.hold("setMessageReaction", network)  # the "passed on" mark of the next message hangs
    for text in ("one", "two", "three"):
        await user.send_text(text, wait=False)
    await emulator.wait_for(lambda: emulator.undelivered() == 0)
    await asyncio.sleep(0.3)  # all taken; "one" waits for the network, "two" and "three" for "one"

    taken = set(running_bot.app.dispatcher._handle_update_tasks)  # aiogram's task per update taken
    stopping = asyncio.create_task(running_bot.stop())
    await asyncio.sleep(0.5)
    network.set()
    await stopping
    for task in taken:  # the process ends: asyncio.run cancels whatever is still running
        task.cancel()
    await asyncio.gather(*taken, return_exceptions=True)

    await running_bot.start()
    await outbox_drained(running_bot.app)
    relayed = [m.text for m in topic_messages(emulator, thread) if m.text in ("one", "two", "three")]
    assert relayed == ["one", "two", "three"]


async def test_a_stop_lets_the_outbox_finish_the_message_it_is_sending(volunteer_group, running_bot, emulator) -> None:
    """Cancelled mid-send, a row would stay leased and the next start would wait out the lease."""
    import asyncio

    from sqlalchemy import select

    from storage.models import OutboxMessage
    from tests.e2e.handoff_support import connected_user, outbox_drained

    user = await connected_user(emulator, 650000102)
    await user.send_text("first")
    await outbox_drained(running_bot.app)
    network = asyncio.Event()
    emulator.hold("copyMessage", network)  # copying the next message into the topic hangs
    copies = sum(c.method == "copyMessage" for c in emulator.calls)
    await user.send_text("second", wait=False)
    await emulator.wait_for(lambda: sum(c.method == "copyMessage" for c in emulator.calls) > copies)

    app = running_bot.app
    stopping = asyncio.create_task(running_bot.stop())
    await asyncio.sleep(0.5)
    network.set()
    await stopping
    async with app.sessions() as session:
        leased = (await session.scalars(select(OutboxMessage).where(OutboxMessage.lease_owner.is_not(None)))).all()
    await app.engine.dispose()
    assert leased == [], "a row left leased by the stop"
