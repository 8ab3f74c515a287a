"""Safe reports: answers, evidence stored at once (downloaded, hashed, sealed), consent, hand-off.

Telegram file ids do not last, so each file is downloaded the moment it arrives; its SHA-256 is
taken over the exact bytes received and kept, with the receipt time in UTC, in the sealed
metadata. Hand-off to volunteers goes through bot.services.cases (the case, its card, copies of
the evidence messages into the case's topic) and only with the user's consent, except the
"in danger right now" alert, which the disclosure announces before the report starts.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message
from aiohttp import ClientError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import format_date
from bot.services.cases import HIGH, URGENT, CaseService
from storage.crypto import Cipher
from storage.reports import Consent, EvidenceEntry, EvidenceRepository, ReportEntry, ReportRepository
from storage.repositories import UserProfile

logger = logging.getLogger(__name__)

# What happened, and through which channel (labels: locales/*/report.ftl report-what-<code>, report-channel-<code>).
WHAT = ("message", "relatives", "inform", "return", "summons", "surveillance", "attack", "other")
CHANNELS = ("whatsapp", "wechat", "phone", "telegram", "in-person", "other")
# Free-text questions, in the order they are asked.
TEXT_FIELDS = ("where", "who", "demand", "relatives")
MAX_TEXT_CHARS = 1500
MAX_FILE_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit: bigger files cannot be downloaded
MAX_ITEMS = 30  # per report
DOWNLOAD_TIMEOUT = 120  # seconds; up to 20 MB over a slow link
FILE_KINDS = ("photo", "document", "voice", "audio", "video", "video_note")


@dataclass(frozen=True)
class Incoming:
    """What a user's message holds, before it is stored."""

    kind: str
    file_id: str | None
    size: int | None
    name: str = ""
    mime: str = ""
    text: str = ""
    origin: dict[str, Any] | None = None


class EvidenceProblem(Exception):
    """`reason` names a translated message: report-evidence-<reason>."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def forward_origin(message: Message) -> dict[str, Any] | None:
    """Who the forwarded message came from, as Telegram says: type, a name, the original date."""
    origin = message.forward_origin
    if origin is None:
        return None
    value: dict[str, Any] = {"type": origin.type, "date": origin.date.astimezone(UTC).isoformat()}
    if origin.type == "user":
        user = origin.sender_user
        value.update(name=user.full_name, username=user.username or "", account=user.id)
    elif origin.type == "hidden_user":
        value["name"] = origin.sender_user_name
    elif origin.type == "chat":
        value.update(name=origin.sender_chat.title or "", signature=origin.author_signature or "")
    elif origin.type == "channel":
        value.update(name=origin.chat.title or "", username=origin.chat.username or "", post=origin.message_id)
    return value


def incoming(message: Message) -> Incoming | None:
    """The evidence in a message, or None for what cannot be kept (a sticker, a location...)."""
    origin = forward_origin(message)
    if message.photo:
        largest = message.photo[-1]
        return Incoming("photo", largest.file_id, largest.file_size, mime="image/jpeg", text=message.caption or "",
                        origin=origin)
    for kind in FILE_KINDS[1:]:
        media = getattr(message, kind)
        if media is not None:
            return Incoming(kind, media.file_id, media.file_size, getattr(media, "file_name", None) or "",
                            getattr(media, "mime_type", None) or "", text=message.caption or "", origin=origin)
    if message.text:
        return Incoming("text" if origin else "note", None, None, text=message.text, origin=origin)
    return None


def answer_lines(get: Callable[..., str], locale: str, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each answered question, values as plain text. `get(message_id)` translates."""
    lines = []
    if answers.get("danger") == "yes":
        lines.append((get("report-field-danger"), get("report-danger-yes")))
    if what := [w for w in answers.get("what") or () if w in WHAT]:
        lines.append((get("report-field-what"), ", ".join(get(f"report-what-{w}") for w in what)))
    if when := answers.get("when"):
        lines.append((get("report-field-when"), format_date(locale, date.fromisoformat(when))))
    if where := answers.get("where"):
        lines.append((get("report-field-where"), where))
    if (channel := answers.get("channel")) in CHANNELS:
        lines.append((get("report-field-channel"), get(f"report-channel-{channel}")))
    for name in ("who", "demand", "relatives"):
        if value := answers.get(name):
            lines.append((get(f"report-field-{name}"), value))
    return lines


def hash_prefix(entry: EvidenceEntry) -> str:
    return entry.sha256[:16]


class ReportService:
    def __init__(self, session: AsyncSession, cipher: Cipher, clock: Callable[[], datetime]) -> None:
        self.session, self.clock = session, clock
        self.reports = ReportRepository(session, cipher)
        self.evidence = EvidenceRepository(session, cipher)

    @classmethod
    def from_data(cls, data: dict) -> ReportService:
        return cls(data["session"], data["cipher"], data["clock"])

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    async def list(self, user_id: int) -> list[tuple[ReportEntry, int]]:
        reports = await self.reports.list(user_id)
        counts = await self.reports.count_evidence([r.id for r in reports])
        return [(r, counts.get(r.id, 0)) for r in reports]

    async def get(self, user_id: int, report_id: int) -> ReportEntry | None:
        return await self.reports.get(user_id, report_id)

    async def create(self, user_id: int, answers: dict[str, Any], case_id: int | None = None) -> ReportEntry:
        report = await self.reports.add(user_id, clean_answers(answers), self.now(), case_id=case_id)
        await self.session.commit()
        return report

    async def set_consent(self, report: ReportEntry, consent: Consent) -> ReportEntry:
        # Lawyers see a report only through the volunteers: one implies the other, both ways.
        if consent.lawyers and not report.consent.lawyers:
            consent = replace(consent, volunteers=True)
        if not consent.volunteers:
            consent = replace(consent, lawyers=False)
        saved = await self.reports.save(replace(report, consent=consent), self.now())
        await self.session.commit()
        return saved

    async def delete(self, user_id: int, report_id: int) -> bool:
        deleted = await self.reports.delete(user_id, report_id)
        await self.session.commit()
        return deleted

    async def add_evidence(self, bot: Bot, report: ReportEntry, item: Incoming, message_id: int) -> EvidenceEntry:
        """Downloads (if a file), hashes and seals one item. Commits. Raises EvidenceProblem."""
        if await self.evidence.count(report.id) >= MAX_ITEMS:
            raise EvidenceProblem("too-many")
        if item.file_id is None:
            data = item.text.encode("utf-8")
        else:
            if item.size is not None and item.size > MAX_FILE_BYTES:
                raise EvidenceProblem("too-big")
            try:
                data = (await bot.download(item.file_id, timeout=DOWNLOAD_TIMEOUT)).read()
            except (TelegramAPIError, ClientError, TimeoutError) as error:
                # "file is too big" when the size was not announced; anything else: try again.
                logger.warning("evidence download failed: %s", type(error).__name__)
                raise EvidenceProblem("too-big" if "too big" in str(error) else "failed") from None
            if len(data) > MAX_FILE_BYTES:
                raise EvidenceProblem("too-big")
        received = self.now()
        meta = {"kind": item.kind, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                "name": item.name, "mime": item.mime, "message_id": message_id, "origin": item.origin or {}}
        if item.file_id is not None and item.text:
            meta["caption"] = item.text
        entry = await self.evidence.add(report.id, received, meta, data)
        await self.reports.touch(report.id, received)
        await self.session.commit()
        return entry

    # --- hand-off to volunteers -------------------------------------------------------------------

    async def alert_danger(self, profile: UserProfile, cases: CaseService) -> int | None:
        """The user said they are in danger right now: an urgent case. The case id, or None when
        no volunteers' group is configured."""
        if not cases.available:
            return None
        text = cases.translator.get(cases.group_locale, "report-card-danger")
        case = await cases.flag(profile, subject="report", priority=URGENT, card=[text])
        return case.id

    async def hand_off(self, profile: UserProfile, report: ReportEntry, cases: CaseService) -> tuple[ReportEntry, bool]:
        """Shares what the user agreed to: the answers once, then each item not shared yet.

        Returns the report and whether volunteers were reached (False: no consent, nothing new,
        or no volunteers' group configured; the report stays as it is, for later).
        """
        if not report.consent.volunteers or not cases.available:
            return report, False
        items = [e for e in await self.evidence.list(report.id) if e.id not in report.shared]
        handed_off = report.handed_off and report.case_id is not None
        if handed_off and not items:
            return report, False
        get = lambda message_id, **args: cases.translator.get(cases.group_locale, message_id, **args)  # noqa: E731
        if handed_off:
            card = [get("report-card-more", code=report.code, count=len(items))]
        else:
            card = [get("report-card-code", code=report.code)]
            card += [f"{label} {value}" for label, value in answer_lines(get, cases.group_locale, report.answers)]
            card.append(get("report-card-lawyers-yes" if report.consent.lawyers else "report-card-lawyers-no"))
            card.append(get("report-card-items", count=len(items)))
        case = await cases.flag(profile, subject="report", priority=HIGH, card=[_plain(line) for line in card])
        for item in items:
            if item.message_id is not None:
                await cases.share(profile, case, item.message_id, media=item.kind not in ("text", "note"))
        saved = replace(report, case_id=case.id, handed_off=True, shared=report.shared + tuple(e.id for e in items))
        saved = await self.reports.save(saved, self.now())
        await self.session.commit()
        return saved, True


def clean_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Only known questions and values; skipped ones are left out."""
    kept: dict[str, Any] = {}
    if answers.get("danger") in ("yes", "no"):
        kept["danger"] = answers["danger"]
    if what := [w for w in answers.get("what") or () if w in WHAT]:
        kept["what"] = what
    if isinstance(answers.get("when"), str):
        kept["when"] = answers["when"]
    if answers.get("channel") in CHANNELS:
        kept["channel"] = answers["channel"]
    for name in TEXT_FIELDS:
        if isinstance(answers.get(name), str) and answers[name].strip():
            kept[name] = answers[name].strip()[:MAX_TEXT_CHARS]
    return kept


def _plain(text: str) -> str:
    """Card lines are plain text (the case service escapes them): undo the translator's escaping
    and drop the direction marks it adds for right-to-left locales."""
    return html.unescape(text).replace("\u2068", "").replace("\u2069", "")
