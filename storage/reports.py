"""Repositories for safe reports and their evidence.

The same rules as storage/repositories.py: frozen dataclasses out, never commit. A report's
answers, consent and hand-off bookkeeping are sealed together (`storage.sealed.REPORT`); an
evidence row seals its metadata and its bytes under two contexts (`EVIDENCE`, `EVIDENCE_BLOB`).
Listing evidence never loads the bytes. Every read is scoped to the owner: a forged or foreign
id gives None.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.cases import new_code
from storage.crypto import Cipher
from storage.models import Evidence, Report
from storage.sealed import EVIDENCE, EVIDENCE_BLOB, REPORT

CODE_PREFIX = "R-"


@dataclass(frozen=True)
class Consent:
    volunteers: bool = False
    lawyers: bool = False  # partner lawyers; implies volunteers
    statistics: bool = False  # counted in anonymised statistics

    def as_json(self) -> dict[str, bool]:
        return {"volunteers": self.volunteers, "lawyers": self.lawyers, "statistics": self.statistics}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Consent:
        return cls(bool(value.get("volunteers")), bool(value.get("lawyers")), bool(value.get("statistics")))


@dataclass(frozen=True)
class ReportEntry:
    id: int
    code: str
    user_id: int
    case_id: int | None
    answers: dict[str, Any]
    consent: Consent
    shared: tuple[int, ...]  # evidence ids already copied to the volunteers' topic
    handed_off: bool  # the answers went to the volunteers (the case card)
    created_at: datetime
    updated_at: datetime
    keep: bool


@dataclass(frozen=True)
class EvidenceEntry:
    id: int
    report_id: int
    received_at: datetime
    kind: str  # photo / document / voice / audio / video / video_note / text / note
    size: int
    sha256: str
    name: str = ""
    mime: str = ""
    message_id: int | None = None  # in the user's private chat (to copy it to volunteers)
    origin: dict[str, Any] = field(default_factory=dict)  # forward origin: type, name, date


class ReportRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    def _entry(self, row: Report) -> ReportEntry:
        value = self.cipher.open_json(row.sealed, REPORT.context({"id": row.id, "user_id": row.user_id}))
        return ReportEntry(row.id, row.code, row.user_id, row.case_id, value.get("answers", {}),
                           Consent.from_json(value.get("consent", {})), tuple(value.get("shared", ())),
                           bool(value.get("handed_off")), row.created_at, row.updated_at, row.keep)

    def _seal(self, report_id: int, user_id: int, answers: dict[str, Any], consent: Consent,
              shared: tuple[int, ...], handed_off: bool) -> bytes:
        value = {"answers": answers, "consent": consent.as_json(), "shared": list(shared), "handed_off": handed_off}
        return self.cipher.seal_json(value, REPORT.context({"id": report_id, "user_id": user_id}))

    async def add(self, user_id: int, answers: dict[str, Any], now: datetime, *, case_id: int | None = None,
                  attempts: int = 5) -> ReportEntry:
        for _ in range(attempts):
            row = Report(code=new_code(CODE_PREFIX), user_id=user_id, case_id=case_id, sealed=b"",
                         created_at=now, updated_at=now, keep=False)
            try:
                async with self.session.begin_nested():  # a code collision undoes only this insert
                    self.session.add(row)
                    await self.session.flush()  # the id is part of the sealing context
            except IntegrityError:
                continue
            row.sealed = self._seal(row.id, user_id, answers, Consent(), (), False)
            await self.session.flush()
            return self._entry(row)
        raise RuntimeError("no free report code")

    async def get(self, user_id: int, report_id: int) -> ReportEntry | None:
        row = await self.session.scalar(select(Report).where(Report.id == report_id, Report.user_id == user_id))
        return self._entry(row) if row else None

    async def list(self, user_id: int) -> list[ReportEntry]:
        rows = await self.session.scalars(select(Report).where(Report.user_id == user_id).order_by(Report.id.desc()))
        return [self._entry(row) for row in rows]

    async def save(self, report: ReportEntry, now: datetime) -> ReportEntry:
        """Writes answers, consent, hand-off state and case of `report` (only if it is the owner's)."""
        sealed = self._seal(report.id, report.user_id, report.answers, report.consent, report.shared,
                            report.handed_off)
        await self.session.execute(
            update(Report).where(Report.id == report.id, Report.user_id == report.user_id)
            .values(sealed=sealed, case_id=report.case_id, updated_at=now)
        )
        return replace(report, updated_at=now)

    async def set_keep(self, user_id: int, report_id: int, keep: bool) -> bool:
        result = await self.session.execute(
            update(Report).where(Report.id == report_id, Report.user_id == user_id).values(keep=keep))
        return result.rowcount == 1

    async def touch(self, report_id: int, now: datetime) -> None:
        await self.session.execute(update(Report).where(Report.id == report_id).values(updated_at=now))

    async def delete(self, user_id: int, report_id: int) -> bool:
        owned = select(Report.id).where(Report.id == report_id, Report.user_id == user_id)
        # Explicit, so no backend's foreign-key setting decides whether the evidence goes too.
        await self.session.execute(delete(Evidence).where(Evidence.report_id.in_(owned)))
        result = await self.session.execute(delete(Report).where(Report.id == report_id, Report.user_id == user_id))
        return result.rowcount == 1

    async def delete_user(self, user_id: int) -> None:
        owned = select(Report.id).where(Report.user_id == user_id)
        await self.session.execute(delete(Evidence).where(Evidence.report_id.in_(owned)))
        await self.session.execute(delete(Report).where(Report.user_id == user_id))

    async def count_evidence(self, report_ids: list[int]) -> dict[int, int]:
        if not report_ids:
            return {}
        rows = await self.session.execute(
            select(Evidence.report_id, func.count()).where(Evidence.report_id.in_(report_ids)).group_by(Evidence.report_id)
        )
        return {report_id: count for report_id, count in rows.all()}


class EvidenceRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    async def add(self, report_id: int, received_at: datetime, meta: dict[str, Any], data: bytes) -> EvidenceEntry:
        row = Evidence(report_id=report_id, received_at=received_at, sealed=b"", blob_sealed=b"")
        self.session.add(row)
        await self.session.flush()  # the id is part of the sealing context
        where = {"id": row.id, "report_id": report_id}
        row.sealed = self.cipher.seal_json(meta, EVIDENCE.context(where))
        row.blob_sealed = self.cipher.seal(data, EVIDENCE_BLOB.context(where))
        await self.session.flush()
        return self._entry(row.id, report_id, received_at, meta)

    def _entry(self, evidence_id: int, report_id: int, received_at: datetime, meta: dict[str, Any]) -> EvidenceEntry:
        return EvidenceEntry(evidence_id, report_id, received_at, meta["kind"], int(meta["size"]), meta["sha256"],
                             meta.get("name", ""), meta.get("mime", ""), meta.get("message_id"), meta.get("origin") or {})

    async def list(self, report_id: int) -> list[EvidenceEntry]:
        """Metadata only, oldest first; the bytes stay in the database."""
        rows = await self.session.execute(
            select(Evidence.id, Evidence.received_at, Evidence.sealed)
            .where(Evidence.report_id == report_id).order_by(Evidence.id)
        )
        entries = []
        for evidence_id, received_at, sealed in rows.all():
            meta = self.cipher.open_json(sealed, EVIDENCE.context({"id": evidence_id, "report_id": report_id}))
            entries.append(self._entry(evidence_id, report_id, received_at, meta))
        return entries

    async def count(self, report_id: int) -> int:
        return await self.session.scalar(select(func.count()).select_from(Evidence).where(Evidence.report_id == report_id))

    async def data(self, user_id: int, evidence_id: int) -> bytes | None:
        """The item's bytes (or text), only for the report's owner."""
        row = await self.session.execute(
            select(Evidence.report_id, Evidence.blob_sealed).join(Report, Report.id == Evidence.report_id)
            .where(Evidence.id == evidence_id, Report.user_id == user_id)
        )
        found = row.first()
        if found is None:
            return None
        report_id, blob = found
        return self.cipher.open(blob, EVIDENCE_BLOB.context({"id": evidence_id, "report_id": report_id}))
