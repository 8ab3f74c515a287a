"""Citizenship and deregistration: `assess` over every combination of answers, and every summary,
M-62 result and step screen rendered in every offered locale.

The summary is a function of the Assessment alone (`render_summary(assessment, i18n)`), so
rendering every distinct assessment that any combination of answers produces covers every
combination. Rendered text must have no Fluent error, be valid Telegram HTML, fit in one
message (4096 characters after parsing) and start with a neutral title line.
"""

from __future__ import annotations

import inspect
import logging
from datetime import date

import pytest

from bot.context import I18nContext
from bot.emulator.html import parse_html
from bot.sensitive_words import sensitive_hits
from bot.services.citizenship import (
    M62_QUESTIONS,
    QUESTIONS,
    RISK_IDS,
    RULE_IDS,
    STATUSES,
    STEP_CODES,
    assess,
    assess_m62,
    clean_answers,
    every_answer_combination,
    every_m62_combination,
)
from dialogs.citizenship import render_m62, render_summary
from dialogs.steps import render_step
from storage.steps import StepEntry
from tests.support.screens import OFFERED, translator

TELEGRAM_LIMIT = 4096


@pytest.fixture(scope="module")
def assessments() -> dict:
    """Every distinct assessment, with one combination of answers that produces it."""
    found: dict = {}
    for answers in every_answer_combination():
        found.setdefault(assess(answers), answers)
    return found


class FluentErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@pytest.fixture
def fluent_errors():
    handler = FluentErrors()
    logger = logging.getLogger("bot.i18n")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def check_message(title_id: str, body: str, i18n: I18nContext, what: str) -> str:
    text = i18n.compose(title_id, body)
    plain, _ = parse_html(text)  # raises on HTML Telegram would refuse
    assert len(plain) <= TELEGRAM_LIMIT, f"{what} in {i18n.locale}: {len(plain)} characters"
    first = plain.split("\n", 1)[0]
    assert not sensitive_hits(first), f"{what}: first line {first!r}"
    assert plain.strip() != first.strip(), f"{what} in {i18n.locale}: empty body"
    return plain


# --- the rules --------------------------------------------------------------------------------


def test_every_combination_is_enumerated() -> None:
    expected = 1
    for question in QUESTIONS:
        expected *= len(question.options) + 1  # each option, or skipped
    assert sum(1 for _ in every_answer_combination()) == expected == 20736


def test_every_combination_gives_a_non_empty_summary_of_known_ids(assessments) -> None:
    for assessment, answers in assessments.items():
        assert assessment.rules, answers
        assert assessment.steps and assessment.steps[0] == "keep-papers", answers
        assert set(assessment.rules) <= set(RULE_IDS)
        assert set(assessment.risks) <= set(RISK_IDS)
        assert set(assessment.steps) <= set(STEP_CODES)
        assert list(assessment.steps) == [s for s in STEP_CODES if s in assessment.steps]  # fixed order


def test_every_rule_risk_and_step_is_reachable(assessments) -> None:
    assert {r for a in assessments for r in a.rules} == set(RULE_IDS)
    assert {r for a in assessments for r in a.risks} == set(RISK_IDS)
    assert {s for a in assessments for s in a.steps} == set(STEP_CODES)


def test_answers_lead_to_the_right_rules_and_steps() -> None:
    dual = assess({"kz": "yes", "cn_passport": "yes", "hukou": "active", "residence": "kz"})
    assert {"kz-no-dual", "kz-art-496", "cn-art-9", "cn-practice", "data-exchange"} <= set(dual.rules)
    assert {"cn-passport", "hukou-active", "consulate", "travel"} <= set(dual.risks)  # travel skipped: kept
    assert "report-citizenship" in dual.steps and "hukou-proof" in dual.steps

    stateless = assess({"kz": "no", "kandas": "no", "travel": "no", "hukou": "cancelled"})
    assert stateless.rules == ("not-citizen",)
    assert stateless.risks == ()
    assert stateless.steps == ("keep-papers", "asylum-papers")

    kandas = assess({"kz": "no", "kandas": "yes"})
    assert "kandas-renounce" in kandas.rules and "renunciation" in kandas.steps
    assert "kz-no-dual" in kandas.rules and "not-citizen" not in kandas.rules  # the rules ahead, no contradiction

    told = assess({"kz": "yes", "travel": "no", "told_return": "yes", "residence": "other"})
    assert {"told-return", "travel", "consulate-elsewhere"} <= set(told.risks)
    assert {"record-instruction", "advice-before-travel"} <= set(told.steps)

    fined = assess({"kz": "no", "penalty": "fined"})
    assert "kz-art-496" in fined.rules and "penalty-fined" in fined.risks and "legal-advice-penalty" in fined.steps
    assert "penalty-summoned" in assess({"penalty": "summoned"}).risks

    nothing = assess({})  # everything skipped: nothing is assumed away
    assert {"kz-no-dual", "kz-art-496", "cn-art-9", "cn-practice", "data-exchange"} <= set(nothing.rules)
    assert "travel" in nothing.risks


def test_forged_or_stale_answers_are_ignored() -> None:
    assert clean_answers({"kz": "maybe", "name": "Aisha", "hukou": "active", 3: "yes"}) == {"hukou": "active"}
    assert clean_answers("kz=yes") == {}
    assert assess({"kz": "maybe"}) == assess({})


# --- rendering ----------------------------------------------------------------------------------


def test_summary_depends_only_on_the_assessment() -> None:
    assert list(inspect.signature(render_summary).parameters) == ["assessment", "i18n"]


@pytest.mark.parametrize("locale", OFFERED)
def test_every_summary_renders_in_every_locale(locale, assessments, fluent_errors) -> None:
    i18n = I18nContext(translator(), locale)
    longest = 0
    for assessment in assessments:
        for message_id in (
            *(f"citizenship-rule-{r}" for r in assessment.rules),
            *(f"citizenship-risk-{r}" for r in assessment.risks),
            *(f"steps-item-{s}-name" for s in assessment.steps),
        ):
            assert translator().has(locale, message_id), f"{locale}: {message_id} missing"
        plain = check_message("citizenship-title", render_summary(assessment, i18n), i18n, f"summary {assessment}")
        longest = max(longest, len(plain))
    assert not fluent_errors
    assert longest > 1000  # the check above really saw full summaries


def test_m62_every_combination() -> None:
    combinations = list(every_m62_combination())
    assert len(combinations) == 9
    results = {tuple(sorted(a.items())): assess_m62(a) for a in combinations}
    assert results[(("lives", "third"), ("other", "yes"))][0] == "verdict-excluded"
    assert assess_m62({"other": "yes", "lives": "china"})[0] == "verdict-excluded"
    assert assess_m62({"other": "no", "lives": "china"})[0] == "verdict-china"
    assert assess_m62({"other": "no", "lives": "third"})[0] == "verdict-possible"
    assert assess_m62({})[0] == "verdict-unknown"
    for parts in results.values():
        assert {"about", "referral", "uncertain"} <= set(parts)  # who refers, always
    assert "other-citizenship" in assess_m62({"other": "yes"})  # why Kazakh citizens are excluded
    assert "other-citizenship" not in assess_m62({"other": "no", "lives": "third"})
    assert {q.id for q in M62_QUESTIONS} == {"other", "lives"}


@pytest.mark.parametrize("locale", OFFERED)
def test_m62_and_steps_render_in_every_locale(locale, fluent_errors) -> None:
    i18n = I18nContext(translator(), locale)
    for answers in every_m62_combination():
        check_message("citizenship-m62-title", render_m62(assess_m62(answers), i18n), i18n, f"M-62 {answers}")
    for code in STEP_CODES:
        for status in STATUSES:
            entry = StepEntry(1, 1, code, status, date(2026, 11, 22))
            plain = check_message("steps-title", render_step(entry, i18n), i18n, f"step {code} {status}")
            guidance = parse_html(i18n("steps-stuck-guidance"))[0].split("\n", 1)[0]
            assert (guidance.replace("\u200f", "") in plain.replace("\u200f", "")) == (status == "stuck")
    for question in QUESTIONS:
        name = question.id.replace("_", "-")
        for message_id in (f"citizenship-q-{name}", f"citizenship-q-{name}-why"):
            check_message("citizenship-title", i18n(message_id), i18n, message_id)
    assert not fluent_errors
