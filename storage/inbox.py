"""The webhook inbox: updates accepted from Telegram, waiting for any bot process to handle them.

Accepting is one transaction: the update id is claimed (a second delivery of the same update
finds it taken) and the update is stored, sealed. Handling follows the outbox's rules: only a
lane's oldest update is handed out, under a lease, so one chat's updates are handled one at a
time and in order by whichever process holds the lease; a killed process's lease runs out and
another process takes the update over.

The row (and with it the lease that holds the lane) goes only when the update has been handled
completely, dialog state included, so a chat's next update never overtakes it. A process killed
in between leaves its update to be handled again: a handler may commit several times, so no
earlier point says "all of it is in". Nothing is lost; what the killed process had already
committed for that one update may happen twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.models import InboxUpdate
from storage.sealed import INBOX


@dataclass(frozen=True)
class InboxItem:
    update_id: int
    lane: str
    update: dict[str, Any]
    attempts: int


def _context(update_id: int, lane: str) -> str:
    return INBOX.context({"update_id": update_id, "lane": lane})


# Every webhook update goes through these: built once, as Core statements with bound parameters
# (see storage/repositories.py `_statements` for what building them per call cost).
_inbox = InboxUpdate.__table__
_free = or_(_inbox.c.lease_until.is_(None), _inbox.c.lease_until < bindparam("now"))
_ADD = insert(_inbox)
_LEASE = (update(_inbox).where(_inbox.c.update_id == bindparam("id"), _free)
          .values(lease_owner=bindparam("owner"), lease_until=bindparam("until"), attempts=_inbox.c.attempts + 1))
_GET = select(_inbox.c.update_id, _inbox.c.lane, _inbox.c.sealed, _inbox.c.attempts).where(
    _inbox.c.update_id == bindparam("id"))
_NEXT_IN_LANE = select(func.min(_inbox.c.update_id)).where(_inbox.c.lane == bindparam("lane"))
_RENEW = (update(_inbox).where(_inbox.c.update_id == bindparam("id"), _inbox.c.lease_owner == bindparam("owner"))
          .values(lease_until=bindparam("until")))
_FINISH = delete(_inbox).where(_inbox.c.update_id == bindparam("id"), _inbox.c.lease_owner == bindparam("owner"))


class InboxRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    async def add(self, update_id: int, lane: str, update: dict[str, Any], now: datetime) -> None:
        sealed = self.cipher.seal_text(json.dumps(update, separators=(",", ":")), _context(update_id, lane))
        await self.session.execute(_ADD, {"update_id": update_id, "lane": lane, "sealed": sealed, "attempts": 0,
                                          "received_at": now})

    async def free_heads(self, now: datetime, limit: int, exclude: set[str]) -> list[tuple[int, str]]:
        """The oldest update of each lane, where nobody holds a live lease on it."""
        heads = select(func.min(InboxUpdate.update_id)).group_by(InboxUpdate.lane).scalar_subquery()
        statement = (
            select(InboxUpdate.update_id, InboxUpdate.lane)
            .where(InboxUpdate.update_id.in_(heads),
                   or_(InboxUpdate.lease_until.is_(None), InboxUpdate.lease_until < now))
            .order_by(InboxUpdate.update_id)
            .limit(limit + len(exclude))
        )
        rows = (await self.session.execute(statement)).all()
        return [(row.update_id, row.lane) for row in rows if row.lane not in exclude][:limit]

    async def lease(self, update_id: int, owner: str, now: datetime, until: datetime) -> bool:
        """Takes the update if its lease is free or ran out; each take counts as an attempt."""
        result = await self.session.execute(_LEASE, {"id": update_id, "now": now, "owner": owner, "until": until})
        return result.rowcount == 1

    async def renew(self, update_id: int, owner: str, until: datetime) -> bool:
        """Extends this process's lease on an update it is still handling; False if it lost it."""
        result = await self.session.execute(_RENEW, {"id": update_id, "owner": owner, "until": until})
        return result.rowcount == 1

    async def get(self, update_id: int) -> InboxItem | None:
        row = (await self.session.execute(_GET, {"id": update_id})).first()
        if row is None:
            return None
        payload = json.loads(self.cipher.open_text(row.sealed, _context(row.update_id, row.lane)))
        return InboxItem(row.update_id, row.lane, payload, row.attempts)

    async def next_in_lane(self, lane: str) -> int | None:
        return await self.session.scalar(_NEXT_IN_LANE, {"lane": lane})

    async def finish(self, update_id: int, owner: str) -> bool:
        """Removes a handled update; False if it was already removed or another process holds it."""
        result = await self.session.execute(_FINISH, {"id": update_id, "owner": owner})
        return result.rowcount == 1

    async def release(self, update_id: int, owner: str) -> None:
        """Gives an update back unhandled (shutting down), not counting the attempt."""
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id, InboxUpdate.lease_owner == owner)
            .values(lease_owner=None, lease_until=None, attempts=InboxUpdate.attempts - 1))
