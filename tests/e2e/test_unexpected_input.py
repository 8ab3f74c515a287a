"""Anything unexpected gets a short translated answer and the user's place is kept."""

from __future__ import annotations

import pytest

from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import newest


async def at_privacy(emulator, user_id: int):
    user = await onboarded(emulator, user_id)
    await user.press(plain("en", "menu-privacy"))
    screen = await user.press(plain("en", "privacy-stored"))
    return user, newest(screen)


def assert_back_at(screen, body_id: str) -> None:
    assert plain("en", body_id).split("\n")[0] in screen.text


async def test_unknown_command(running_bot, emulator) -> None:
    user, _ = await at_privacy(emulator, 640000001)
    sent = await user.command("/weather")
    texts = [m.text for m in sent if m.text]
    assert any(plain("en", "errors-unknown-command") in t for t in texts)
    assert_back_at(newest(sent), "privacy-stored-body")  # the same screen, shown again below


@pytest.mark.parametrize("kind", ["sticker", "document", "photo", "voice"])
async def test_non_text_content(kind: str, running_bot, emulator) -> None:
    user, _ = await at_privacy(emulator, 640000002)
    sent = await getattr(user, f"send_{kind}")()
    assert any(plain("en", "errors-text-only") in (m.text or "") for m in sent)
    assert_back_at(newest(sent), "privacy-stored-body")
    # The screen still works.
    back = newest(await user.press(plain("en", "common-back")))
    assert_back_at(back, "privacy-body")


async def test_typing_at_a_question_keeps_the_questionnaire(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000013)
    await user.press(plain("en", "menu-citizenship"))
    await user.press(plain("en", "citizenship-begin"))
    await user.press(plain("en", "citizenship-a-kz-yes"))
    await user.press(plain("en", "citizenship-skip"))
    sent = await user.send_text("yes")  # a natural typed answer to a question with buttons
    assert any(plain("en", "errors-use-buttons") in (m.text or "") for m in sent)
    again = newest(sent)
    assert plain("en", "citizenship-progress", number=3, total=8) in again.text  # the same question
    await user.press(plain("en", "common-back"))
    first = newest(await user.press(plain("en", "common-back")))
    assert "✓ " + plain("en", "citizenship-a-kz-yes") in user.buttons(first), "the answer is kept"


async def test_typing_at_a_report_step_keeps_the_choices(running_bot, emulator) -> None:
    from tests.e2e.test_report import start_report

    user = await onboarded(emulator, 640000014)
    await start_report(user)
    await user.press(plain("en", "report-danger-no"))
    await user.press(plain("en", "report-what-relatives"))
    sent = await user.send_text("They called my father and asked about me")
    assert any(plain("en", "errors-use-buttons") in (m.text or "") for m in sent)
    again = newest(sent)
    assert plain("en", "report-what-body") in again.text
    assert "✅ " + plain("en", "report-what-relatives") in user.buttons(again)


async def test_typing_at_the_volunteer_intro_says_how_to_reach_one(volunteer_group, running_bot, emulator) -> None:
    """Someone about to reach a volunteer types their message at once: they are told to connect
    first (nothing is sent before they agree), not sent off to the FAQ."""
    user = await onboarded(emulator, 640000016)
    await user.press(plain("en", "menu-handoff"))
    sent = await user.send_text("I need help with my papers")
    assert any(plain("en", "handoff-connect-first") in (m.text or "") for m in sent)
    assert plain("en", "handoff-connect") in user.buttons(newest(sent)), "the intro is shown again"


async def test_typing_on_the_menu_or_in_the_faq_searches(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000015)
    results = newest(await user.send_text("renew certificate"))  # from the main menu
    assert first_line(results.text) == plain("en", "faq-search-title")
    await user.press(plain("en", "common-menu"))
    await user.press(plain("en", "menu-faq"))
    results = newest(await user.send_text("renew certificate"))  # from the topics
    assert first_line(results.text) == plain("en", "faq-search-title")


async def test_very_long_text(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000003)
    reply = newest(await user.send_text("я " * 2048))
    assert plain("en", "faq-search-too-long") in reply.text


async def test_text_that_looks_like_html(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000004)
    reply = newest(await user.send_text("<b>renew</b> &amp; <script>alert(1)</script> certificate"))
    assert first_line(reply.text) == plain("en", "faq-search-title")


async def test_button_from_an_old_message(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000005)
    menu = user.last_keyboard_message()
    # Keep a button as the user's phone still shows it, then move on: it becomes stale.
    stale = next(b["callback_data"] for row in menu.inline_keyboard for b in row if b["text"] == plain("en", "menu-privacy"))
    results = newest(await user.send_text("renew certificate"))  # a new dialog on a new message
    await user.press_data(stale, menu.message_id)
    assert user.callback_answer()["text"] == plain("en", "errors-button-expired")
    current = user.last_keyboard_message()
    assert current.message_id == results.message_id, "the live screen is kept"
    first_result = user.buttons(results)[0]
    opened = newest(await user.press(0))  # and still works
    assert first_result in opened.text


async def test_stale_keyboard_still_shown_is_taken_away(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000010)
    await user.press(plain("en", "menu-privacy"))
    await running_bot.restart()
    # Erase the dialog state behind the screen (as after a lost database): the keyboard is dead.
    async with running_bot.app.sessions() as session:
        from sqlalchemy import delete

        from storage.models import FsmRecord

        await session.execute(delete(FsmRecord))
        await session.commit()
    screen = user.last_keyboard_message()
    sent = await user.press(plain("en", "privacy-stored"), message=screen)
    assert user.callback_answer()["text"] == plain("en", "errors-button-expired")
    home = newest(sent)
    assert first_line(home.text) == plain("en", "menu-title")  # home again, working
    assert plain("en", "menu-faq") in user.buttons(home)


@pytest.mark.parametrize("data", ["garbage", "\x1d", "x" * 64, "0\x1dfaq", "Ωmega\x1dtopic:1", "aiogd_1\x1dlocale:xx"])
async def test_forged_callback_data(data: str, running_bot, emulator) -> None:
    user, screen = await at_privacy(emulator, 640000006)
    await user.press_data(data, screen.message_id)
    answer = user.callback_answer()
    assert answer is not None, "every callback is answered"
    current = user.last_keyboard_message()
    assert_back_at(current, "privacy-stored-body")


async def test_forged_select_item_in_a_real_dialog(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000007)
    topics = newest(await user.press(plain("en", "menu-faq")))
    real = topics.inline_keyboard[0][0]["callback_data"]
    prefix = real.rsplit(":", 1)[0]
    for forged in (f"{prefix}:999999", f"{prefix}:abc", f"{prefix}:-1"):
        await user.press_data(forged, topics.message_id)
        assert user.callback_answer()["text"] == plain("en", "errors-unavailable")
    assert plain("en", "faq-topics-body") in user.last_keyboard_message().text


async def test_edited_message(running_bot, emulator) -> None:
    user = await onboarded(emulator, 640000008)
    await user.send_text("hello")
    mine = [m for m in emulator.visible_messages(user.chat_id) if not m.from_bot][-1]
    reply = newest(await user.edit_text(mine.message_id, "hello again"))
    assert plain("en", "errors-edited") in reply.text


async def test_text_before_onboarding_starts_onboarding(running_bot, emulator) -> None:
    from tests.support.telegram_client import UserClient

    user = UserClient(emulator, 640000009)
    reply = newest(await user.send_text("hello"))
    assert first_line(reply.text) == plain("en", "language-title")


async def test_internal_failure_gets_an_apology_and_logs_only_the_type(running_bot, emulator, monkeypatch, caplog) -> None:
    from bot.services.faq import FaqService

    user = await onboarded(emulator, 640000011)

    async def broken(self, query, locale):
        raise RuntimeError(f"boom with the user's words: {query}")

    monkeypatch.setattr(FaqService, "search", broken)
    reply = newest(await user.send_text("secret words 640000011"))
    assert plain("en", "errors-internal") in reply.text
    assert first_line(reply.text) == plain("en", "errors-title")
    logged = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("bot."))
    assert "RuntimeError" in logged and "secret words" not in logged
    monkeypatch.undo()
    menu = newest(await user.command("/start"))  # and the bot still works
    assert plain("en", "menu-body") in menu.text


async def test_user_who_blocked_the_bot_is_not_an_error(running_bot, emulator, caplog) -> None:
    from bot.emulator import Fault

    user = await onboarded(emulator, 640000012)
    # The user blocks the bot while it is answering (writing to it again would unblock it).
    emulator.faults = lambda method, params: (
        Fault(403, "Forbidden: bot was blocked by the user") if params.get("chat_id") == user.chat_id else None
    )
    try:
        await user.send_text("renew certificate")
    finally:
        emulator.faults = None
    errors = [r for r in caplog.records if r.levelname == "ERROR" and r.name.startswith("bot.")]
    assert errors == []
    assert any("blocked the bot" in r.getMessage() for r in caplog.records)
