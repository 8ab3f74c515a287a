"""Key rotation, encrypted backups and the registry of sealed columns.

Data goes in through the real repositories and FSM storage, so rotation and backups are tested
against the ciphertexts the bot really writes. Runs on PostgreSQL too (TIREK_TEST_DATABASE_URL).
"""

from __future__ import annotations

import base64
import os
import re
import struct
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import LargeBinary, select, update

from bot.i18n import Translator
from bot.services.faq_seed import seed_faq
from storage import models
from storage.backup import MAGIC, BackupError, restore_backup, write_backup
from storage.crypto import Cipher, IdHasher
from storage.db import create_engine, create_session_factory
from storage.fsm import SealedSqlStorage
from storage.models import Base, FaqTranslation
from storage.repositories import ChatMessageRepository, UpdateRepository, UserRepository
from storage.rotation import rotate_keys
from storage.sealed import FSM_RECORD, SEALED_COLUMNS, USER_TG_ID
from storage.steps import StepRepository
from tests.conftest import fresh_database

MARKER = "MARKER-q7Zx wrote this in a dialog"
TG_IDS = [7300012345 + 1111 * i for i in range(7)]
OLD, NEW = ("old1", os.urandom(32)), ("new2", os.urandom(32))
STEP_USERS = 3


@pytest.fixture
async def fresh_url(tmp_path):
    """A second, empty database on the same backend, for restores."""
    async with fresh_database(tmp_path / "restored.db") as url:
        yield url


def fsm_key(tg_id: int) -> StorageKey:
    return StorageKey(bot_id=1, chat_id=tg_id, user_id=tg_id, destiny="aiogd:stack:")


async def populate(engine, cipher: Cipher, hasher: IdHasher) -> None:
    """Every table gets rows, written the way the bot writes them."""
    sessions, now = create_session_factory(engine), datetime.now(UTC)
    async with sessions() as session:
        await seed_faq(session, Translator())
        users = UserRepository(session, cipher, hasher)
        for tg_id in TG_IDS:
            await users.get_or_create(tg_id, date(2026, 1, 2))
            await ChatMessageRepository(session).record_many([(hasher.chat(tg_id), tg_id % 1000, False, now)])
        await UpdateRepository(session).claim(99, now - timedelta(minutes=5))
        for tg_id in TG_IDS[:STEP_USERS]:  # "My steps": one sealed step each
            await StepRepository(session, cipher).add((await users.find(tg_id)).id, "keep-papers", "stuck", date(2026, 1, 3))
        await session.commit()
    storage = SealedSqlStorage(sessions, cipher, hasher)
    for tg_id in TG_IDS[:5]:
        await storage.set_data(fsm_key(tg_id), {"answer": MARKER, "ids": [tg_id]})
        await storage.set_state(fsm_key(tg_id), "Intake:answer")


async def dump(engine) -> dict[str, list[tuple]]:
    async with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in await connection.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
        }


async def key_ids(engine) -> set[str]:
    cipher, found = Cipher([NEW]), set()
    async with engine.connect() as connection:
        for entry in SEALED_COLUMNS:
            found.update(cipher.key_id_of(blob) for blob in await connection.scalars(select(entry.sealed)))
    return found


async def assert_opens_with(engine, cipher: Cipher, hasher: IdHasher) -> None:
    sessions = create_session_factory(engine)
    async with sessions() as session:
        users = UserRepository(session, cipher, hasher)
        for tg_id in TG_IDS:
            assert await users.telegram_id((await users.find(tg_id)).id) == tg_id
    storage = SealedSqlStorage(sessions, cipher, hasher)
    for tg_id in TG_IDS[:5]:
        assert await storage.get_data(fsm_key(tg_id)) == {"answer": MARKER, "ids": [tg_id]}
        assert await storage.get_state(fsm_key(tg_id)) == "Intake:answer"
    async with sessions() as session:
        users = UserRepository(session, cipher, hasher)
        for tg_id in TG_IDS[:STEP_USERS]:
            [step] = await StepRepository(session, cipher).list((await users.find(tg_id)).id)
            assert (step.code, step.status) == ("keep-papers", "stuck")


# --- registry -------------------------------------------------------------------------------------


def test_every_sealed_column_is_registered() -> None:
    registered = {(entry.table.name, entry.column) for entry in SEALED_COLUMNS}
    sealed_in_models = {
        (table.name, column.name)
        for table in models.Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, LargeBinary) and (column.name.endswith("_sealed") or column.name == "sealed")
    }
    assert sealed_in_models - registered == set(), "add these to storage/sealed.py SEALED_COLUMNS"
    assert registered <= sealed_in_models


def test_registry_contexts_are_the_stored_ones() -> None:
    # Part of every ciphertext already written: a change here makes existing databases unreadable.
    assert USER_TG_ID.context({"tg_key": b"\x01" * 32}) == "users.tg_id:" + "01" * 32
    assert FSM_RECORD.context({"key": b"\xab" * 32}) == "fsm:" + "ab" * 32
    from storage.sealed import PAPER, USER_SETTINGS

    assert PAPER.context({"id": 7, "user_id": 3}) == "papers:7:3"
    assert USER_SETTINGS.context({"user_id": 3}) == "user_settings:3"


# --- rotation -------------------------------------------------------------------------------------


async def test_rotation_reseals_everything_and_is_idempotent(engine) -> None:
    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    before = await dump(engine)
    sessions = create_session_factory(engine)

    report = await rotate_keys(sessions, Cipher([NEW, OLD]))
    assert {n: (c.resealed, c.current) for n, c in report.columns.items()} == {n: (0, 0) for n in report.columns} | {
        "users.tg_id_sealed": (len(TG_IDS), 0), "fsm_records.sealed": (5, 0), "user_steps.sealed": (STEP_USERS, 0)}
    assert await key_ids(engine) == {"new2"}
    await assert_opens_with(engine, Cipher([NEW]), hasher)  # the old key is no longer needed
    after = await dump(engine)
    resealed = ("users", "fsm_records", "user_steps")
    assert {t: rows for t, rows in after.items() if t not in resealed} == {
        t: rows for t, rows in before.items() if t not in resealed}

    again = await rotate_keys(sessions, Cipher([NEW, OLD]))
    assert again.resealed == 0 and again.columns["users.tg_id_sealed"].current == len(TG_IDS)
    assert await dump(engine) == after


class Interrupted(Exception):
    pass


class CrashingCipher(Cipher):
    """Dies after `left` seals, like a process killed in the middle of a rotation."""

    def __init__(self, ring, left: int) -> None:
        super().__init__(ring)
        self.left = left

    def seal(self, plaintext: bytes, context: str) -> bytes:
        if self.left == 0:
            raise Interrupted
        self.left -= 1
        return super().seal(plaintext, context)


async def test_interrupted_rotation_resumes(engine) -> None:
    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    sessions = create_session_factory(engine)
    with pytest.raises(Interrupted):
        await rotate_keys(sessions, CrashingCipher([NEW, OLD], left=3), batch_size=1)
    async with sessions() as session:
        sealed = list(await session.scalars(select(models.User.tg_id_sealed)))
    assert sorted(Cipher([NEW]).key_id_of(blob) for blob in sealed) == ["new2"] * 3 + ["old1"] * (len(TG_IDS) - 3)

    report = await rotate_keys(sessions, Cipher([NEW, OLD]), batch_size=2)
    users = report.columns["users.tg_id_sealed"]
    assert (users.resealed, users.current, report.columns["fsm_records.sealed"].resealed) == (len(TG_IDS) - 3, 3, 5)
    await assert_opens_with(engine, Cipher([NEW]), hasher)


async def test_rotation_leaves_values_it_cannot_open(engine) -> None:
    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    before = await dump(engine)
    report = await rotate_keys(create_session_factory(engine), Cipher([NEW]))  # old key forgotten
    assert (report.resealed, report.unreadable) == (0, len(TG_IDS) + 5 + STEP_USERS)
    assert await dump(engine) == before


async def test_rotation_never_overwrites_what_the_bot_wrote_meanwhile(engine) -> None:
    from storage.rotation import ColumnRotation, _rotate_row

    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    sessions = create_session_factory(engine)
    async with sessions() as session:
        stale = (await session.execute(select(models.User.__table__).limit(1))).mappings().one()
        fresh = Cipher([NEW]).seal_text("1", USER_TG_ID.context(stale))  # the bot's write after our read
        await session.execute(update(models.User).where(models.User.id == stale["id"]).values(tg_id_sealed=fresh))
        counts = ColumnRotation()
        await _rotate_row(session, USER_TG_ID, Cipher([NEW, OLD]), stale, counts)
        assert (counts.changed, counts.resealed) == (1, 0)
        assert await session.scalar(select(models.User.tg_id_sealed).where(models.User.id == stale["id"])) == fresh


# --- backup and restore ---------------------------------------------------------------------------


async def test_backup_restores_every_row_exactly(engine, fresh_url, tmp_path) -> None:
    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    path = tmp_path / "tirek.backup"
    counts = await write_backup(engine, path, [OLD])
    assert counts["users"] == len(TG_IDS) and counts["fsm_records"] == 5 and counts["faq_translations"] > 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left

    target = create_engine(fresh_url)  # no tables at all: restore migrates it first
    try:
        assert await restore_backup(target, path, [OLD], hasher) == counts
        assert await dump(target) == await dump(engine)
        await assert_opens_with(target, Cipher([OLD]), hasher)
        async with create_session_factory(target)() as session:  # ids continue after the restored ones
            created = await UserRepository(session, Cipher([OLD]), hasher).get_or_create(1, date.today())
            await session.commit()
        assert created.id == len(TG_IDS) + 1
    finally:
        await target.dispose()


async def test_backup_file_shows_nothing_readable(engine, tmp_path) -> None:
    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    path = tmp_path / "tirek.backup"
    await write_backup(engine, path, [OLD])
    data = path.read_bytes()
    async with engine.connect() as connection:
        faq = [t for row in await connection.execute(select(FaqTranslation.question, FaqTranslation.answer)) for t in row]
    forbidden = [MARKER.encode(), base64.b64encode(MARKER.encode()[:24])]
    for tg_id in TG_IDS:
        forbidden += [str(tg_id).encode(), struct.pack(">q", tg_id), struct.pack("<q", tg_id)]
    forbidden += [text.encode()[:32] for text in faq if len(text.encode()) >= 12]
    assert len(forbidden) > 3 * len(TG_IDS) + 10
    assert [f for f in forbidden if f in data] == []
    body = data[len(MAGIC) + 2 + len("old1"):]
    assert re.search(rb"[\x20-\x7e]{20,}", body) is None  # not even the FAQ or table names


async def test_restore_refuses_bad_files_and_keys_without_touching_the_database(engine, tmp_path) -> None:
    hasher = IdHasher(os.urandom(32))
    await populate(engine, Cipher([OLD]), hasher)
    good = tmp_path / "tirek.backup"
    await write_backup(engine, good, [NEW, OLD])  # sealed with NEW; values inside are under OLD
    before = await dump(engine)
    data = good.read_bytes()
    cases = {
        "flipped body byte": (data[:-40] + bytes([data[-40] ^ 1]) + data[-39:], [NEW, OLD], "altered"),
        "header names another key": (data[:10] + b"old1" + data[14:], [NEW, OLD], "wrong key for key id 'old1'"),
        "header names another version": (data[:8] + b"\x02" + data[9:], [NEW, OLD], "format 2 is not supported"),
        "truncated": (data[:-1], [NEW, OLD], "altered"),
        "not a backup": (b"SQLite format 3\x00" + data, [NEW, OLD], "not a Tirek backup"),
        "same id, other key": (data, [("new2", os.urandom(32)), OLD], "wrong key"),
        "key id missing": (data, [OLD], "not in ENCRYPTION_KEYS"),
        "values' key missing": (data, [NEW], "key ids ['old1']"),
    }
    for name, (content, ring, message) in cases.items():
        path = tmp_path / "bad.backup"
        path.write_bytes(content)
        with pytest.raises(BackupError, match=re.escape(message)):
            await restore_backup(engine, path, ring, hasher, force=True)
        assert await dump(engine) == before, name
    # Every key right, but another installation's ID_PEPPER: no user could be found again.
    with pytest.raises(BackupError, match="keyed with another ID_PEPPER"):
        await restore_backup(engine, good, [NEW, OLD], IdHasher(os.urandom(32)), force=True)
    assert await dump(engine) == before
    with pytest.raises(BackupError, match="already has 7 users; pass --force"):
        await restore_backup(engine, good, [NEW, OLD], hasher)
    assert await dump(engine) == before
    await restore_backup(engine, good, [NEW, OLD], hasher, force=True)
    assert await dump(engine) == before


# --- command line ---------------------------------------------------------------------------------


def tirek(tmp_path: Path, database_url: str, keys: list[tuple[str, bytes]], pepper: bytes, *args: str):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        ENCRYPTION_KEYS=",".join(f"{i}:" + base64.urlsafe_b64encode(k).decode() for i, k in keys),
        ID_PEPPER=base64.urlsafe_b64encode(pepper).decode(),
    )
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def one_line_error(result, code: int, text: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], lines


async def test_cli_rotates_backs_up_and_restores(engine, database_url, tmp_path) -> None:
    pepper = os.urandom(32)
    hasher = IdHasher(pepper)
    await populate(engine, Cipher([OLD]), hasher)

    rotated = tirek(tmp_path, database_url, [NEW, OLD], pepper, "keys", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    assert f"users.tg_id_sealed: {len(TG_IDS)} re-sealed, 0 already current" in rotated.stdout
    assert "every value is sealed with key new2" in rotated.stdout
    assert await key_ids(engine) == {"new2"}

    path = tmp_path / "out" / "tirek.backup"
    path.parent.mkdir()
    backed_up = tirek(tmp_path, database_url, [NEW], pepper, "backup", str(path))
    assert backed_up.returncode == 0, backed_up.stderr
    assert f"backup written to {path} (key new2)" in backed_up.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    before = await dump(engine)

    one_line_error(tirek(tmp_path, database_url, [NEW], pepper, "restore", str(path)), 1, "pass --force")
    one_line_error(tirek(tmp_path, database_url, [OLD], pepper, "restore", str(path), "--force"), 1,
                   "tirek: restore refused: backup was sealed with key id 'new2'")
    one_line_error(tirek(tmp_path, database_url, [NEW], pepper, "restore", str(tmp_path / "nope")), 1, "cannot read")
    one_line_error(tirek(tmp_path, database_url, [NEW], os.urandom(32), "restore", str(path), "--force"), 1,
                   "tirek: restore refused: backup's users were keyed with another ID_PEPPER")
    restored = tirek(tmp_path, database_url, [NEW], pepper, "restore", str(path), "--force")
    assert restored.returncode == 0, restored.stderr
    assert await dump(engine) == before
    await assert_opens_with(engine, Cipher([NEW]), hasher)


async def test_keyset_pages_visit_every_row_once_with_a_composite_key(engine) -> None:
    # No sealed table has a composite key yet; the next one may, and rotation must still see every row.
    from storage.rotation import _page
    from storage.sealed import SealedColumn

    await populate(engine, Cipher([OLD]), IdHasher(os.urandom(32)))
    entry = SealedColumn(FaqTranslation, "answer", lambda row: "")
    seen, after = [], None
    async with engine.connect() as connection:
        while rows := (await connection.execute(_page(entry, after, 7))).mappings().all():
            seen += [(r["item_id"], r["locale"]) for r in rows]
            after = (rows[-1]["item_id"], rows[-1]["locale"])
        everything = (await connection.execute(select(FaqTranslation.item_id, FaqTranslation.locale))).all()
    assert len(seen) == len(set(seen)) == len(everything) > 7
