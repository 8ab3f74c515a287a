"""Privacy choices of a user (quick-wipe word, disappearing mode) and the disappearing queue.

The queue is `chat_messages` itself: it already holds every message id of the last 48 hours, both
sides, in the database (so it survives restarts). A message is due when its owner chose
disappearing mode and it is older than their chosen hours. `chat_messages.owner` and `users.tg_key`
are the same HMAC for a private chat, which links a message to its user.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import IdHasher
from storage.models import ChatMessage, PrivacySettings, User
from storage.repositories import _insert

DISAPPEAR_CHOICES = (1, 6, 24)  # hours; inside Telegram's 48-hour window for bots


@dataclass(frozen=True)
class PrivacyChoice:
    wipe_word_set: bool
    disappear_hours: int | None
    announcements: bool = False


@dataclass(frozen=True)
class DueMessage:
    row_id: int
    user_id: int
    message_id: int
    sent_at: datetime
    attempts: int


def normalise_word(text: str) -> str:
    return " ".join(text.casefold().split())


class PrivacyRepository:
    def __init__(self, session: AsyncSession, hasher: IdHasher) -> None:
        self.session, self.hasher = session, hasher

    def _word_key(self, user_id: int, word: str) -> bytes:
        # Keyed and bound to the user: the database never shows the word, nor who chose the same one.
        return self.hasher.digest("wipe-word", f"{user_id}:{normalise_word(word)}")

    async def choice(self, user_id: int) -> PrivacyChoice:
        row = await self.session.get(PrivacySettings, user_id)
        if row is None:
            return PrivacyChoice(False, None)
        return PrivacyChoice(row.wipe_word_key is not None, row.disappear_hours, bool(row.announcements))

    async def _upsert(self, user_id: int, **values) -> None:
        statement = (
            _insert(self.session, PrivacySettings)
            .values(user_id=user_id, **values)
            .on_conflict_do_update(index_elements=[PrivacySettings.user_id], set_=values)
        )
        await self.session.execute(statement)

    async def set_word(self, user_id: int, word: str) -> None:
        await self._upsert(user_id, wipe_word_key=self._word_key(user_id, word))

    async def clear_word(self, user_id: int) -> None:
        await self._upsert(user_id, wipe_word_key=None)

    async def matches_word(self, user_id: int, text: str) -> bool:
        stored = await self.session.scalar(
            select(PrivacySettings.wipe_word_key).where(PrivacySettings.user_id == user_id)
        )
        return stored is not None and secrets.compare_digest(stored, self._word_key(user_id, text))

    async def set_disappearing(self, user_id: int, hours: int | None) -> None:
        if hours is not None and hours not in DISAPPEAR_CHOICES:
            raise ValueError("not an offered choice")
        await self._upsert(user_id, disappear_hours=hours)

    async def set_announcements(self, user_id: int, wanted: bool) -> None:
        await self._upsert(user_id, announcements=wanted)

    # --- the queue --------------------------------------------------------------------------

    async def due(self, now: datetime, limit: int = 1000) -> list[DueMessage]:
        """Messages of users in disappearing mode that are older than their chosen hours.

        One query per choice of hours (a few), each led by the users in that mode: their messages
        are found by owner. Joined the other way, SQLite scanned every stored message id (with a
        million rows, seconds per round, every REMINDER_INTERVAL_SECONDS).
        """
        due: list[DueMessage] = []
        for hours in DISAPPEAR_CHOICES:
            in_mode = select(User.tg_key).where(User.id.in_(
                select(PrivacySettings.user_id).where(PrivacySettings.disappear_hours == hours)))
            rows = await self.session.execute(
                select(ChatMessage.id, User.id, ChatMessage.message_id, ChatMessage.sent_at, ChatMessage.delete_attempts)
                .join(User, User.tg_key == ChatMessage.owner)
                .where(ChatMessage.owner.in_(in_mode), ChatMessage.sent_at <= now - timedelta(hours=hours))
                .order_by(ChatMessage.id)
                .limit(limit)
            )
            due.extend(DueMessage(*row) for row in rows)
        return due

    async def forget_messages(self, row_ids: list[int]) -> None:
        if row_ids:
            await self.session.execute(delete(ChatMessage).where(ChatMessage.id.in_(row_ids)))

    async def count_attempt(self, row_ids: list[int]) -> None:
        if row_ids:
            await self.session.execute(
                update(ChatMessage).where(ChatMessage.id.in_(row_ids))
                .values(delete_attempts=ChatMessage.delete_attempts + 1)
            )
