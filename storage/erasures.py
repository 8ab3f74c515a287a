"""Pending erasures: a /forget confirmed and not yet completed (see bot/services/erasure.py).

The mark is written in the transaction that commits the confirmation, under a lease held by the
process that runs the erasure; it is deleted as the erasure's last step. A mark whose lease ran
out belongs to a process that died or stopped: any process may take it over (compare-and-set, so
one at a time) and run the erasure again, which is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.models import PendingErasure
from storage.sealed import PENDING_ERASURE


@dataclass(frozen=True)
class ErasureMark:
    owner: bytes  # the chat's keyed hash
    chat_id: int
    locale: str | None
    requested_at: datetime


def _context(owner: bytes) -> str:
    return PENDING_ERASURE.context({"owner": owner})


def _free(now: datetime):
    return or_(PendingErasure.lease_until.is_(None), PendingErasure.lease_until < now)


class ErasureMarkRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    async def put(self, owner: bytes, chat_id: int, locale: str | None, now: datetime, lease_owner: str,
                  lease_until: datetime) -> None:
        """The mark, under the caller's lease; a mark already there (the same /forget confirmed
        again, its update handled anew) is replaced. Not committed: the caller commits it with
        the confirmation."""
        await self.session.execute(delete(PendingErasure).where(PendingErasure.owner == owner))
        sealed = self.cipher.seal_json({"chat": chat_id, "locale": locale}, _context(owner))
        self.session.add(PendingErasure(owner=owner, sealed=sealed, requested_at=now, lease_owner=lease_owner,
                                        lease_until=lease_until))

    async def free(self, now: datetime, limit: int = 50) -> list[bytes]:
        """Marks whose lease ran out (their process died or stopped), oldest first."""
        statement = (select(PendingErasure.owner).where(_free(now))
                     .order_by(PendingErasure.requested_at).limit(limit))
        return list(await self.session.scalars(statement))

    async def lease(self, owner: bytes, lease_owner: str, now: datetime, until: datetime) -> bool:
        result = await self.session.execute(
            update(PendingErasure).where(PendingErasure.owner == owner, _free(now))
            .values(lease_owner=lease_owner, lease_until=until))
        return result.rowcount == 1

    async def renew(self, owner: bytes, lease_owner: str, until: datetime) -> bool:
        result = await self.session.execute(
            update(PendingErasure).where(PendingErasure.owner == owner, PendingErasure.lease_owner == lease_owner)
            .values(lease_until=until))
        return result.rowcount == 1

    async def get(self, owner: bytes) -> ErasureMark | None:
        row = (await self.session.execute(
            select(PendingErasure.sealed, PendingErasure.requested_at).where(PendingErasure.owner == owner))).first()
        if row is None:
            return None
        payload = self.cipher.open_json(row.sealed, _context(owner))
        return ErasureMark(owner, int(payload["chat"]), payload.get("locale"), row.requested_at)

    async def finish(self, owner: bytes, lease_owner: str) -> bool:
        """Removes the mark of a completed erasure, if this holder still has it."""
        result = await self.session.execute(
            delete(PendingErasure).where(PendingErasure.owner == owner, PendingErasure.lease_owner == lease_owner))
        return result.rowcount == 1
