"""Users: creation on first contact, language and onboarding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher, IdHasher
from storage.repositories import UserProfile, UserRepository


class UserService:
    def __init__(self, session: AsyncSession, cipher: Cipher, hasher: IdHasher, clock: Callable[[], datetime]) -> None:
        self.session, self.clock = session, clock
        self.users = UserRepository(session, cipher, hasher)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> UserService:
        return cls(data["session"], data["cipher"], data["hasher"], data["clock"])

    async def ensure(self, telegram_id: int) -> UserProfile:
        return await self.users.get_or_create(telegram_id, self.clock().date())

    async def choose_locale(self, profile: UserProfile, locale: str) -> None:
        await self.users.set_locale(profile.id, locale)
        await self.session.commit()

    async def complete_onboarding(self, profile: UserProfile) -> None:
        await self.users.set_onboarded(profile.id)
        await self.session.commit()

    async def commit(self) -> None:
        await self.session.commit()
