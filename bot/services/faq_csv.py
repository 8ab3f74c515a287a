"""The whole FAQ as one CSV file for spreadsheets, and the checked way back in.

UTF-8 with a byte-order mark, so spreadsheet programs read Arabic and Cyrillic script. One row
per answer and language. An import is all or nothing: every problem of the file is listed with
its row (as a spreadsheet numbers them, the header being row 1) and nothing changes until the
whole file is valid. Rows leave answers and languages they do not mention alone.
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storage.faq_admin import ItemState, TopicAdmin

COLUMNS = ["item_id", "slug", "topic", "locale", "question", "answer", "keywords", "sources", "verified_on",
           "recheck_by"]
MAX_BYTES = 10 * 1024 * 1024
MAX_SHOWN_ERRORS = 15
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
# A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula:
# an answer "=HYPERLINK(...)" would act when a coordinator opens the export. Such a cell is written
# after a "'" (text to a spreadsheet) and the import takes that "'" off; a cell whose own "'"s come
# before one of those characters gets one more, so every text reads back exactly as it was.
FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    return "'" + cell if FORMULA_START.match(cell) else cell


def restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and FORMULA_START.match(cell) else cell


def format_sources(sources: list[list[str]]) -> str:
    return "\n".join(" | ".join(part for part in source) for source in sources)


def parse_sources(cell: str) -> list[list[str]] | None:
    sources = []
    for line in (x for x in cell.splitlines() if x.strip()):
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        title, url, published, confidence = parts[0], parts[1], parts[2], parts[3][:1].upper()
        if not title or (url and not url.startswith(("https://", "http://"))) or confidence not in ("", "H", "M", "L"):
            return None
        sources.append([title, url, published, confidence])
    return sources


def export_csv(states: list[tuple[int, ItemState]], topics: list[TopicAdmin], locales: list[str]) -> bytes:
    slugs = {t.id: t.slug for t in topics}
    order = {t.id: t.position for t in topics}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item_id, state in sorted(states, key=lambda s: (order.get(s[1]["topic_id"], 0), s[1]["position"], s[0])):
        for locale in sorted(state["texts"], key=lambda loc: (locales.index(loc) if loc in locales else 99, loc)):
            question, answer, keywords = state["texts"][locale]
            cells = [item_id, state["slug"], slugs.get(state["topic_id"], ""), locale, question, answer, keywords,
                     format_sources(state["sources"]), state["verified_on"], state["recheck_by"] or ""]
            writer.writerow([neutralise(str(cell)) for cell in cells])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Problem:
    row: int  # 0: the whole file
    code: str  # coordinator-import-error-<code>
    args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    item_id: int | None  # None: a new item
    slug: str
    locales: list[str]  # languages whose text changes
    details: bool  # topic, sources or dates change
    state: ItemState


def _decode(data: bytes) -> tuple[str | None, Problem | None]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(0, "encoding", {"line": str(line)})


def parse_import(data: bytes, states: dict[int, ItemState], topics: list[TopicAdmin],
                 locales: list[str]) -> tuple[list[Change], list[Problem]]:
    text, problem = _decode(data)
    if problem is not None:
        return [], [problem]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return [], [Problem(0, "unreadable")]
    if not rows or [c.strip() for c in rows[0]] != COLUMNS:
        found = ", ".join(c.strip() for c in rows[0]) if rows else ""
        return [], [Problem(1, "columns", {"expected": ", ".join(COLUMNS), "found": found or "—"})]
    topic_ids = {t.slug: t.id for t in topics}
    slug_ids = {s["slug"]: i for i, s in states.items()}
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    item_fields: dict[str, tuple[int, tuple]] = {}
    new_states: dict[str, tuple[int | None, ItemState]] = {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(COLUMNS):
            problems.append(Problem(number, "cells", {"count": str(len(raw)), "expected": str(len(COLUMNS))}))
            continue
        row = dict(zip(COLUMNS, (restore(cell.replace("\r\n", "\n").strip()) for cell in raw), strict=True))
        before = len(problems)
        item_id: int | None = None
        if row["item_id"]:
            item_id = int(row["item_id"]) if row["item_id"].isdigit() and len(row["item_id"]) < 12 else -1
            if item_id not in states:
                problems.append(Problem(number, "unknown-id", {"id": row["item_id"]}))
            elif states[item_id]["slug"] != row["slug"]:
                problems.append(Problem(number, "slug-mismatch", {"id": row["item_id"], "slug": row["slug"]}))
        elif not SLUG.match(row["slug"]):
            problems.append(Problem(number, "slug", {"slug": row["slug"]}))
        elif row["slug"] in slug_ids:
            problems.append(Problem(number, "slug-taken", {"slug": row["slug"]}))
        if row["locale"] not in locales:
            problems.append(Problem(number, "locale", {"language": row["locale"] or "—", "known": ", ".join(locales)}))
        if row["topic"] not in topic_ids:
            problems.append(Problem(number, "topic", {"topic": row["topic"] or "—"}))
        for column in ("question", "answer"):
            if not row[column]:
                problems.append(Problem(number, f"empty-{column}"))
        verified, recheck = _date(row["verified_on"]), _date(row["recheck_by"]) if row["recheck_by"] else ""
        if verified is None or recheck is None:
            problems.append(Problem(number, "date"))
        sources = parse_sources(row["sources"])
        if sources is None:
            problems.append(Problem(number, "sources"))
        key = (row["item_id"] or row["slug"], row["locale"])
        if key in seen:
            problems.append(Problem(number, "duplicate", {"id": key[0], "language": key[1], "other": str(seen[key])}))
        seen.setdefault(key, number)
        if len(problems) > before:
            continue
        details = (row["topic"], row["sources"], row["verified_on"], row["recheck_by"])
        first = item_fields.setdefault(key[0], (number, details))
        if first[1] != details:
            problems.append(Problem(number, "inconsistent", {"id": key[0], "other": str(first[0])}))
            continue
        if key[0] not in new_states:
            base = copy.deepcopy(states[item_id]) if item_id is not None else {
                "slug": row["slug"], "position": 1000 + number, "texts": {}}
            base.update(topic_id=topic_ids[row["topic"]], sources=sources, verified_on=verified,
                        recheck_by=recheck or None)
            new_states[key[0]] = (item_id, base)
        new_states[key[0]][1]["texts"][row["locale"]] = [row["question"], row["answer"], row["keywords"]]
    if len(rows) < 2 and not problems:
        problems.append(Problem(0, "empty"))
    if problems:
        return [], problems
    changes = []
    for item_id, state in new_states.values():
        old = states.get(item_id) if item_id is not None else None
        if state == old:
            continue
        old_texts = (old or {}).get("texts", {})
        changed = sorted(loc for loc, text in state["texts"].items() if old_texts.get(loc) != text)
        details = old is None or any(state[k] != old[k] for k in ("topic_id", "sources", "verified_on", "recheck_by"))
        changes.append(Change(item_id, state["slug"], changed, details, state))
    return changes, []


def _date(value: str) -> str | None:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def as_data(changes: list[Change]) -> list[dict[str, Any]]:
    return [{"item_id": c.item_id, "state": c.state} for c in changes]
