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
