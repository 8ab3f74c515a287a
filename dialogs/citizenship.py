"""Citizenship and deregistration: a short questionnaire, a personal summary, and a quick check
for resettlement to Canada (Motion M-62).

Every question can be skipped, none asks for names, relatives or addresses, and each says why
it is asked. The answers live only in this dialog's (sealed) state and are gone when the dialog
closes; the summary is computed from them by bot/services/citizenship.py `assess`. Only the
steps the person chooses to save are stored (sealed, "My steps", dialogs/steps.py).
"""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button, Column, Row, SwitchTo
from aiogram_dialog.widgets.text import Text

from bot.context import I18nContext
from bot.i18n import format_date
from bot.services.citizenship import (
    FACTS_CHECKED,
    M62_QUESTIONS,
    QUESTIONS,
    Assessment,
    Question,
    assess,
    assess_m62,
    clean_answers,
    clean_m62_answers,
    valid_answer,
    valid_m62_answer,
)
from bot.services.steps import StepsService
from dialogs.common import menu_button
from dialogs.guards import refuse, screen
from dialogs.states import Citizenship, Steps
from dialogs.widgets import Screen, Tr, i18n_of

SKIP = "skip"


def kebab(identifier: str) -> str:
    return identifier.replace("_", "-")


# --- rendering (pure: tests render every combination in every locale) -------------------------


def render_summary(assessment: Assessment, i18n: I18nContext) -> str:
    parts = [i18n("citizenship-summary-intro")]
    rules = [i18n(f"citizenship-rule-{rule}") for rule in assessment.rules]
    parts.append("\n\n".join([i18n("citizenship-summary-rules"), *rules]))
    risks = [i18n(f"citizenship-risk-{risk}") for risk in assessment.risks] or [i18n("citizenship-summary-no-risks")]
    parts.append("\n\n".join([i18n("citizenship-summary-risks"), *risks]))
    steps = [f"• {i18n(f'steps-item-{code}-name')}" for code in assessment.steps]
    parts.append("\n".join([i18n("citizenship-summary-steps"), *steps]))
    parts.append(i18n("citizenship-summary-footer", date=format_date(i18n.locale, FACTS_CHECKED)))
    return "\n\n".join(parts)


def render_m62(parts: tuple[str, ...], i18n: I18nContext) -> str:
    body = [i18n(f"citizenship-m62-{part}") for part in parts]
    body.append(i18n("citizenship-summary-footer", date=format_date(i18n.locale, FACTS_CHECKED)))
    return "\n\n".join(body)


# --- the questionnaire -------------------------------------------------------------------------


class Choice(Text):
    """An answer button; the answer given before (when coming back) is marked with ✓."""

    def __init__(self, key: str, question: str, option: str) -> None:
        super().__init__()
        self.key, self.question, self.option = key, question, option

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        label = i18n_of(manager)(f"citizenship-a-{kebab(self.question)}-{self.option}")
        chosen = (manager.dialog_data.get(self.key) or {}).get(self.question) == self.option
        return f"✓ {label}" if chosen else label


def _split(widget_id: str) -> tuple[str, str]:
    question, _, option = widget_id.rpartition("_")
    return question, option


async def on_begin(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    manager.dialog_data["answers"] = {}


async def on_answer(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    # The widget id names question and option; only ids of this window's buttons get here.
    question, option = _split(button.widget_id)
    answers = clean_answers(manager.dialog_data.get("answers"))
    if option == SKIP:
        answers.pop(question, None)
    elif valid_answer(question, option):
        answers[question] = option
    manager.dialog_data["answers"] = answers


def progress(number: int) -> Any:
    return lambda data, i18n: i18n("citizenship-progress", number=number, total=len(QUESTIONS))


def _question_window(index: int, question: Question):
    state = getattr(Citizenship, question.id)
    after = getattr(Citizenship, QUESTIONS[index + 1].id) if index + 1 < len(QUESTIONS) else Citizenship.summary
    before = getattr(Citizenship, QUESTIONS[index - 1].id) if index else Citizenship.intro
    name = kebab(question.id)
    return screen(
        Screen("citizenship-title", progress(index + 1), f"citizenship-q-{name}", f"citizenship-q-{name}-why"),
        Column(
            *(
                SwitchTo(Choice("answers", question.id, option), id=f"{question.id}_{option}", state=after, on_click=on_answer)
                for option in question.options
            )
        ),
        SwitchTo(Tr("citizenship-skip"), id=f"{question.id}_{SKIP}", state=after, on_click=on_answer),
        Row(SwitchTo(Tr("common-back"), id=f"{question.id}_back", state=before), menu_button()),
        state=state,
    )


# --- the summary ---------------------------------------------------------------------------------


def current_assessment(manager: DialogManager) -> Assessment:
    return assess(clean_answers(manager.dialog_data.get("answers")))


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"summary": render_summary(current_assessment(dialog_manager), i18n_of(dialog_manager))}


async def on_save(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    data = manager.middleware_data
    steps = current_assessment(manager).steps
    if not steps:
        await refuse(callback, manager, "errors-unavailable")
        return
    added = await StepsService.from_data(data).save(data["user_profile"].id, steps)
    await callback.answer(i18n_of(manager)("citizenship-saved", count=added))
    await manager.start(Steps.overview)


# --- resettlement to Canada (M-62) ---------------------------------------------------------------


async def on_m62_from_intro(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(m62={}, m62_from_summary=False)


async def on_m62_from_summary(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    manager.dialog_data.update(m62={}, m62_from_summary=True)


async def on_m62_answer(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    question, option = _split(button.widget_id.removeprefix("m62_"))
    answers = clean_m62_answers(manager.dialog_data.get("m62"))
    if option == SKIP:
        answers.pop(question, None)
    elif valid_m62_answer(question, option):
        answers[question] = option
    manager.dialog_data["m62"] = answers


async def m62_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    parts = assess_m62(clean_m62_answers(dialog_manager.dialog_data.get("m62")))
    from_summary = bool(dialog_manager.dialog_data.get("m62_from_summary"))
    return {"result": render_m62(parts, i18n_of(dialog_manager)), "from_summary": from_summary, "from_intro": not from_summary}


def _m62_window(question: Question, state, after, back: list):
    return screen(
        Screen("citizenship-m62-title", f"citizenship-m62-q-{question.id}", f"citizenship-m62-q-{question.id}-why"),
        Column(
            *(
                SwitchTo(Choice("m62", question.id, option), id=f"m62_{question.id}_{option}", state=after, on_click=on_m62_answer)
                for option in question.options
            )
        ),
        SwitchTo(Tr("citizenship-skip"), id=f"m62_{question.id}_{SKIP}", state=after, on_click=on_m62_answer),
        Row(*back, menu_button()),
        getter=m62_getter,
        state=state,
    )


def create_dialog() -> Dialog:
    other, lives = M62_QUESTIONS
    return Dialog(
        screen(
            Screen("citizenship-title", "citizenship-intro"),
            SwitchTo(Tr("citizenship-begin"), id="begin", state=Citizenship.kz, on_click=on_begin),
            SwitchTo(Tr("citizenship-m62-open"), id="m62_intro", state=Citizenship.m62_other, on_click=on_m62_from_intro),
            menu_button(),
            state=Citizenship.intro,
        ),
        *(_question_window(i, q) for i, q in enumerate(QUESTIONS)),
        screen(
            Screen("citizenship-title", lambda data, _: data["summary"]),
            Button(Tr("citizenship-save"), id="save", on_click=on_save),
            SwitchTo(Tr("citizenship-m62-open"), id="m62_summary", state=Citizenship.m62_other, on_click=on_m62_from_summary),
            SwitchTo(Tr("citizenship-change"), id="change", state=Citizenship.kz),
            menu_button(),
            getter=summary_getter,
            state=Citizenship.summary,
        ),
        _m62_window(
            other,
            Citizenship.m62_other,
            Citizenship.m62_lives,
            [
                SwitchTo(Tr("common-back"), id="m62_back_intro", state=Citizenship.intro, when="from_intro"),
                SwitchTo(Tr("common-back"), id="m62_back_summary", state=Citizenship.summary, when="from_summary"),
            ],
        ),
        _m62_window(
            lives,
            Citizenship.m62_lives,
            Citizenship.m62_result,
            [SwitchTo(Tr("common-back"), id="m62_back_other", state=Citizenship.m62_other)],
        ),
        screen(
            Screen("citizenship-m62-title", lambda data, _: data["result"]),
            SwitchTo(Tr("citizenship-m62-again"), id="m62_again", state=Citizenship.m62_other, on_click=_m62_again),
            Row(
                SwitchTo(Tr("common-back"), id="m62_back_lives", state=Citizenship.m62_lives),
                SwitchTo(Tr("citizenship-back-summary"), id="m62_to_summary", state=Citizenship.summary, when="from_summary"),
            ),
            menu_button(),
            getter=m62_getter,
            state=Citizenship.m62_result,
        ),
    )


async def _m62_again(callback: CallbackQuery, _: Any, manager: DialogManager) -> None:
    manager.dialog_data["m62"] = {}
