"""Report storage: migration 0005 both ways, owner-scoped reads, sealing bound to the row, deletion
of a report with its evidence and of a user's reports, and key rotation of evidence in small batches."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, date, datetime

from sqlalchemy import func, select, update

from storage import rotation
from storage.crypto import Cipher, DecryptionError, IdHasher
from storage.db import create_session_factory
from storage.migrations import downgrade, upgrade
from storage.models import Evidence, Report
from storage.reports import Consent, EvidenceRepository, ReportRepository
from storage.repositories import UserRepository
from storage.rotation import rotate_keys
from storage.sealed import EVIDENCE_BLOB
from tests.conftest import table_names as tables

OLD = ("k1", os.urandom(32))
CIPHER = Cipher([OLD])
HASHER = IdHasher(os.urandom(32))
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


async def make_users(sessions, *tg_ids: int) -> list[int]:
    async with sessions() as session:
        users = UserRepository(session, CIPHER, HASHER)
        ids = [(await users.get_or_create(tg, date(2026, 11, 22))).id for tg in tg_ids]
        await session.commit()
    return ids


def meta(data: bytes, kind: str = "document") -> dict:
    return {"kind": kind, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "name": "a.pdf"}


async def test_migration_0005_down_and_up(engine) -> None:
    assert {"reports", "evidence"} <= await tables(engine)
    await downgrade(engine, "0004")
    assert not {"reports", "evidence"} & await tables(engine)
    await upgrade(engine)
    assert {"reports", "evidence"} <= await tables(engine)


async def test_owner_scoped_reads_sealing_and_deletion(engine) -> None:
    sessions = create_session_factory(engine)
    owner, other = await make_users(sessions, 1001, 1002)
    async with sessions() as session:
        reports, evidence = ReportRepository(session, CIPHER), EvidenceRepository(session, CIPHER)
        first = await reports.add(owner, {"where": "Almaty"}, NOW)
        second = await reports.add(owner, {}, NOW)
        theirs = await reports.add(other, {"who": "x"}, NOW)
        assert re.fullmatch(r"R-[2-9A-Z]{6}", first.code) and len({first.code, second.code, theirs.code}) == 3
        item = await evidence.add(first.id, NOW, meta(b"file one"), b"file one")
        await evidence.add(first.id, NOW, meta(b"file two", "photo"), b"file two")
        await evidence.add(theirs.id, NOW, meta(b"theirs"), b"theirs")
        await session.commit()

        assert await reports.get(other, first.id) is None and await evidence.data(other, item.id) is None
        assert (await reports.get(owner, first.id)).answers == {"where": "Almaty"}
        assert [r.id for r in await reports.list(owner)] == [second.id, first.id]
        assert await evidence.data(owner, item.id) == b"file one"
        assert [e.kind for e in await evidence.list(first.id)] == ["document", "photo"]
        assert await reports.count_evidence([first.id, second.id]) == {first.id: 2}

        saved = await reports.save(first.__class__(**{**first.__dict__, "consent": Consent(True, True, False)}), NOW)
        assert (await reports.get(owner, first.id)).consent == saved.consent == Consent(True, True, False)
        # Saving another user's report through a forged owner changes nothing.
        await reports.save(theirs.__class__(**{**theirs.__dict__, "user_id": owner, "answers": {"who": "forged"}}), NOW)
        assert (await reports.get(other, theirs.id)).answers == {"who": "x"}

        # A ciphertext moved to another row does not open.
        row = await session.get(Evidence, item.id)
        await session.execute(update(Evidence).where(Evidence.report_id == theirs.id).values(blob_sealed=row.blob_sealed))
        their_item = (await evidence.list(theirs.id))[0]
        try:
            await evidence.data(other, their_item.id)
        except DecryptionError:
            pass
        else:
            raise AssertionError("a moved ciphertext opened")

        # Deleting needs the owner, and takes the evidence with it.
        assert not await reports.delete(other, first.id)
        assert await reports.delete(owner, first.id)
        assert await session.scalar(select(func.count()).select_from(Evidence).where(Evidence.report_id == first.id)) == 0
        await reports.delete_user(other)
        assert await session.scalar(select(func.count()).select_from(Report)) == 1  # `second` is left
        assert await session.scalar(select(func.count()).select_from(Evidence)) == 0


async def test_rotation_reseals_evidence_in_small_batches(engine, monkeypatch) -> None:
    sessions = create_session_factory(engine)
    [owner] = await make_users(sessions, 2001)
    async with sessions() as session:
        report = await ReportRepository(session, CIPHER).add(owner, {}, NOW)
        for i in range(EVIDENCE_BLOB.max_batch * 2 + 3):
            data = f"item {i}".encode()
            await EvidenceRepository(session, CIPHER).add(report.id, NOW, meta(data), data)
        await session.commit()
    rotated = Cipher([("k2", os.urandom(32)), OLD])
    pages: list[tuple[str, int]] = []
    page = rotation._page
    monkeypatch.setattr(rotation, "_page", lambda entry, after, limit: pages.append((entry.name, limit)) or page(entry, after, limit))
    result = await rotate_keys(sessions, rotated, batch_size=500)
    assert [p for p in pages if p[0] == "evidence.blob_sealed"] == [("evidence.blob_sealed", EVIDENCE_BLOB.max_batch)] * 3
    assert result.columns["evidence.blob_sealed"].resealed == EVIDENCE_BLOB.max_batch * 2 + 3
    assert result.columns["evidence.sealed"].resealed == EVIDENCE_BLOB.max_batch * 2 + 3
    async with sessions() as session:
        blobs = list(await session.scalars(select(Evidence.blob_sealed)))
        assert {rotated.key_id_of(b) for b in blobs} == {"k2"}
        first = (await EvidenceRepository(session, rotated).list(report.id))[0]
        assert await EvidenceRepository(session, rotated).data(owner, first.id) == b"item 0"
