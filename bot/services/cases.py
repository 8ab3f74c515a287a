"""Cases: a user's conversation handed to volunteers, and everything that moves between the two.

Nothing here talks to Telegram directly. Every message for the user or for the case's topic is
written to the outbox (storage.outbox) in the same transaction as the change that caused it;
bot.services.delivery sends it. So a message accepted is a message delivered, in order.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from storage.cases import (
    HIGH,
    NORMAL,
    OPEN,
    PRIORITIES,
    URGENT,
    AuditLog,
    CaseEntry,
    CaseRepository,
    RelayLinkRepository,
    higher_priority,
)
from storage.crypto import Cipher, IdHasher
from storage.outbox import OutboxRepository
from storage.repositories import UserProfile, UserRepository

logger = logging.getLogger(__name__)

__all__ = ["CaseService", "CaseEntry", "URGENT", "HIGH", "NORMAL", "PRIORITIES", "SUBJECTS", "Wake"]

# Why a case was opened; each has a label in locales/*/cases.ftl (cases-subject-<code>).
SUBJECTS = ("person", "report", "papers", "steps", "citizenship", "triage", "duress", "checkin")
IN, OUT = "in", "out"

Wake = Callable[[], None]


def user_lane(user_id: int) -> str:
    return f"user:{user_id}"


def topic_lane(case_id: int) -> str:
    return f"topic:{case_id}"


@dataclass
class CaseService:
    session: AsyncSession
    cipher: Cipher
    hasher: IdHasher
    clock: Callable[[], datetime]
    settings: Settings
    translator: Translator
    wake: Wake

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CaseService:
        """From handler or dialog middleware data (`manager.middleware_data` in a dialog)."""
        return cls(data["session"], data["cipher"], data["hasher"], data["clock"], data["settings"],
                   data["translator"], data["outbox_wake"])

    @property
    def cases(self) -> CaseRepository:
        return CaseRepository(self.session, self.cipher)

    @property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.session, self.cipher)

    @property
    def available(self) -> bool:
        """Whether hand-off works at all: a volunteers' group is configured."""
        return self.settings.telegram.volunteer_chat_id is not None

    # --- opening and flagging -----------------------------------------------------------------

    async def flag(self, profile: UserProfile, *, subject: str, priority: str = NORMAL,
                   card: list[str] | None = None) -> CaseEntry:
        """Opens the user's case, or returns the open one with its priority raised and the card
        lines added (the topic is told). Card lines are plain text the user agreed to share.
        Commits."""
        if subject not in SUBJECTS or priority not in PRIORITIES:
            raise ValueError("unknown subject or priority")
        case, created = await self._open_or_current(profile, subject, priority, card or [])
        if not created:
            await self._raise(case, priority, card or [], reason=subject)
        await self._commit()
        return await self.cases.get(case.id)

    async def share(self, profile: UserProfile, case: CaseEntry, message_id: int) -> None:
        """Copies one message of the user's private chat into the case's topic. Commits."""
        await self._copy_to_topic(profile, case, message_id, media=True)
        await self._commit()

    async def open_case(self, profile: UserProfile) -> CaseEntry | None:
        return await self.cases.open_for(profile.id)

    # --- internals ------------------------------------------------------------------------------

    async def _open_or_current(self, profile: UserProfile, subject: str, priority: str,
                               card: list[str]) -> tuple[CaseEntry, bool]:
        now = self.clock()
        current = await self.cases.open_for(profile.id)
        if current is not None:
            return current, False
        locale = profile.locale or self.settings.runtime.default_locale
        case = await self.cases.open(profile.id, subject, priority, locale, card, now)
        if case is None:  # opened by a concurrent update a moment ago
            return await self.cases.open_for(profile.id), False
        await AuditLog(self.session).record(now, "case_opened", case_id=case.id)
        # The topic and its card are made by the delivery worker when this first item goes out.
        await self._to_topic(case, "notice", {"text": self._group_text("cases-topic-opened")})
        if priority == URGENT:
            await self._schedule_checkin(case)
        return case, True

    async def _raise(self, case: CaseEntry, priority: str, card: list[str], *, reason: str) -> None:
        now = self.clock()
        raised = higher_priority(case.priority, priority)
        parts = []
        if card:
            await self.cases.add_to_card(case.id, card)
            parts.append("\n".join(f"• {html.escape(line)}" for line in card))
        if raised != case.priority:
            await self.cases.set_priority(case.id, raised, now)
            await AuditLog(self.session).record(now, "case_priority", case_id=case.id)
            await self._to_topic(case, "rename", {})
            if raised == URGENT:
                await self._schedule_checkin(case)
        label = self._group_text(f"cases-subject-{reason}")
        text = self._group_text("cases-topic-flagged", subject=label, priority=self._group_text(f"cases-priority-{raised}"))
        await self._to_topic(case, "notice", {"text": "\n\n".join([text, *parts])})

    async def _schedule_checkin(self, case: CaseEntry) -> None:
        after = timedelta(seconds=self.settings.cases.checkin_after)
        await self.cases.schedule_checkin(case.id, self.clock() + after)

    async def _copy_to_topic(self, profile: UserProfile, case: CaseEntry, message_id: int, *, media: bool) -> int:
        now = self.clock()
        link = await RelayLinkRepository(self.session).add(case.id, IN, user_message_id=message_id, media=media, now=now)
        chat_id = await UserRepository(self.session, self.cipher, self.hasher).telegram_id(profile.id)
        await self._to_topic(case, "copy", {"from_chat_id": chat_id, "message_id": message_id, "link": link})
        return link

    async def _to_topic(self, case: CaseEntry, kind: str, payload: dict[str, Any]) -> None:
        await self.outbox.add(topic_lane(case.id), kind, payload, now=self.clock(), case_id=case.id,
                              user_id=case.user_id)

    async def _to_user(self, case: CaseEntry | None, user_id: int, kind: str, payload: dict[str, Any]) -> None:
        chat_id = await UserRepository(self.session, self.cipher, self.hasher).telegram_id(user_id)
        await self.outbox.add(user_lane(user_id), kind, {"chat_id": chat_id, **payload}, now=self.clock(),
                              user_id=user_id, case_id=case.id if case else None)

    def _group_text(self, message_id: str, **args: Any) -> str:
        return self.translator.get(self.group_locale, message_id, **args)

    @property
    def group_locale(self) -> str:
        return self.translator.resolve(self.settings.runtime.default_locale)

    async def _commit(self) -> None:
        await self.session.commit()
        self.wake()


def is_open(case: CaseEntry | None) -> bool:
    return case is not None and case.status == OPEN
