"""Repository for "My steps": a user's checklist of next steps (see bot/services/citizenship.py).

The same rules as storage/repositories.py: frozen dataclasses, never commit. A step's code and
status are sealed together (`storage.sealed.USER_STEP`), because the codes reveal the user's
situation; only the owner (users.id) and the day of the last change are readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.models import User, UserStep
from storage.sealed import USER_STEP


@dataclass(frozen=True)
class StepEntry:
    id: int
    user_id: int
    code: str
    status: str
    updated_on: date


class StepRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session, self.cipher = session, cipher

    def _seal(self, step_id: int, user_id: int, code: str, status: str) -> bytes:
        return self.cipher.seal_json({"code": code, "status": status}, USER_STEP.context({"id": step_id, "user_id": user_id}))

    def _entry(self, row: UserStep) -> StepEntry:
        value = self.cipher.open_json(row.sealed, USER_STEP.context({"id": row.id, "user_id": row.user_id}))
        return StepEntry(row.id, row.user_id, str(value["code"]), str(value["status"]), row.updated_on)

    async def list(self, user_id: int) -> list[StepEntry]:
        rows = await self.session.scalars(select(UserStep).where(UserStep.user_id == user_id).order_by(UserStep.id))
        return [self._entry(row) for row in rows]

    async def add(self, user_id: int, code: str, status: str, today: date) -> StepEntry:
        row = UserStep(user_id=user_id, sealed=b"", updated_on=today)
        self.session.add(row)
        await self.session.flush()  # the id is part of the sealing context
        row.sealed = self._seal(row.id, user_id, code, status)
        await self.session.flush()
        return StepEntry(row.id, user_id, code, status, today)

    async def set_status(self, user_id: int, step_id: int, code: str, status: str, today: date) -> bool:
        result = await self.session.execute(
            update(UserStep)
            .where(UserStep.id == step_id, UserStep.user_id == user_id)
            .values(sealed=self._seal(step_id, user_id, code, status), updated_on=today)
        )
        return result.rowcount == 1

    async def delete_user(self, user_id: int) -> None:
        await self.session.execute(delete(UserStep).where(UserStep.user_id == user_id))

    async def delete_for_tg_key(self, tg_key: bytes) -> None:
        """Erasure: every step of the user with this key (also done by ON DELETE CASCADE)."""
        await self.session.execute(delete(UserStep).where(UserStep.user_id.in_(select(User.id).where(User.tg_key == tg_key))))
