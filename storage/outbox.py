"""The persistent outbox: Bot API calls waiting to be made, in order per lane (one chat or topic).

A lane's messages go out one at a time, oldest first: only a lane's head is ever handed out, and
only under a lease, so two processes never send the same row and a crashed process's lease
simply runs out. A live holder renews its lease while it sends (bot.services.delivery), so only a
dead process's rows are taken over. A delivered row is deleted in the transaction that records its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.models import OutboxMessage
from storage.sealed import OUTBOX


@dataclass(frozen=True)
class OutboxItem:
    id: int
    lane: str
    user_id: int | None
    case_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int


class OutboxRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    async def add(self, lane: str, kind: str, payload: dict[str, Any], *, now: datetime,
                  user_id: int | None = None, case_id: int | None = None) -> int:
        row = OutboxMessage(lane=lane, user_id=user_id, case_id=case_id, kind=kind, sealed=b"", attempts=0,
                            next_attempt_at=now, created_at=now)
        self.session.add(row)
        await self.session.flush()  # the id is part of the sealing context
        row.sealed = self.cipher.seal_json(payload, OUTBOX.context({"id": row.id, "lane": lane}))
        await self.session.flush()
        return row.id

    async def due_heads(self, now: datetime, limit: int) -> list[int]:
        """The oldest row of each lane, if it is due and nobody holds a live lease on it."""
        heads = select(func.min(OutboxMessage.id)).group_by(OutboxMessage.lane).scalar_subquery()
        statement = (
            select(OutboxMessage.id)
            .where(OutboxMessage.id.in_(heads), OutboxMessage.next_attempt_at <= now,
                   or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        return list(await self.session.scalars(statement))

    async def lease(self, item_id: int, owner: str, now: datetime, until: datetime) -> bool:
        result = await self.session.execute(
            update(OutboxMessage)
            # A live lease is never taken again, not even by its own holder: the same process could
            # be sending the row right now (another lane drain, an earlier round), and would send it twice.
            .where(OutboxMessage.id == item_id,
                   or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
            .values(lease_owner=owner, lease_until=until))
        return result.rowcount == 1

    async def renew(self, item_id: int, owner: str, until: datetime) -> bool:
        """Extends the lease of a row this process is still sending; False if it is no longer ours
        (finished, postponed, or taken over after the lease ran out)."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == item_id, OutboxMessage.lease_owner == owner)
            .values(lease_until=until))
        return result.rowcount == 1

    async def get(self, item_id: int) -> OutboxItem | None:
        row = await self.session.get(OutboxMessage, item_id, populate_existing=True)
        if row is None:
            return None
        payload = self.cipher.open_json(row.sealed, OUTBOX.context({"id": row.id, "lane": row.lane}))
        return OutboxItem(row.id, row.lane, row.user_id, row.case_id, row.kind, payload, row.attempts)

    async def unopened(self, item_id: int) -> OutboxItem | None:
        """The row without its payload (empty), for when the payload cannot be opened."""
        row = await self.session.get(OutboxMessage, item_id, populate_existing=True)
        if row is None:
            return None
        return OutboxItem(row.id, row.lane, row.user_id, row.case_id, row.kind, {}, row.attempts)

    async def next_in_lane(self, lane: str) -> int | None:
        return await self.session.scalar(select(func.min(OutboxMessage.id)).where(OutboxMessage.lane == lane))

    async def finish(self, item_id: int, owner: str) -> bool:
        """Removes a delivered (or given-up) row; False if our lease was lost meanwhile."""
        result = await self.session.execute(
            delete(OutboxMessage).where(OutboxMessage.id == item_id, OutboxMessage.lease_owner == owner))
        return result.rowcount == 1

    async def postpone(self, item_id: int, owner: str, at: datetime) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == item_id, OutboxMessage.lease_owner == owner)
            .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=at, lease_owner=None, lease_until=None))

    async def of_user(self, user_id: int) -> list[int]:
        return list(await self.session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.user_id == user_id).order_by(OutboxMessage.id)))

    async def remove(self, item_id: int) -> bool:
        """Removes a row whatever its lease; False if it is gone (finished by its sender)."""
        result = await self.session.execute(delete(OutboxMessage).where(OutboxMessage.id == item_id))
        return result.rowcount == 1

    async def pending(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(OutboxMessage))
