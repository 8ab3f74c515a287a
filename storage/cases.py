"""Repositories for the volunteers' side: staff, invite codes, the audit log, cases and relay links.

The same rules as storage/repositories.py: plain frozen dataclasses out, never commit. Sealed
values (a staff member's Telegram id and alias, a case card) go through storage.sealed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher, IdHasher
from storage.models import AuditEntry, Case, DuressWord, InviteCode, RelayLink, StaffMember
from storage.sealed import CASE, STAFF

VOLUNTEER, COORDINATOR = "volunteer", "coordinator"
ROLES = (VOLUNTEER, COORDINATOR)
OPEN, CLOSED = "open", "closed"
IN, OUT = "in", "out"  # relay directions: user -> topic, topic -> user
URGENT, HIGH, NORMAL = "urgent", "high", "normal"
PRIORITIES = (URGENT, HIGH, NORMAL)  # most pressing first
# Codes volunteers read aloud to each other: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code(prefix: str, length: int = 6) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def higher_priority(a: str, b: str) -> str:
    return min(a, b, key=PRIORITIES.index)


# --- staff -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffEntry:
    id: int
    role: str
    active: bool
    alias: str
    telegram_id: int
    joined_on: date


class StaffRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, hasher: IdHasher) -> None:
        self.session, self.cipher, self.hasher = session, cipher, hasher

    def _entry(self, row: StaffMember) -> StaffEntry:
        value = self.cipher.open_json(row.sealed, STAFF.context({"tg_key": row.tg_key}))
        return StaffEntry(row.id, row.role, row.active, value.get("alias", ""), value["tg_id"], row.joined_on)

    async def find(self, telegram_id: int) -> StaffEntry | None:
        row = await self.session.scalar(select(StaffMember).where(StaffMember.tg_key == self.hasher.user(telegram_id)))
        return self._entry(row) if row else None

    async def get(self, staff_id: int) -> StaffEntry | None:
        row = await self.session.get(StaffMember, staff_id)
        return self._entry(row) if row else None

    async def enroll(self, telegram_id: int, role: str, today: date) -> StaffEntry:
        """Adds the person, or re-activates them with the role (keeping their alias)."""
        key = self.hasher.user(telegram_id)
        row = await self.session.scalar(select(StaffMember).where(StaffMember.tg_key == key))
        if row is None:
            sealed = self.cipher.seal_json({"tg_id": telegram_id, "alias": ""}, STAFF.context({"tg_key": key}))
            row = StaffMember(tg_key=key, sealed=sealed, role=role, active=True, joined_on=today)
            self.session.add(row)
        else:
            row.role, row.active, row.revoked_on = role, True, None
        await self.session.flush()
        return self._entry(row)

    async def set_alias(self, staff_id: int, alias: str) -> None:
        row = await self.session.get(StaffMember, staff_id)
        value = self.cipher.open_json(row.sealed, STAFF.context({"tg_key": row.tg_key}))
        row.sealed = self.cipher.seal_json({**value, "alias": alias}, STAFF.context({"tg_key": row.tg_key}))
        await self.session.flush()

    async def set_role(self, staff_id: int, role: str) -> None:
        await self.session.execute(update(StaffMember).where(StaffMember.id == staff_id).values(role=role))

    async def revoke(self, staff_id: int, today: date) -> bool:
        result = await self.session.execute(
            update(StaffMember).where(StaffMember.id == staff_id, StaffMember.active.is_(True))
            .values(active=False, revoked_on=today))
        return result.rowcount == 1

    async def active(self) -> list[StaffEntry]:
        rows = await self.session.scalars(select(StaffMember).where(StaffMember.active.is_(True)).order_by(StaffMember.id))
        return [self._entry(row) for row in rows]


# --- invite codes ----------------------------------------------------------------------------


class InviteRepository:
    def __init__(self, session: AsyncSession, hasher: IdHasher) -> None:
        self.session, self.hasher = session, hasher

    def _key(self, code: str) -> bytes:
        return self.hasher.digest("invite", code.strip().upper())

    async def issue(self, role: str, issued_by: int | None, expires_at: datetime) -> str:
        code = new_code("", 10)
        self.session.add(InviteCode(code_key=self._key(code), role=role, issued_by=issued_by, expires_at=expires_at))
        await self.session.flush()
        return code

    async def redeem(self, code: str, now: datetime) -> str | None:
        """The role a valid, unused, unexpired code grants; the code is spent. None otherwise,
        whatever the reason (the caller must not tell the reasons apart)."""
        key = self._key(code)
        role = await self.session.scalar(select(InviteCode.role).where(InviteCode.code_key == key))
        result = await self.session.execute(
            update(InviteCode)
            .where(InviteCode.code_key == key, InviteCode.used_at.is_(None), InviteCode.expires_at > now)
            .values(used_at=now))
        return role if result.rowcount == 1 else None


# --- audit log ---------------------------------------------------------------------------------


class AuditLog:
    """Append-only by construction: this class has no way to change or remove an entry."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, at: datetime, action: str, *, actor_id: int | None = None,
                     case_id: int | None = None, staff_id: int | None = None) -> None:
        self.session.add(AuditEntry(at=at, actor_id=actor_id, action=action, case_id=case_id, staff_id=staff_id))
        await self.session.flush()


# --- cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseEntry:
    id: int
    code: str
    user_id: int
    status: str
    priority: str
    subject: str
    locale: str
    topic_id: int | None
    claimed_by: int | None
    opened_at: datetime
    first_response_at: datetime | None
    urgent_since: datetime | None
    checkin_at: datetime | None
    checkin_state: str | None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


def _case(row: Case) -> CaseEntry:
    return CaseEntry(row.id, row.code, row.user_id, row.status, row.priority, row.subject, row.locale, row.topic_id,
                     row.claimed_by, row.opened_at, row.first_response_at, row.urgent_since, row.checkin_at,
                     row.checkin_state)


class CaseRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    def _context(self, row: Case) -> str:
        return CASE.context({"id": row.id, "user_id": row.user_id})

    async def get(self, case_id: int) -> CaseEntry | None:
        row = await self.session.get(Case, case_id, populate_existing=True)
        return _case(row) if row else None

    async def open_for(self, user_id: int) -> CaseEntry | None:
        row = await self.session.scalar(select(Case).where(Case.open_for == user_id))
        return _case(row) if row else None

    async def latest_for(self, user_id: int) -> CaseEntry | None:
        row = await self.session.scalar(select(Case).where(Case.user_id == user_id).order_by(Case.id.desc()).limit(1))
        return _case(row) if row else None

    async def by_topic(self, topic_id: int) -> CaseEntry | None:
        row = await self.session.scalar(select(Case).where(Case.topic_id == topic_id).order_by(Case.id.desc()).limit(1))
        return _case(row) if row else None

    async def for_user(self, user_id: int) -> list[CaseEntry]:
        rows = await self.session.scalars(select(Case).where(Case.user_id == user_id).order_by(Case.id))
        return [_case(row) for row in rows]

    async def open(self, user_id: int, subject: str, priority: str, locale: str, card: list[str],
                   now: datetime) -> CaseEntry | None:
        """A new open case; None when the user already has one (another update got there first)."""
        try:
            async with self.session.begin_nested():
                row = Case(code=new_code("C-"), user_id=user_id, open_for=user_id, status=OPEN, priority=priority,
                           subject=subject, locale=locale, sealed=b"", opened_at=now,
                           urgent_since=now if priority == URGENT else None, keep=False)
                self.session.add(row)
                await self.session.flush()
                row.sealed = self.cipher.seal_json({"card": card}, self._context(row))
                await self.session.flush()
        except IntegrityError:
            return None
        return _case(row)

    async def card(self, case_id: int) -> list[str]:
        row = await self.session.get(Case, case_id)
        return list(self.cipher.open_json(row.sealed, self._context(row))["card"])

    async def add_to_card(self, case_id: int, lines: list[str]) -> None:
        row = await self.session.get(Case, case_id)
        card = self.cipher.open_json(row.sealed, self._context(row))["card"]
        row.sealed = self.cipher.seal_json({"card": [*card, *lines]}, self._context(row))
        await self.session.flush()

    async def reopen(self, case_id: int, user_id: int, now: datetime) -> bool:
        """Reopens a closed case, unless the user has another open one."""
        try:
            async with self.session.begin_nested():
                result = await self.session.execute(
                    update(Case).where(Case.id == case_id, Case.status == CLOSED)
                    .values(status=OPEN, open_for=user_id, closed_at=None, resolution=None, claimed_by=None,
                            claimed_at=None, escalated_at=None))
        except IntegrityError:
            return False
        return result.rowcount == 1

    async def set_topic(self, case_id: int, topic_id: int | None) -> bool:
        """False when the case is gone (erased meanwhile)."""
        result = await self.session.execute(update(Case).where(Case.id == case_id).values(topic_id=topic_id))
        return result.rowcount > 0

    async def delete_for_user(self, user_id: int) -> list[tuple[int, int | None]]:
        """Deletes the user's cases (their relay links and queued topic messages go with them);
        returns (case id, topic id). One statement, so a topic being made at this moment is either
        returned here or finds its case gone (Delivery._make_topic)."""
        result = await self.session.execute(
            delete(Case).where(Case.user_id == user_id).returning(Case.id, Case.topic_id))
        return [(case_id, topic_id) for case_id, topic_id in result.all()]

    async def set_priority(self, case_id: int, priority: str, now: datetime) -> bool:
        row = await self.session.get(Case, case_id)
        if row is None or row.priority == priority:
            return False
        row.priority = priority
        row.urgent_since = now if priority == URGENT else None
        row.escalated_at = None
        await self.session.flush()
        return True

    async def claim(self, case_id: int, staff_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(Case).where(Case.id == case_id, Case.status == OPEN, Case.claimed_by.is_(None))
            .values(claimed_by=staff_id, claimed_at=now))
        return result.rowcount == 1

    async def release(self, case_id: int, staff_id: int | None) -> bool:
        condition = [Case.id == case_id, Case.claimed_by.is_not(None)]
        if staff_id is not None:
            condition.append(Case.claimed_by == staff_id)
        result = await self.session.execute(update(Case).where(*condition).values(claimed_by=None, claimed_at=None))
        return result.rowcount == 1

    async def close(self, case_id: int, resolution: str, now: datetime) -> bool:
        result = await self.session.execute(
            update(Case).where(Case.id == case_id, Case.status == OPEN)
            .values(status=CLOSED, open_for=None, closed_at=now, resolution=resolution, checkin_at=None,
                    checkin_state=None))
        return result.rowcount == 1

    async def note_response(self, case_id: int, now: datetime) -> None:
        await self.session.execute(
            update(Case).where(Case.id == case_id, Case.first_response_at.is_(None)).values(first_response_at=now))

    async def schedule_checkin(self, case_id: int, at: datetime) -> None:
        await self.session.execute(
            update(Case).where(Case.id == case_id, Case.checkin_state.is_(None)).values(checkin_at=at, checkin_state="scheduled"))

    async def move_checkin(self, case_id: int, expected: str, state: str, at: datetime | None) -> bool:
        """Compare-and-set of the check-in state: only one process acts on each step."""
        result = await self.session.execute(
            update(Case).where(Case.id == case_id, Case.checkin_state == expected).values(checkin_state=state, checkin_at=at))
        return result.rowcount == 1

    async def checkins_due(self, now: datetime, states: tuple[str, ...]) -> list[CaseEntry]:
        rows = await self.session.scalars(
            select(Case).where(Case.status == OPEN, Case.checkin_state.in_(states), Case.checkin_at <= now).limit(100))
        return [_case(row) for row in rows]

    async def unclaimed_urgent(self, since_before: datetime) -> list[CaseEntry]:
        rows = await self.session.scalars(
            select(Case).where(Case.status == OPEN, Case.priority == URGENT, Case.claimed_by.is_(None),
                               Case.escalated_at.is_(None), Case.urgent_since <= since_before).limit(100))
        return [_case(row) for row in rows]

    async def mark_escalated(self, case_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(Case).where(Case.id == case_id, Case.escalated_at.is_(None)).values(escalated_at=now))
        return result.rowcount == 1


# --- relay links ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkEntry:
    id: int
    case_id: int
    direction: str
    user_message_id: int | None
    group_message_id: int | None
    media: bool


class RelayLinkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, case_id: int, direction: str, *, user_message_id: int | None = None,
                  group_message_id: int | None = None, media: bool, now: datetime) -> int:
        row = RelayLink(case_id=case_id, direction=direction, user_message_id=user_message_id,
                        group_message_id=group_message_id, media=media, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def get(self, link_id: int) -> LinkEntry | None:
        row = await self.session.get(RelayLink, link_id)
        return _link(row) if row else None

    async def complete(self, link_id: int, *, user_message_id: int | None = None,
                       group_message_id: int | None = None) -> None:
        values = {"user_message_id": user_message_id} if user_message_id is not None else {}
        if group_message_id is not None:
            values["group_message_id"] = group_message_id
        await self.session.execute(update(RelayLink).where(RelayLink.id == link_id).values(**values))

    async def find(self, case_id: int, direction: str, *, user_message_id: int | None = None,
                   group_message_id: int | None = None) -> LinkEntry | None:
        condition = [RelayLink.case_id == case_id, RelayLink.direction == direction]
        if user_message_id is not None:
            condition.append(RelayLink.user_message_id == user_message_id)
        if group_message_id is not None:
            condition.append(RelayLink.group_message_id == group_message_id)
        row = await self.session.scalar(select(RelayLink).where(and_(*condition)).limit(1))
        return _link(row) if row else None

    async def find_all(self, case_id: int, direction: str, *, group_message_id: int) -> list[LinkEntry]:
        """Every message one volunteer message became (a long text goes in parts), in order."""
        rows = await self.session.scalars(select(RelayLink).where(
            RelayLink.case_id == case_id, RelayLink.direction == direction,
            RelayLink.group_message_id == group_message_id).order_by(RelayLink.id))
        return [_link(row) for row in rows]

    async def prune(self, before: datetime) -> int:
        # Edits are only possible for 48 hours; older links serve nothing.
        result = await self.session.execute(delete(RelayLink).where(RelayLink.created_at < before))
        return result.rowcount


def _link(row: RelayLink) -> LinkEntry:
    return LinkEntry(row.id, row.case_id, row.direction, row.user_message_id, row.group_message_id, row.media)


# --- duress words ------------------------------------------------------------------------------

MAX_DURESS_WORD = 64  # characters; longer texts are never compared


class DuressRepository:
    def __init__(self, session: AsyncSession, hasher: IdHasher) -> None:
        self.session, self.hasher = session, hasher

    def _key(self, user_id: int, word: str) -> bytes:
        # Bound to the user: equal words of two users give unrelated hashes.
        return self.hasher.digest("duress", f"{user_id}:{' '.join(word.casefold().split())}")

    async def set(self, user_id: int, word: str) -> None:
        await self.session.execute(delete(DuressWord).where(DuressWord.user_id == user_id))
        self.session.add(DuressWord(user_id=user_id, word_key=self._key(user_id, word)))
        await self.session.flush()

    async def clear(self, user_id: int) -> None:
        await self.session.execute(delete(DuressWord).where(DuressWord.user_id == user_id))

    async def is_set(self, user_id: int) -> bool:
        return await self.session.scalar(select(DuressWord.user_id).where(DuressWord.user_id == user_id)) is not None

    async def matches(self, user_id: int, text: str) -> bool:
        stored = await self.session.scalar(select(DuressWord.word_key).where(DuressWord.user_id == user_id))
        return stored is not None and secrets.compare_digest(stored, self._key(user_id, text))
