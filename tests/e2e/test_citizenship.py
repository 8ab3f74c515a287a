"""Citizenship and deregistration: the questionnaire with skips and answers, the summary, "My
steps" (save, done, stuck with guidance), the M-62 quick check, forged buttons, and /forget."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.services.citizenship import STEP_CODES, assess
from storage.models import UserStep
from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import newest

ANSWERS = {  # question -> the option pressed, None for Skip
    "kz": "yes",
    "cn_passport": None,
    "hukou": "active",
    "kandas": None,
    "residence": "kz",
    "travel": "yes",
    "told_return": "yes",
    "penalty": "summoned",
}


def answer_label(question: str, option: str, locale: str = "en") -> str:
    return plain(locale, f"citizenship-a-{question.replace('_', '-')}-{option}")


def visible(text: str | None) -> str:
    return (text or "").replace("\u200f", "")


async def step_rows(app) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(UserStep))


def forged(message, widget_data: str) -> str:
    """Callback data for this screen's intent with another widget's data."""
    real = message.inline_keyboard[0][0]["callback_data"]
    return real.split("\x1d", 1)[0] + "\x1d" + widget_data


async def test_questionnaire_summary_and_my_steps(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000001)
    intro = newest(await user.press(plain("en", "menu-citizenship")))
    assert first_line(intro.text) == plain("en", "citizenship-title")
    assert plain("en", "citizenship-intro").split("\n")[0] in intro.text

    question = newest(await user.press(plain("en", "citizenship-begin")))
    assert plain("en", "citizenship-progress", number=1, total=8) in question.text
    assert plain("en", "citizenship-q-kz-why") in question.text  # each question says why it asks
    for number, (name, option) in enumerate(ANSWERS.items(), 1):
        assert plain("en", f"citizenship-q-{name.replace('_', '-')}") in question.text, name
        if name == "penalty":  # Back shows the earlier answer marked, and changes nothing
            back = newest(await user.press(plain("en", "common-back")))
            assert "✓ " + answer_label("told_return", "yes") in user.buttons(back)
            question = newest(await user.press("✓ " + answer_label("told_return", "yes")))
        label = answer_label(name, option) if option else plain("en", "citizenship-skip")
        question = newest(await user.press(label))
    summary = question

    expected = assess({k: v for k, v in ANSWERS.items() if v})
    assert first_line(summary.text) == plain("en", "citizenship-title")
    for rule in expected.rules:
        assert plain("en", f"citizenship-rule-{rule}") in summary.text, rule
    for risk in expected.risks:
        assert plain("en", f"citizenship-risk-{risk}") in summary.text, risk
    assert {"travel", "told-return", "penalty-summoned", "hukou-active", "consulate"} <= set(expected.risks)
    assert plain("en", "citizenship-risk-cn-passport") not in summary.text  # skipped: not assumed
    for code in expected.steps:
        assert plain("en", f"steps-item-{code}-name") in summary.text

    # A forged answer button on the summary is refused; the summary stays.
    await user.press_data(forged(summary, "kz_maybe"), summary.message_id)
    assert user.callback_answer()["text"] == plain("en", "errors-unavailable")
    assert user.last_keyboard_message().message_id == summary.message_id
    assert await step_rows(running_bot.app) == 0, "nothing is stored before saving"

    overview = newest(await user.press(plain("en", "citizenship-save")))
    assert user.callback_answer()["text"] == plain("en", "citizenship-saved", count=len(expected.steps))
    assert first_line(overview.text) == plain("en", "steps-title")
    names = [plain("en", f"steps-item-{code}-name") for code in expected.steps]
    assert user.buttons(overview)[: len(names)] == [f"☐ {name}" for name in names]
    assert await step_rows(running_bot.app) == len(expected.steps)
    async with running_bot.app.sessions() as session:
        for sealed in await session.scalars(select(UserStep.sealed)):
            assert not any(code.encode() in sealed for code in STEP_CODES)
            assert b"todo" not in sealed

    # One step done.
    step = newest(await user.press(f"☐ {names[0]}"))
    assert plain("en", f"steps-item-{expected.steps[0]}-text") in step.text
    step = newest(await user.press(plain("en", "steps-mark-done")))
    assert "Status: done" in step.text
    assert plain("en", "steps-mark-done") not in user.buttons(step)
    overview = newest(await user.press(plain("en", "common-back")))
    assert f"✅ {names[0]}" in user.buttons(overview)
    assert "Done: 1 of" in overview.text

    # One step stuck: concrete guidance, and no volunteer button (no volunteers' group configured here).
    step = newest(await user.press(f"☐ {names[1]}"))
    step = newest(await user.press(plain("en", "steps-mark-stuck")))
    assert plain("en", "steps-stuck-guidance").split("\n")[0] in step.text
    assert "Kazakhstan International Bureau for Human Rights" in step.text
    assert user.buttons(step) == [
        plain("en", "steps-mark-todo"), plain("en", "steps-mark-done"), plain("en", "common-back"), plain("en", "common-menu"),
    ]
    # Pressing the status the step already has (a forged press of the hidden button) changes nothing.
    hidden = forged(step, "status_stuck")
    await user.press_data(hidden, step.message_id)
    assert user.callback_answer()["text"] == plain("en", "errors-unavailable")

    # Forged step numbers in the list are refused.
    overview = newest(await user.press(plain("en", "common-back")))
    select_prefix = overview.inline_keyboard[0][0]["callback_data"].rsplit(":", 1)[0]
    for item in ("999", "abc", "-1", str(STEP_CODES.index("asylum-papers"))):  # the last: not in this list
        await user.press_data(f"{select_prefix}:{item}", overview.message_id)
        assert user.callback_answer()["text"] == plain("en", "errors-unavailable")
    assert user.last_keyboard_message().message_id == overview.message_id

    # "My steps" from the main menu shows the same list; /forget erases it.
    await user.command("/start")
    overview = newest(await user.press(plain("en", "menu-steps")))
    assert f"✅ {names[0]}" in user.buttons(overview) and f"⚠️ {names[1]}" in user.buttons(overview)
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    assert await step_rows(running_bot.app) == 0


async def test_m62_quick_check_and_empty_steps(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000002)
    empty = newest(await user.press(plain("en", "menu-steps")))
    assert plain("en", "steps-empty") in empty.text
    assert plain("en", "steps-clear") not in user.buttons(empty)
    intro = newest(await user.press(plain("en", "steps-questions")))
    assert plain("en", "citizenship-intro").split("\n")[0] in intro.text

    # From the intro: a Kazakh citizen is in practice excluded, and is told why and who refers.
    check = newest(await user.press(plain("en", "citizenship-m62-open")))
    assert first_line(check.text) == plain("en", "citizenship-m62-title")
    assert plain("en", "citizenship-m62-q-other-why") in check.text
    await user.press(answer_label("other", "yes"))
    result = newest(await user.press(answer_label("lives", "third")))
    for part in ("verdict-excluded", "referral", "other-citizenship", "uncertain"):
        assert plain("en", f"citizenship-m62-{part}") in result.text, part
    assert plain("en", "citizenship-back-summary") not in user.buttons(result)
    await user.press(plain("en", "common-back"))
    await user.press(plain("en", "common-back"))
    back = newest(await user.press(plain("en", "common-back")))
    assert plain("en", "citizenship-intro").split("\n")[0] in back.text

    # Every question skipped: a summary still, then the check from the summary and back to it.
    question = newest(await user.press(plain("en", "citizenship-begin")))
    for _ in range(8):
        question = newest(await user.press(plain("en", "citizenship-skip")))
    assert plain("en", "citizenship-rule-kz-no-dual") in question.text
    await user.press(plain("en", "citizenship-m62-open"))
    await user.press(plain("en", "citizenship-skip"))
    await user.press(answer_label("lives", "third"))
    result = user.last_keyboard_message()
    assert plain("en", "citizenship-m62-verdict-unknown") in result.text
    # Check again starts from the first question with nothing marked.
    again = newest(await user.press(plain("en", "citizenship-m62-again")))
    assert not any(b.startswith("✓") for b in user.buttons(again))
    await user.press(answer_label("other", "no"))
    result = newest(await user.press(answer_label("lives", "third")))
    assert plain("en", "citizenship-m62-verdict-possible") in result.text
    summary = newest(await user.press(plain("en", "citizenship-back-summary")))
    assert plain("en", "citizenship-rule-kz-no-dual") in summary.text

    # Saving twice adds nothing the second time.
    await user.press(plain("en", "citizenship-save"))
    await user.command("/start")
    await user.press(plain("en", "menu-citizenship"))
    await user.press(plain("en", "citizenship-begin"))
    for _ in range(8):
        await user.press(plain("en", "citizenship-skip"))
    rows = await step_rows(running_bot.app)
    await user.press(plain("en", "citizenship-save"))
    assert user.callback_answer()["text"] == plain("en", "citizenship-saved", count=0)
    assert await step_rows(running_bot.app) == rows

    # Delete the list.
    overview = user.last_keyboard_message()
    await user.press(plain("en", "steps-clear"), overview)
    emptied = newest(await user.press(plain("en", "steps-clear-yes")))
    assert plain("en", "steps-empty") in emptied.text
    assert await step_rows(running_bot.app) == 0


async def test_uyghur_walk_reads_right_to_left(running_bot, emulator) -> None:
    from tests.e2e.test_onboarding import assert_right_to_left

    user = await onboarded(emulator, 650000003, "ug")
    await user.press(plain("ug", "menu-citizenship"))
    await user.press(plain("ug", "citizenship-begin"))
    await user.press(answer_label("kz", "yes", "ug"))
    for _ in range(7):
        summary = newest(await user.press(plain("ug", "citizenship-skip")))
    assert plain("ug", "citizenship-rule-kz-no-dual") in visible(summary.text)
    overview = newest(await user.press(plain("ug", "citizenship-save")))
    step = newest(await user.press(user.buttons(overview)[0]))
    step = newest(await user.press(plain("ug", "steps-mark-stuck")))
    assert plain("ug", "steps-stuck-guidance").split("\n")[0] in visible(step.text)
    assert_right_to_left(emulator, user.chat_id)
