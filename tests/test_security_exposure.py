"""docs/security.md lists exactly what a seized database shows, and a real session leaves no more.

1. The table between the `readable-columns` markers in docs/security.md is computed from the
   models (storage/models.py) minus the sealed registry (storage/sealed.py). A new table or
   column fails this test until the doc lists it, with a description, so the page cannot drift.
2. A database written by driving the real bot (onboarding, a FAQ search, papers with a place,
   the questionnaire and steps, a quick-wipe word) is dumped row by row, and on SQLite also byte
   by byte: nothing the user typed and no form of their Telegram id may appear, while the sealed
   columns must open to what was typed (so the check is not vacuous).
"""

from __future__ import annotations

import struct
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from storage.models import Base
from storage.sealed import SEALED_COLUMNS
from tests.e2e.test_citizenship import ANSWERS, answer_label
from tests.e2e.test_faq import onboarded
from tests.e2e.test_papers import add_typed, open_papers
from tests.support.screens import plain
from tests.support.telegram_client import newest

DOC = Path(__file__).resolve().parents[1] / "docs" / "security.md"
START, END = "<!-- readable-columns:start -->", "<!-- readable-columns:end -->"
HEADER = (
    "| Table | Readable without the keys | Sealed | What the readable columns tell |\n"
    "|---|---|---|---|"
)
UNDESCRIBED = "TODO: say what these columns tell someone without the keys"
# Tables the database holds besides the models: Alembic's schema revision only.
NOT_MODELS = {"alembic_version"}

USER_ID = 987_650_000_321
MARKERS = {
    "search": "Зерде-7q2k қорғау asylum",
    "place": "ئۈرۈمچى-7q2k office",
    "word": "tulip7q2k",
}


# --- 1. the documented table is exact --------------------------------------------------------


def _names(columns: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in columns) or "-"


def computed_rows() -> list[tuple[str, str, str]]:
    """(table, readable columns, sealed columns) for every model table, in declaration order."""
    sealed = {(c.table.name, c.column) for c in SEALED_COLUMNS}
    rows = []
    for table in Base.metadata.tables.values():
        names = [column.name for column in table.columns]
        rows.append((
            f"`{table.name}`",
            _names([n for n in names if (table.name, n) not in sealed]),
            _names([n for n in names if (table.name, n) in sealed]),
        ))
    return rows


def documented_block() -> str:
    page = DOC.read_text(encoding="utf-8")
    assert page.count(START) == 1 and page.count(END) == 1, f"{DOC.name} needs one {START} ... {END} block"
    return page.split(START, 1)[1].split(END, 1)[0].strip()


def descriptions(block: str) -> dict[str, str]:
    found = {}
    for line in block.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4:
            found[cells[0]] = cells[3]
    return found


def expected_block(described: dict[str, str]) -> str:
    lines = [HEADER]
    for table, readable, sealed in computed_rows():
        lines.append(f"| {table} | {readable} | {sealed} | {described.get(table) or UNDESCRIBED} |")
    return "\n".join(lines)


def test_security_doc_lists_exactly_the_readable_columns() -> None:
    block = documented_block()
    expected = expected_block(descriptions(block))
    assert block == expected, (
        f"docs/security.md's readable-columns table does not match storage/models.py and "
        f"storage/sealed.py. Replace the block between the markers with:\n\n{expected}\n"
    )
    undescribed = [table for table, text_ in descriptions(block).items() if not text_ or text_ == UNDESCRIBED]
    assert not undescribed, f"describe what these tables expose in docs/security.md: {undescribed}"


def test_the_doc_check_notices_a_new_table_and_a_new_sealed_column(monkeypatch) -> None:
    """The check is generic: a table the models gain later must appear in the doc."""
    from sqlalchemy import Column, Integer, LargeBinary, Table

    from storage.sealed import SealedColumn

    extra = Table("later_feature", Base.metadata, Column("id", Integer, primary_key=True), Column("sealed", LargeBinary))
    try:
        class Later:
            __table__ = extra

        monkeypatch.setattr("tests.test_security_exposure.SEALED_COLUMNS",
                            (*SEALED_COLUMNS, SealedColumn(Later, "sealed", lambda row: "")))  # type: ignore[arg-type]
        expected = expected_block(descriptions(documented_block()))
        assert f"| `later_feature` | `id` | `sealed` | {UNDESCRIBED} |" in expected
        assert expected != documented_block()
    finally:
        Base.metadata.remove(extra)


# --- 2. a real session leaves nothing readable -----------------------------------------------


def id_forms(telegram_id: int) -> list[bytes]:
    return [str(telegram_id).encode(), struct.pack(">q", telegram_id), struct.pack("<q", telegram_id),
            f"{telegram_id:x}".encode()]


def marker_forms(marker: str) -> list[bytes]:
    forms = [marker.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
    forms.append(marker.encode("ascii", "xmlcharrefreplace"))  # as HTML entities
    forms.append(marker.encode("unicode_escape"))  # as JSON-style escapes
    return forms


def as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, datetime | date):
        return value.isoformat().encode()
    return str(value).encode("utf-8")


async def drive_everything(emulator) -> None:
    user = await onboarded(emulator, USER_ID, "kk")
    await user.send_text(MARKERS["search"])  # free text in the menu: a FAQ search

    # Switch to English for the flows below (their helpers press English labels).
    await user.command("/language")
    await user.press("English")

    await open_papers(user)
    await add_typed(user, "asylum-seeker", date.today() + timedelta(days=365), MARKERS["place"])

    await user.command("/menu")
    await user.press(plain("en", "menu-citizenship"))
    await user.press(plain("en", "citizenship-begin"))
    for name, option in ANSWERS.items():
        await user.press(answer_label(name, option) if option else plain("en", "citizenship-skip"))
    overview = newest(await user.press(plain("en", "citizenship-save")))
    await user.press(user.buttons(overview)[0])
    await user.press(plain("en", "steps-mark-stuck"))

    await set_wipe_word(user, MARKERS["word"])


async def set_wipe_word(user, word: str) -> None:
    await user.command("/privacy")
    await user.press(plain("en", "privacy-wipe-word"))
    await user.press(plain("en", "privacy-wipe-word-set"))
    await user.send_text(word)


async def dump(engine) -> dict[str, list[dict[str, Any]]]:
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda c: inspect(c).get_table_names())
        tables = {}
        for name in names:
            result = await connection.execute(text(f'SELECT * FROM "{name}"'))
            tables[name] = [dict(row._mapping) for row in result]
        columns = await connection.run_sync(
            lambda c: {n: {col["name"] for col in inspect(c).get_columns(n)} for n in names}
        )
    return {"rows": tables, "columns": columns}


async def test_a_populated_database_shows_no_typed_text_and_no_telegram_id(running_bot, emulator, database_url) -> None:
    await drive_everything(emulator)
    app = running_bot.app
    snapshot = await dump(app.engine)

    # The live schema is the models' schema: nothing exists that the doc check would miss.
    live = {name: cols for name, cols in snapshot["columns"].items() if name not in NOT_MODELS}
    modelled = {table.name: {c.name for c in table.columns} for table in Base.metadata.tables.values()}
    assert live == modelled

    # Positive control: every sealed column opens, and what was typed is really inside.
    opened = []
    for sealed in SEALED_COLUMNS:
        async with app.engine.connect() as connection:
            rows = (await connection.execute(select(sealed.table))).mappings().all()
        for row in rows:
            opened.append(app.cipher.open(row[sealed.column], sealed.context(row)))
    everything_sealed = b"\n".join(opened)
    assert str(USER_ID).encode() in everything_sealed
    assert MARKERS["place"].encode() in everything_sealed

    # Nothing readable: no typed text, no form of the id, in any row of any table.
    values = [v for rows in snapshot["rows"].values() for row in rows for v in row.values()]
    haystack = b"\n".join(as_bytes(v) for v in values)
    for name, marker in MARKERS.items():
        for form in marker_forms(marker):
            assert form not in haystack, f"typed text ({name}) found in the database as {form!r}"
    for form in id_forms(USER_ID):
        assert form not in haystack, f"Telegram id found in the database as {form!r}"
    assert USER_ID not in values

    # And the files themselves (free pages, WAL, journal), on SQLite.
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert len(raw) > 100_000  # the seeded FAQ at least: the file was really read
        for marker in MARKERS.values():
            for form in marker_forms(marker):
                assert form not in raw, f"{marker!r} found in the database files"
        for form in id_forms(USER_ID):
            assert form not in raw, f"Telegram id found in the database files as {form!r}"
