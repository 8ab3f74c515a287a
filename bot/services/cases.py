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

from aiogram import Bot
from aiogram.enums import ContentType
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOrigin,
    MessageOriginHiddenUser,
    MessageOriginUser,
    ReactionTypeEmoji,
    User,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.context import I18nContext
from bot.i18n import Translator
from bot.sensitive_words import sensitive_hits
from bot.services.case_cards import card_preview, is_long, notice_room, notice_text, shared_in_full
from bot.services.telegram_limits import CAPTION_LIMIT, TEXT_LIMIT, pack, split_plain, telegram_length
from bot.services.triage import scan
from storage.cases import (
    COORDINATOR,
    HIGH,
    IN,
    NORMAL,
    OUT,
    PRIORITIES,
    URGENT,
    AuditLog,
    CaseEntry,
    CaseRepository,
    RelayLinkRepository,
    StaffEntry,
    higher_priority,
)
from storage.crypto import Cipher, IdHasher
from storage.outbox import OutboxRepository
from storage.repositories import UserProfile, UserRepository

logger = logging.getLogger(__name__)

__all__ = ["CaseService", "CaseEntry", "URGENT", "HIGH", "NORMAL", "PRIORITIES", "SUBJECTS", "Wake"]

# Why a case was opened; each has a label in locales/*/cases.ftl (cases-subject-<code>).
SUBJECTS = ("person", "report", "papers", "steps", "citizenship", "triage", "duress", "checkin")

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
        return handoff_configured(self.settings)

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
        await self._share_in_full(case, card or [])
        await self._commit()
        return await self.cases.get(case.id)

    async def share(self, profile: UserProfile, case: CaseEntry, message_id: int, *, media: bool = True) -> None:
        """Copies one message of the user's private chat into the case's topic. Commits.
        `media`: whether it has a caption rather than a text (an edit changes one or the other)."""
        await self._copy_to_topic(profile, case, message_id, media=media)
        await self._commit()

    async def open_case(self, profile: UserProfile) -> CaseEntry | None:
        return await self.cases.open_for(profile.id)

    # --- the user's side of the conversation ------------------------------------------------------

    async def relay_from_user(self, profile: UserProfile, message: Message) -> CaseEntry:
        """Copies the user's message into their case's topic, opening or reopening the case. Commits.
        A message relayed before is not relayed again: its update is handled a second time when
        the process handling it died after this commit (webhook mode, bot/inbox.py)."""
        case = await self.cases.open_for(profile.id)
        earlier = case or await self.cases.latest_for(profile.id)
        if earlier is not None and await RelayLinkRepository(self.session).find(
                earlier.id, IN, user_message_id=message.message_id) is not None:
            return earlier
        if case is None:
            latest = earlier
            if latest is not None and await self.cases.reopen(latest.id, profile.id, self.clock()):
                case = await self.cases.get(latest.id)
                await AuditLog(self.session).record(self.clock(), "case_reopened", case_id=case.id)
                await self._to_topic(case, "reopen_topic", {})
                await self._to_topic(case, "notice", {"text": self._group_text("cases-topic-reopened")})
            else:
                case, _ = await self._open_or_current(profile, "person", NORMAL, [])
        found = scan(message.text or message.caption or "")
        if found:
            await self._raise(case, URGENT, [], reason="triage", detail=self._triage_labels(found))
        if message.forward_origin is not None:
            await self._to_topic(case, "notice", {"text": self._forwarded_notice(message)})
        await self._copy_to_topic(profile, case, message.message_id, media=message.text is None)
        await self._commit()
        return case

    async def relay_user_edit(self, profile: UserProfile, message: Message) -> bool:
        """An edit of a message already relayed follows it into the topic. Commits."""
        for case in reversed(await self.cases.for_user(profile.id)):
            link = await RelayLinkRepository(self.session).find(case.id, IN, user_message_id=message.message_id)
            if link is not None:
                text = self._edited(message)
                if telegram_length(text) > (CAPTION_LIMIT if link.media else TEXT_LIMIT):
                    text = message.html_text  # no room for the mark; Telegram shows it edited anyway
                await self._to_topic(case, "edit", {"link": link.id, "text": text, "media": link.media})
                await self._commit()
                return True
        return False

    async def is_reply_to_volunteer(self, profile: UserProfile, message: Message) -> bool:
        reply = message.reply_to_message
        if reply is None:
            return False
        case = await self.cases.latest_for(profile.id)
        return case is not None and await RelayLinkRepository(self.session).find(
            case.id, OUT, user_message_id=reply.message_id) is not None

    async def answer_checkin(self, profile: UserProfile, case_id: int, safe: bool) -> bool:
        """The user's answer to "are you safe?"; False if the case is not theirs or not asking."""
        case = await self.cases.get(case_id)
        if case is None or case.user_id != profile.id:
            return False
        if not await self.cases.move_checkin(case.id, "asked", "safe" if safe else "help", None):
            await self.session.rollback()  # end the write transaction the failed update opened
            return False
        if safe:
            await self._to_topic(case, "notice", {"text": self._group_text("cases-topic-checkin-safe")})
        else:
            await self._raise(case, URGENT, [], reason="checkin")
        await AuditLog(self.session).record(self.clock(), "checkin_answered", case_id=case.id)
        await self._commit()
        return True

    async def duress(self, profile: UserProfile) -> None:
        """The duress word: silently an urgent case. The user sees only something harmless."""
        await self.flag(profile, subject="duress", priority=URGENT)

    # --- the volunteers' side -----------------------------------------------------------------------

    async def relay_from_volunteer(self, case: CaseEntry, staff: StaffEntry, message: Message) -> str:
        """Copies a volunteer's message to the user. Returns "sent", "closed" or "claimed"."""
        if not case.is_open:
            return "closed"
        if await RelayLinkRepository(self.session).find(case.id, OUT, group_message_id=message.message_id) is not None:
            return "sent"  # relayed before, by a process that died before it finished the update
        if case.claimed_by is None:
            await self.claim(case, staff, commit=False)
        elif case.claimed_by != staff.id:
            return "claimed"
        links, now = RelayLinkRepository(self.session), self.clock()
        header = self._volunteer_header(case, staff)
        # Every message the person gets starts with the header (the lock screen shows only that).
        # When the header and the content pass Telegram's limit together, a text goes in parts,
        # each under the header, and a caption follows its media as a text under the header. Each
        # part has its own link, so an edit reaches every part.
        if message.text is not None:
            for part in _in_parts(header, message.html_text, message.text):
                link = await links.add(case.id, OUT, group_message_id=message.message_id, media=False, now=now)
                await self._to_user(case, case.user_id, "send", {"text": part, "link": link, "response": True})
        elif message.content_type in CAPTIONED:
            caption = _headed(header, message.html_text, CAPTION_LIMIT)
            link = await links.add(case.id, OUT, group_message_id=message.message_id, media=True, now=now)
            await self._to_user(case, case.user_id, "copy", {
                "from_chat_id": message.chat.id, "message_id": message.message_id,
                "caption": caption or header, "link": link, "response": True})
            if caption is None:
                link = await links.add(case.id, OUT, group_message_id=message.message_id, media=False, now=now)
                await self._to_user(case, case.user_id, "send", {"text": f"{header}\n\n{message.html_text}", "link": link})
        else:  # stickers, locations...: no caption, so the header goes first
            link = await links.add(case.id, OUT, group_message_id=message.message_id, media=True, now=now)
            await self._to_user(case, case.user_id, "send", {"text": header})
            await self._to_user(case, case.user_id, "copy", {
                "from_chat_id": message.chat.id, "message_id": message.message_id, "link": link, "response": True})
        await self._commit()
        return "sent"

    async def relay_volunteer_edit(self, case: CaseEntry, staff: StaffEntry, message: Message) -> bool:
        """An edit follows to every message the original became: a text's parts are cut anew (a
        part no longer needed keeps only the header; one more is sent), a caption moves between
        the media and the text after it as its length requires."""
        links = RelayLinkRepository(self.session)
        parts = await links.find_all(case.id, OUT, group_message_id=message.message_id)
        if not parts:
            return False
        header = self._volunteer_header(case, staff)
        if parts[0].media:
            caption = _headed(header, message.html_text, CAPTION_LIMIT)
            await self._to_user(case, case.user_id, "edit", {"link": parts[0].id, "media": True, "text": caption or header})
            parts, texts = parts[1:], ([] if caption is not None else [f"{header}\n\n{message.html_text}"])
        else:
            texts = _in_parts(header, message.html_text, message.text or "")
        for number in range(max(len(parts), len(texts))):
            text = texts[number] if number < len(texts) else header
            if number < len(parts):
                await self._to_user(case, case.user_id, "edit", {"link": parts[number].id, "media": False, "text": text})
            else:
                link = await links.add(case.id, OUT, group_message_id=message.message_id, media=False, now=self.clock())
                await self._to_user(case, case.user_id, "send", {"text": text, "link": link})
        await self._commit()
        return True

    async def claim(self, case: CaseEntry, staff: StaffEntry, *, commit: bool = True) -> bool:
        claimed = await self.cases.claim(case.id, staff.id, self.clock())
        if claimed:
            await AuditLog(self.session).record(self.clock(), "case_claimed", actor_id=staff.id, case_id=case.id)
            await self._to_topic(case, "notice", {"text": self._group_text(
                "cases-topic-claimed", volunteer=self._staff_label(staff))})
        if commit:
            await self._commit()
        return claimed

    async def release(self, case: CaseEntry, staff: StaffEntry) -> bool:
        # A coordinator may release anyone's claim; a volunteer only their own.
        released = await self.cases.release(case.id, None if staff.role == COORDINATOR else staff.id)
        if released:
            await AuditLog(self.session).record(self.clock(), "case_released", actor_id=staff.id, case_id=case.id)
            await self._to_topic(case, "notice", {"text": self._group_text("cases-topic-released")})
        await self._commit()
        return released

    @staticmethod
    def may_manage(case: CaseEntry, staff: StaffEntry, *, to: str | None) -> bool:
        """Who may set a case's priority `to` one of PRIORITIES, or close it (`to` None): a
        coordinator; the volunteer who took it; anyone while nobody has, except to lower or close
        an urgent case. An informant posing as a volunteer must not silence another's case, nor
        an alarm (duress, a missed check-in) without first taking it under their alias."""
        if staff.role == COORDINATOR or case.claimed_by == staff.id:
            return True
        return case.claimed_by is None and not (case.priority == URGENT and to != URGENT)

    async def set_priority(self, case: CaseEntry, staff: StaffEntry, priority: str) -> bool:
        if priority not in PRIORITIES or not case.is_open or not self.may_manage(case, staff, to=priority):
            return False
        changed = await self.cases.set_priority(case.id, priority, self.clock())
        if changed:
            await AuditLog(self.session).record(self.clock(), "case_priority", actor_id=staff.id, case_id=case.id)
            await self._to_topic(case, "rename", {})
            if priority == URGENT:
                await self._schedule_checkin(case)
        await self._commit()
        return changed

    async def close(self, case: CaseEntry, staff: StaffEntry, resolution: str) -> bool:
        if not self.may_manage(case, staff, to=None):
            return False
        closed = await self.cases.close(case.id, resolution, self.clock())
        if closed:
            await AuditLog(self.session).record(self.clock(), "case_closed", actor_id=staff.id, case_id=case.id)
            await self._to_topic(case, "notice", {"text": self._group_text(
                "cases-topic-closed", resolution=self._group_text(f"cases-resolution-{resolution}"))})
            await self._to_topic(case, "close_topic", {})
            await self._to_user(case, case.user_id, "send", {"text": self._user_text(case, "cases-closed")})
        await self._commit()
        return closed

    async def note(self, case: CaseEntry, staff: StaffEntry) -> None:
        await AuditLog(self.session).record(self.clock(), "case_noted", actor_id=staff.id, case_id=case.id)
        await self.session.commit()

    async def viewed(self, case: CaseEntry, staff: StaffEntry) -> None:
        await AuditLog(self.session).record(self.clock(), "case_viewed", actor_id=staff.id, case_id=case.id)
        await self.session.commit()

    async def send_faq(self, case: CaseEntry, staff: StaffEntry, item_id: int, body_html: str) -> None:
        """A FAQ answer, already in the user's language, from the volunteer; the topic is told."""
        if case.claimed_by is None:
            await self.claim(case, staff, commit=False)
        header = self._volunteer_header(case, staff)
        await self._to_user(case, case.user_id, "send", {"text": f"{header}\n\n{body_html}", "response": True})
        await AuditLog(self.session).record(self.clock(), "faq_sent", actor_id=staff.id, case_id=case.id)
        await self._to_topic(case, "notice", {"text": self._group_text("cases-faq-sent", number=item_id)})
        await self._commit()

    # --- timers (run by the case watcher in every process; compare-and-set makes each happen once) ---

    async def escalate_unclaimed(self, coordinators: list[StaffEntry]) -> int:
        now = self.clock()
        due = await self.cases.unclaimed_urgent(now - timedelta(seconds=self.settings.cases.escalate_after))
        count = 0
        for case in due:
            if not await self.cases.mark_escalated(case.id, now):
                continue
            count += 1
            await AuditLog(self.session).record(now, "case_escalated", case_id=case.id)
            text = self._group_text("cases-escalated", code=case.code)
            await self._to_topic(case, "notice", {"text": text})
            await self.outbox.add("group", "send", {"text": text}, now=now)
            for staff in coordinators:
                await self.outbox.add(f"staff:{staff.id}", "send", {
                    "chat_id": staff.telegram_id,
                    "text": I18nContext(self.translator, self.group_locale).compose("cases-staff-title", text)}, now=now)
        await self._commit()
        return count

    async def run_checkins(self) -> int:
        now = self.clock()
        count = 0
        for case in await self.cases.checkins_due(now, ("scheduled",)):
            deadline = now + timedelta(seconds=self.settings.cases.checkin_timeout)
            if await self.cases.move_checkin(case.id, "scheduled", "asked", deadline):
                count += 1
                locale = self.translator.resolve(case.locale)
                markup = checkin_keyboard(self.translator, locale, case.id)
                await self._to_user(case, case.user_id, "send", {
                    "text": self._user_text(case, "cases-checkin-question"), "markup": markup.model_dump(exclude_none=True)})
        for case in await self.cases.checkins_due(now, ("asked",)):
            if await self.cases.move_checkin(case.id, "asked", "alerted", None):
                count += 1
                await AuditLog(self.session).record(now, "checkin_unanswered", case_id=case.id)
                await self._to_topic(case, "notice", {"text": self._group_text("cases-topic-checkin-unanswered")})
                await self.outbox.add("group", "send", {"text": self._group_text(
                    "cases-checkin-unanswered", code=case.code)}, now=now)
        await self._commit()
        return count

    async def tell_topic(self, case: CaseEntry, message_id: str) -> None:
        """A notice about delivery in the case's topic; never itself reported if undeliverable."""
        await self._to_topic(case, "notice", {"text": self._group_text(message_id), "quiet": True})

    async def tell_user(self, case: CaseEntry, message_id: str) -> None:
        await self._to_user(case, case.user_id, "send", {"text": self._user_text(case, message_id), "quiet": True})

    async def forget_user(self, user_id: int) -> None:
        """At /forget, first of all: the user's cases go, with their topics (they hold copies of
        their messages). The topics' deletion is queued on the group lane, which outlives the
        user; their messages still queued go with the cases, so none can make a topic anew."""
        now = self.clock()
        for case_id, topic_id in await self.cases.delete_for_user(user_id):
            await AuditLog(self.session).record(now, "case_erased", case_id=case_id)
            if topic_id is not None:
                await self.outbox.add("group", "delete_topic", {"thread": topic_id}, now=now)
        await self._commit()

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

    async def _raise(self, case: CaseEntry, priority: str, card: list[str], *, reason: str,
                     detail: str = "") -> None:
        now = self.clock()
        raised = higher_priority(case.priority, priority)
        if card:
            await self.cases.add_to_card(case.id, card)
        if raised != case.priority:
            await self.cases.set_priority(case.id, raised, now)
            await AuditLog(self.session).record(now, "case_priority", case_id=case.id)
            await self._to_topic(case, "rename", {})
            if raised == URGENT:
                await self._schedule_checkin(case)
        label = self._group_text(f"cases-subject-{reason}")
        text = self._group_text("cases-topic-flagged", subject=label, priority=self._group_text(f"cases-priority-{raised}"))
        head = "\n\n".join([text, detail] if detail else [text])
        # The new card lines, long ones shortened (_share_in_full sends them whole); more lines
        # than one message holds continue in the next notice.
        blocks = [f"{head}\n", *(f"• {html.escape(card_preview(line))}" for line in card)] if card else [head]
        for notice in pack(blocks, notice_room(case)):
            await self._to_topic(case, "notice", {"text": notice})

    async def _share_in_full(self, case: CaseEntry, card: list[str]) -> None:
        """Card lines too long for the card and the notice that flags them follow whole."""
        for text in shared_in_full(self.translator, self.group_locale, case, [line for line in card if is_long(line)]):
            await self._to_topic(case, "notice", {"text": text})

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
        if kind == "notice":
            # The case code is the first line: a volunteer's lock screen shows only that.
            payload = {**payload, "text": notice_text(case, payload["text"])}
        await self.outbox.add(topic_lane(case.id), kind, payload, now=self.clock(), case_id=case.id,
                              user_id=case.user_id)

    async def _to_user(self, case: CaseEntry | None, user_id: int, kind: str, payload: dict[str, Any]) -> None:
        chat_id = await UserRepository(self.session, self.cipher, self.hasher).telegram_id(user_id)
        await self.outbox.add(user_lane(user_id), kind, {"chat_id": chat_id, **payload}, now=self.clock(),
                              user_id=user_id, case_id=case.id if case else None)

    def _user_text(self, case: CaseEntry, message_id: str, **args: Any) -> str:
        i18n = I18nContext(self.translator, self.translator.resolve(case.locale))
        return i18n.compose("cases-user-title", i18n(message_id, **args))

    def _volunteer_header(self, case: CaseEntry, staff: StaffEntry) -> str:
        locale = self.translator.resolve(case.locale)
        # The lock screen shows this line: an alias accepted before a word joined the list is not used.
        name = staff.alias if staff.alias and not sensitive_hits(staff.alias) else self.translator.get(
            locale, "cases-volunteer")
        return f"💬 <b>{html.escape(name)}</b>"

    def _staff_label(self, staff: StaffEntry) -> str:
        return staff.alias or self._group_text("cases-volunteer-number", number=staff.id)

    def _triage_labels(self, categories: list[str]) -> str:
        labels = ", ".join(self._group_text(f"cases-triage-{c}") for c in categories)
        return self._group_text("cases-topic-triage", categories=labels)

    def _edited(self, message: Message) -> str:
        return f"{message.html_text}\n\n<i>{self._group_text('cases-edited')}</i>"

    def _forwarded_notice(self, message: Message) -> str:
        origin = message.forward_origin
        when = f"{origin.date:%Y-%m-%d %H:%M}"
        if forwarded_own_message(origin, message.from_user):
            return self._group_text("cases-topic-forwarded-own", date=when)
        return self._group_text("cases-topic-forwarded", origin=f"{describe_origin(origin)}, {when} UTC")

    def _group_text(self, message_id: str, **args: Any) -> str:
        return self.translator.get(self.group_locale, message_id, **args)

    @property
    def group_locale(self) -> str:
        return self.translator.resolve(self.settings.runtime.default_locale)

    async def _commit(self) -> None:
        await self.session.commit()
        self.wake()


def _in_parts(header: str, html_text: str, plain_text: str) -> list[str]:
    """A volunteer's text under the header, in as many messages as Telegram's limit needs (a
    text cut in parts loses its formatting: the pieces are cut as plain text, then escaped)."""
    whole = _headed(header, html_text, TEXT_LIMIT)
    if whole is not None:
        return [whole]
    room = TEXT_LIMIT - telegram_length(header) - 2
    return [f"{header}\n\n{html.escape(piece)}" for piece in split_plain(plain_text, room)]


def _headed(header: str, content: str, limit: int) -> str | None:
    """The header above the content (HTML), or None when together they pass Telegram's limit."""
    text = f"{header}\n\n{content}" if content else header
    return text if telegram_length(text) <= limit else None


CAPTIONED = frozenset({ContentType.PHOTO, ContentType.VIDEO, ContentType.DOCUMENT, ContentType.AUDIO,
                       ContentType.VOICE, ContentType.ANIMATION})


class CheckinAnswer(CallbackData, prefix="checkin"):
    case_id: int
    safe: bool


def checkin_keyboard(translator: Translator, locale: str, case_id: int) -> InlineKeyboardMarkup:
    button = lambda label, safe: InlineKeyboardButton(  # noqa: E731
        text=translator.get(locale, label), callback_data=CheckinAnswer(case_id=case_id, safe=safe).pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button("cases-checkin-safe", True)],
                                                 [button("cases-checkin-help", False)]])


def describe_origin(origin: MessageOrigin) -> str:
    """Who a forwarded message came from, as Telegram tells it (often the threat's sender)."""
    return (getattr(origin, "sender_user_name", None) or getattr(getattr(origin, "sender_user", None), "full_name", None)
            or getattr(getattr(origin, "chat", None), "title", None) or getattr(origin, "author_signature", None) or "?")


def forwarded_own_message(origin: MessageOrigin, sender: User | None) -> bool:
    """Whether the person forwarded something they wrote themselves: then the origin's name is
    their own, which volunteers must not see. An account that hides its forwards gives only the
    name it showed then, so a hidden origin is the person's own when that name is theirs."""
    if sender is None:
        return False
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.id == sender.id
    if isinstance(origin, MessageOriginHiddenUser):
        shown = _comparable(origin.sender_user_name)
        return shown in {_comparable(sender.full_name), _comparable(sender.first_name)}
    return False


def _comparable(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def handoff_configured(settings: Settings) -> bool:
    """Whether hand-off works at all: a volunteers' group is configured. Nothing that offers a
    volunteer is shown without it."""
    return settings.telegram.volunteer_chat_id is not None


ACCEPTED = "👌"  # a reaction on the user's message: "passed on", without a new message


async def acknowledge(bot: Bot, message: Message) -> None:
    await bot.set_message_reaction(message.chat.id, message.message_id, reaction=[ReactionTypeEmoji(emoji=ACCEPTED)])
