"""Citizenship and deregistration: from a person's answers to the rules, risks and next steps.

Pure functions only (no database, no Telegram), so every combination of answers is tested
(tests/test_citizenship_rules.py). The facts behind each rule, risk and step are in
/work/shared/domain-facts.md, "Dual citizenship and deregistration from China" and
"Resettlement to Canada"; their texts are the `citizenship-rule-*`, `citizenship-risk-*` and
`steps-item-*` messages, which say "reported" where a fact is not from an official text.

An answer that is missing means the person skipped the question: nothing is assumed, and the
summary keeps the rules and risks that might apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import product

# When the facts behind these texts were last checked (shown to the user).
FACTS_CHECKED = date(2026, 11, 22)


@dataclass(frozen=True)
class Question:
    id: str
    options: tuple[str, ...]


# The questionnaire, in order. Ids and options are part of the dialog state and of the
# callback data (widget ids `<question>_<option>`): letters and underscores only, and an
# option never contains "_".
QUESTIONS: tuple[Question, ...] = (
    Question("kz", ("yes", "applying", "no")),  # Kazakh citizenship
    Question("cn_passport", ("yes", "no")),  # still holds a Chinese passport
    Question("hukou", ("active", "cancelled", "unsure")),  # household registration in China
    Question("kandas", ("yes", "applying", "no")),  # kandas status
    Question("residence", ("kz", "other")),  # where the person lives
    Question("travel", ("yes", "no")),  # travels or plans to travel to China
    Question("told_return", ("yes", "no")),  # told to go back to China to cancel the hukou
    Question("penalty", ("fined", "summoned", "no")),  # fined or summoned in Kazakhstan
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)
_OPTIONS = {q.id: q.options for q in QUESTIONS}

# Every step the summary can suggest, in the order they are shown. The codes are stored
# (sealed) in user_steps: never rename one, only add.
STEP_CODES: tuple[str, ...] = (
    "keep-papers",
    "legal-advice-penalty",
    "report-citizenship",
    "renunciation",
    "hukou-proof",
    "record-instruction",
    "advice-before-travel",
    "asylum-papers",
)
STATUSES: tuple[str, ...] = ("todo", "done", "stuck")

RULE_IDS = ("not-citizen", "kz-no-dual", "kz-art-496", "kandas-renounce", "cn-art-9", "cn-practice", "data-exchange")
RISK_IDS = ("penalty-fined", "penalty-summoned", "cn-passport", "hukou-active", "travel", "told-return", "consulate", "consulate-elsewhere")


@dataclass(frozen=True)
class Assessment:
    rules: tuple[str, ...]
    risks: tuple[str, ...]
    steps: tuple[str, ...]


def valid_answer(question: str, option: str) -> bool:
    return option in _OPTIONS.get(question, ())


def clean_answers(raw: object) -> dict[str, str]:
    """Only known questions with known options; anything else (old or damaged state) is dropped."""
    if not isinstance(raw, Mapping):
        return {}
    return {q: a for q, a in raw.items() if isinstance(q, str) and isinstance(a, str) and valid_answer(q, a)}


def assess(answers: Mapping[str, str]) -> Assessment:
    a = clean_answers(answers)
    kz, cn_passport, hukou = a.get("kz"), a.get("cn_passport"), a.get("hukou")
    kandas, residence, travel = a.get("kandas"), a.get("residence"), a.get("travel")
    told_return, penalty = a.get("told_return"), a.get("penalty")

    citizen_or_unknown = kz in ("yes", None)
    becoming = kz == "applying" or (kz != "yes" and kandas in ("yes", "applying"))
    penalised = penalty in ("fined", "summoned")
    hukou_open = hukou in ("active", "unsure", None)

    rules: list[str] = []
    if kz == "no" and not becoming:  # someone becoming a citizen gets the rules that will apply
        rules.append("not-citizen")
    if kz != "no" or becoming:
        rules.append("kz-no-dual")
    if citizen_or_unknown or penalised:
        rules.append("kz-art-496")
    if becoming:
        rules.append("kandas-renounce")
    if kz != "no" or becoming:
        rules.append("cn-art-9")
    if kz != "no" or hukou != "cancelled" or cn_passport == "yes" or told_return == "yes":
        rules.append("cn-practice")
    if kz in ("yes", "applying", None):
        rules.append("data-exchange")

    risks: list[str] = []
    if penalty == "fined":
        risks.append("penalty-fined")
    if penalty == "summoned":
        risks.append("penalty-summoned")
    if kz == "yes" and cn_passport == "yes":
        risks.append("cn-passport")
    if kz in ("yes", None) and hukou in ("active", "unsure"):
        risks.append("hukou-active")
    if travel in ("yes", None) or told_return == "yes":
        risks.append("travel")
    if told_return == "yes":
        risks.append("told-return")
    if hukou_open and kz != "no":
        risks.append("consulate" if residence in ("kz", None) else "consulate-elsewhere")

    steps: list[str] = ["keep-papers"]
    if penalised:
        steps.append("legal-advice-penalty")
    if kz == "yes" and (cn_passport == "yes" or hukou in ("active", "unsure")):
        steps.append("report-citizenship")
    if becoming:
        steps.append("renunciation")
    if hukou_open and kz != "no":
        steps.append("hukou-proof")
    if told_return == "yes":
        steps.append("record-instruction")
    if travel in ("yes", None) or told_return == "yes":
        steps.append("advice-before-travel")
    if kz == "no" and kandas in ("no", None):
        steps.append("asylum-papers")

    return Assessment(tuple(rules), tuple(risks), tuple(s for s in STEP_CODES if s in steps))


def every_answer_combination():
    """Every possible set of answers, each question answered with each option or skipped."""
    choices = [(None, *q.options) for q in QUESTIONS]
    for values in product(*choices):
        yield {q: v for q, v in zip(QUESTION_IDS, values) if v is not None}


# --- resettlement to Canada (Motion M-62): a quick check --------------------------------------

M62_QUESTIONS: tuple[Question, ...] = (
    Question("other", ("yes", "no")),  # holds a citizenship other than Chinese (e.g. Kazakh)
    Question("lives", ("third", "china")),  # lives in a third country, or in China
)
_M62_OPTIONS = {q.id: q.options for q in M62_QUESTIONS}


def valid_m62_answer(question: str, option: str) -> bool:
    return option in _M62_OPTIONS.get(question, ())


def clean_m62_answers(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {q: a for q, a in raw.items() if isinstance(q, str) and isinstance(a, str) and valid_m62_answer(q, a)}


def assess_m62(answers: Mapping[str, str]) -> tuple[str, ...]:
    """Which `citizenship-m62-*` parts the result shows, in order."""
    a = clean_m62_answers(answers)
    other, lives = a.get("other"), a.get("lives")
    parts = ["verdict-excluded" if other == "yes" else "verdict-china" if lives == "china"
             else "verdict-possible" if (other, lives) == ("no", "third") else "verdict-unknown"]
    parts += ["about", "referral"]
    if other != "no":
        parts.append("other-citizenship")
    if lives != "third":
        parts.append("from-third-countries")
    parts.append("uncertain")
    return tuple(parts)


def every_m62_combination():
    choices = [(None, *q.options) for q in M62_QUESTIONS]
    for values in product(*choices):
        yield {q.id: v for q, v in zip(M62_QUESTIONS, values) if v is not None}
