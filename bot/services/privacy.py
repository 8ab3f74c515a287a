"""The user's privacy choices: a quick-wipe word, disappearing mode, and announcements."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import IdHasher
from storage.privacy import PrivacyChoice, PrivacyRepository, normalise_word

WORD_LENGTH = range(2, 65)


def acceptable_word(text: str | None) -> bool:
    """A word or two of plain text; a command could never be told apart from the command."""
    return bool(text) and not text.lstrip().startswith("/") and len(normalise_word(text)) in WORD_LENGTH


class PrivacyService:
    def __init__(self, session: AsyncSession, hasher: IdHasher) -> None:
        self.session = session
        self.repository = PrivacyRepository(session, hasher)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PrivacyService:
        return cls(data["session"], data["hasher"])

    async def choice(self, user_id: int) -> PrivacyChoice:
        return await self.repository.choice(user_id)

    async def set_word(self, user_id: int, word: str) -> None:
        await self.repository.set_word(user_id, word)
        await self.session.commit()

    async def clear_word(self, user_id: int) -> None:
        await self.repository.clear_word(user_id)
        await self.session.commit()

    async def is_wipe_word(self, user_id: int, text: str | None) -> bool:
        return acceptable_word(text) and await self.repository.matches_word(user_id, text or "")

    async def set_disappearing(self, user_id: int, hours: int | None) -> None:
        await self.repository.set_disappearing(user_id, hours)
        await self.session.commit()

    async def set_announcements(self, user_id: int, wanted: bool) -> None:
        await self.repository.set_announcements(user_id, wanted)
        await self.session.commit()
