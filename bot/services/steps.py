""""My steps": the checklist a user saves from the citizenship summary, each step to do, done or stuck."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.citizenship import STATUSES, STEP_CODES
from storage.crypto import Cipher
from storage.steps import StepEntry, StepRepository

TODO = "todo"


class StepsService:
    def __init__(self, session: AsyncSession, cipher: Cipher, clock: Callable[[], datetime]) -> None:
        self.session, self.clock = session, clock
        self.repository = StepRepository(session, cipher)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StepsService:
        return cls(data["session"], data["cipher"], data["clock"])

    async def steps(self, user_id: int) -> list[StepEntry]:
        """The user's steps in the fixed order of STEP_CODES; unknown codes (none expected) are left out."""
        entries = {e.code: e for e in await self.repository.list(user_id) if e.code in STEP_CODES and e.status in STATUSES}
        return [entries[code] for code in STEP_CODES if code in entries]

    async def step(self, user_id: int, code: str) -> StepEntry | None:
        return next((e for e in await self.steps(user_id) if e.code == code), None)

    async def save(self, user_id: int, codes: Iterable[str]) -> int:
        """Adds the steps not saved yet (as to do); steps already saved keep their status."""
        have = {e.code for e in await self.steps(user_id)}
        today = self.clock().date()
        added = 0
        for code in dict.fromkeys(codes):
            if code in STEP_CODES and code not in have:
                await self.repository.add(user_id, code, TODO, today)
                added += 1
        await self.session.commit()
        return added

    async def set_status(self, user_id: int, code: str, status: str) -> bool:
        if status not in STATUSES:
            return False
        entry = await self.step(user_id, code)
        if entry is None:
            return False
        changed = await self.repository.set_status(user_id, entry.id, code, status, self.clock().date())
        await self.session.commit()
        return changed

    async def clear(self, user_id: int) -> None:
        await self.repository.delete_user(user_id)
        await self.session.commit()
