"""The outbox worker: makes the Bot API calls handlers queued, in order per lane, exactly once.

- A lane is one destination: `user:<id>` (a private chat), `topic:<case id>` (a case's topic in
  the volunteers' group), `staff:<id>` (a volunteer's or coordinator's private chat), `group`
  (the group's General topic). Only a lane's oldest row is ever sent, so order holds.
- A row is sent under a lease (storage.outbox), and deleted in the transaction that records the
  result; a 429, a 5xx or a network error postpones it (honouring retry_after) and keeps order.
- While a row is in hand its lease is renewed every third of LEASE_SECONDS, so a slow send (a
  starved CPU, a slow network, a rate limit waited out) is never taken over by another process as
  if this one had died; and this process never starts a second send of a row it is sending.
- A row that can never be delivered (the user blocked the bot, the message to copy is gone) is
  given up, and the other side is told in the same transaction: nothing is dropped silently.
- Topics are made when a case's first row goes out, and made again if someone deleted the topic.
- Any other failure of a row (a payload that does not open, a database error, a bug) counts as
  an attempt like a 5xx, so it too is given up in the end and never holds up its lane for good;
  one lane's failure never stops the others.
- A row carrying an announcement id is counted as delivered or failed in the transaction that
  finishes it (bot.services.announcements.record_outcome).

Exactly once, with one exception no client can close: if Telegram accepts a call and the
connection drops before its answer arrives, the row is sent again (at least once beats never).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cancellation import raise_if_cancelled
from bot.config import Settings
from bot.i18n import Translator
from bot.leases import lease_holder, lease_kept
from bot.services.announcements import record_outcome
from bot.services.case_cards import card_keyboard, card_text, topic_name
from bot.services.cases import CaseService, topic_lane
from bot.services.erasure import withdraw_sent
from bot.telegram_session import ChatLimits
from storage.cases import AuditLog, CaseEntry, CaseRepository, RelayLinkRepository
from storage.crypto import Cipher, IdHasher
from storage.outbox import OutboxItem, OutboxRepository
from storage.repositories import UserRepository

logger = logging.getLogger(__name__)

POLL_SECONDS = 1.0
MAX_ATTEMPTS = 30  # with backoff capped at 5 minutes: about two hours of trying
PARALLEL_LANES = 8


class GiveUp(Exception):
    """This row can never be delivered; `reason` is a short code for the other side's notice."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TopicGone(Exception):
    pass


class LeaseLost(Exception):
    """Another process took the row over (this one was stalled past its lease): it sends it now."""


@dataclass
class Delivery:
    sessions: async_sessionmaker[AsyncSession]
    bot: Bot
    cipher: Cipher
    hasher: IdHasher
    clock: Callable[[], datetime]
    settings: Settings
    translator: Translator
    ready: asyncio.Event
    owner: str = field(default_factory=lambda: lease_holder("tirek"))
    limits: ChatLimits | None = None
    _active: int = 0
    _found_due: bool = False
    _stopping: bool = False
    # Rows this process is sending, and those of them whose lease another process has taken.
    _in_hand: set[int] = field(default_factory=set)
    _lost: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.limits is None:
            self.limits = ChatLimits(group_per_minute=self.settings.cases.group_per_minute)

    @property
    def busy(self) -> bool:
        """Something is being sent, or was due at the last look (for tests' exact idleness)."""
        return self._active > 0 or self._found_due or self.ready.is_set()

    @property
    def group_locale(self) -> str:
        return self.translator.resolve(self.settings.runtime.default_locale)

    def stop_after_round(self) -> None:
        """For a stop: rows in hand are finished, no new one is taken. Cancelling mid-send instead
        would leave the row leased, so the next process would wait out the lease to send it."""
        self._stopping = True
        self.ready.set()

    async def run_forever(self) -> None:
        while not self._stopping:
            try:
                await self.run_once()
            except Exception as error:  # keep the loop alive; the next round retries
                raise_if_cancelled()
                logger.error("outbox round failed: %s", type(error).__name__)
            try:
                await asyncio.wait_for(self.ready.wait(), POLL_SECONDS)
            except TimeoutError:
                pass

    async def run_once(self) -> int:
        """Sends what is due now, lane by lane; returns the number of rows finished."""
        self.ready.clear()
        # Busy from the look on: between clearing `ready` and the answer (a query that yields to the
        # loop on PostgreSQL) nothing else would show that a round is under way.
        self._active += 1
        try:
            async with self.sessions() as session:
                heads = await OutboxRepository(session, self.cipher).due_heads(self.clock(), 200)
            heads = [item_id for item_id in heads if item_id not in self._in_hand]
            self._found_due = bool(heads)
            if not heads:
                return 0
            gate = asyncio.Semaphore(PARALLEL_LANES)

            async def drain(item_id: int) -> int:
                async with gate:
                    return await self._drain_lane(item_id)

            # Every lane is awaited whatever another one does: a round never ends (and the next
            # one never starts) while a lane of it is still sending.
            results = await asyncio.gather(*(drain(item_id) for item_id in heads), return_exceptions=True)
        finally:
            self._active -= 1
            self._found_due = False
        done = 0
        for result in results:
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result  # a cancellation
                logger.error("outbox: a lane failed: %s", type(result).__name__)
            else:
                done += result
        self.ready.set()  # more may have been queued meanwhile: look again at once
        return done

    async def _drain_lane(self, item_id: int | None) -> int:
        done = 0
        while item_id is not None and not self._stopping:
            if item_id in self._in_hand:
                return done  # this process is sending it right now (another drain of the lane)
            self._in_hand.add(item_id)
            try:
                item, finished = await self._send_row(item_id)
            finally:
                self._in_hand.discard(item_id)
                self._lost.discard(item_id)
            if item is None or not finished:
                return done
            done += 1
            async with self.sessions() as session:
                item_id = await OutboxRepository(session, self.cipher).next_in_lane(item.lane)
        return done

    # --- one row ---------------------------------------------------------------------------------

    async def _send_row(self, item_id: int) -> tuple[OutboxItem | None, bool]:
        """Leases a row and sends it, keeping the lease alive meanwhile: (the row or None if it was
        not taken, whether it is finished)."""
        lease = timedelta(seconds=self.settings.runtime.lease_seconds)
        now = self.clock()
        async with self.sessions() as session:
            leased = await OutboxRepository(session, self.cipher).lease(item_id, self.owner, now, now + lease)
            await session.commit()
        if not leased:
            return None, False
        async def renew() -> bool:
            async with self.sessions() as session:
                kept = await OutboxRepository(session, self.cipher).renew(item_id, self.owner, self.clock() + lease)
                await session.commit()
            return kept

        item: OutboxItem | None = None
        # Not kept: finished or postponed just now, or another process took the row over.
        async with lease_kept(renew, lease, "outbox", on_lost=lambda: self._lost.add(item_id)):
            try:
                async with self.sessions() as session:
                    item = await OutboxRepository(session, self.cipher).get(item_id)
                if item is None:
                    return None, False
                return item, await self._deliver(item)
            except LeaseLost:
                logger.warning("outbox: a row's lease was taken over before it was sent; left to its new holder")
                return None, False
            except Exception as error:
                raise_if_cancelled()
                return await self._failed_unexpectedly(item_id, item, error)

    def _check_lease(self, item: OutboxItem) -> None:
        """Just before a call: a row another process has taken over is not sent by this one too."""
        if item.id in self._lost:
            raise LeaseLost()

    async def _deliver(self, item: OutboxItem) -> bool:
        """True when the row is finished (sent or given up), False when postponed."""
        for _ in range(2):  # a second round after re-making a deleted topic
            try:
                result = await self._call(item)
            except TopicGone:
                await self._forget_topic(item.case_id)
                continue
            except TelegramRetryAfter as error:
                return await self._postpone(item, error.retry_after)
            except (TelegramServerError, TelegramNetworkError, aiohttp.ClientError, TimeoutError) as error:
                logger.warning("outbox: %s, will retry", type(error).__name__)
                return await self._postpone(item, None)
            except TelegramForbiddenError:
                return await self._give_up(item, "blocked")
            except GiveUp as error:
                return await self._give_up(item, error.reason)
            except (TelegramBadRequest, TelegramNotFound) as error:
                if "not modified" in error.message.lower():
                    result = None
                else:
                    logger.warning("outbox: call refused (%s)", type(error).__name__)
                    return await self._give_up(item, "refused")
            await self._record_sent(item, result)
            return True
        return await self._postpone(item, None)

    async def _failed_unexpectedly(self, item_id: int, item: OutboxItem | None,
                                   error: Exception) -> tuple[OutboxItem | None, bool]:
        """Anything but Telegram's answer (a payload that does not open, a database error, a bug)
        counts as an attempt, like a 5xx: retried with back-off, given up after the last one.
        Left leased and uncounted, the row would be tried every lease period forever and hold up
        every later message of its lane."""
        logger.error("outbox: a row failed unexpectedly: %s", type(error).__name__)
        if item is None:  # its payload did not open: the plain columns are enough to count and give up
            async with self.sessions() as session:
                item = await OutboxRepository(session, self.cipher).unopened(item_id)
            if item is None:
                return None, False
        return item, await self._postpone(item, None)

    async def _call(self, item: OutboxItem) -> Any:
        lane = item.lane.split(":", 1)[0]
        p = item.payload
        await self.limits.acquire(p["chat_id"] if "chat_id" in p else self._group_id())
        self._check_lease(item)  # the wait for the rate limit may have been long
        if lane == "topic":
            return await self._call_topic(item)
        if lane == "group":
            if item.kind == "delete_topic":
                return await self.bot.delete_forum_topic(self._group_id(), p["thread"])
            return await self.bot.send_message(self._group_id(), p["text"])
        if item.kind == "send":
            markup = InlineKeyboardMarkup.model_validate(p["markup"]) if p.get("markup") else None
            return await self.bot.send_message(p["chat_id"], p["text"], reply_markup=markup)
        if item.kind == "copy":
            return await self.bot.copy_message(p["chat_id"], p["from_chat_id"], p["message_id"],
                                               caption=p.get("caption"))
        if item.kind == "edit":
            target = await self._linked(p["link"], "user_message_id")
            if p.get("media"):
                return await self.bot.edit_message_caption(chat_id=p["chat_id"], message_id=target, caption=p["text"])
            return await self.bot.edit_message_text(p["text"], chat_id=p["chat_id"], message_id=target)
        raise GiveUp("refused")

    async def _call_topic(self, item: OutboxItem) -> Any:
        p, group = item.payload, self._group_id()
        async with self.sessions() as session:
            case = await CaseRepository(session, self.cipher).get(item.case_id)
        if case is None:
            raise GiveUp("gone")
        thread = case.topic_id if case.topic_id is not None else await self._make_topic(case)
        try:
            if item.kind == "notice":
                markup = InlineKeyboardMarkup.model_validate(p["markup"]) if p.get("markup") else None
                return await self.bot.send_message(group, p["text"], message_thread_id=thread, reply_markup=markup)
            if item.kind == "copy":
                return await self.bot.copy_message(group, p["from_chat_id"], p["message_id"], message_thread_id=thread)
            if item.kind == "edit":
                target = await self._linked(p["link"], "group_message_id")
                if p.get("media"):
                    return await self.bot.edit_message_caption(chat_id=group, message_id=target, caption=p["text"])
                return await self.bot.edit_message_text(p["text"], chat_id=group, message_id=target)
            if item.kind == "card":
                return await self._send_card(case, thread)
            if item.kind == "rename":
                return await self.bot.edit_forum_topic(group, thread, name=topic_name(self.translator, self.group_locale, case))
            if item.kind in ("close_topic", "reopen_topic"):
                call = self.bot.close_forum_topic if item.kind == "close_topic" else self.bot.reopen_forum_topic
                return await call(group, thread)
        except TelegramBadRequest as error:
            if "thread not found" in error.message.lower() or "topic_deleted" in error.message.lower():
                raise TopicGone() from None
            raise
        raise GiveUp("refused")

    async def _make_topic(self, case: CaseEntry) -> int:
        group = self._group_id()
        topic = await self.bot.create_forum_topic(group, topic_name(self.translator, self.group_locale, case))
        thread = topic.message_thread_id
        async with self.sessions() as session:
            kept = await CaseRepository(session, self.cipher).set_topic(case.id, thread)
            if kept:
                await AuditLog(session).record(self.clock(), "topic_created", case_id=case.id)
            else:  # the person erased their data meanwhile: the new topic must not stay
                await OutboxRepository(session, self.cipher).add("group", "delete_topic", {"thread": thread},
                                                                 now=self.clock())
            await session.commit()
        if not kept:
            self.ready.set()
            raise GiveUp("gone")
        # The card opens the topic. If this send fails, the row is retried into the topic that now
        # exists, which would never send the card: the card gets a row of its own, after this one.
        try:
            await self._send_card(case, thread)
        except Exception:
            async with self.sessions() as session:
                await OutboxRepository(session, self.cipher).add(
                    topic_lane(case.id), "card", {}, now=self.clock(), case_id=case.id, user_id=case.user_id)
                await session.commit()
            raise
        return thread

    async def _send_card(self, case: CaseEntry, thread: int) -> Any:
        async with self.sessions() as session:
            card = await CaseRepository(session, self.cipher).card(case.id)
        locale = self.group_locale
        return await self.bot.send_message(self._group_id(), card_text(self.translator, locale, case, card),
                                           message_thread_id=thread,
                                           reply_markup=card_keyboard(self.translator, locale, case))

    async def _forget_topic(self, case_id: int | None) -> None:
        async with self.sessions() as session:
            await CaseRepository(session, self.cipher).set_topic(case_id, None)
            await session.commit()

    async def _linked(self, link_id: int, side: str) -> int:
        async with self.sessions() as session:
            link = await RelayLinkRepository(session).get(link_id)
        target = getattr(link, side) if link else None
        if target is None:
            raise GiveUp("gone")  # the original never arrived, or is past the edit window
        return target

    def _group_id(self) -> int:
        group = self.settings.telegram.volunteer_chat_id
        if group is None:
            raise GiveUp("no-group")
        return group

    # --- bookkeeping -------------------------------------------------------------------------------

    async def _record_sent(self, item: OutboxItem, result: Any) -> None:
        """Telegram has the message: whatever goes wrong in the bookkeeping, the row must not be
        sent again (a fault there would send it once per attempt). Tried twice, as a database
        error may pass; then the row is finished alone."""
        for _ in range(2):
            try:
                return await self._record(item, result)
            except Exception as error:
                raise_if_cancelled()
                logger.error("outbox: recording a delivered %s failed: %s", item.kind, type(error).__name__)
        await self._finish_alone(item)

    async def _finish_alone(self, item: OutboxItem) -> None:
        """The row is done with, without the bookkeeping that failed around it."""
        async with self.sessions() as session:
            await OutboxRepository(session, self.cipher).finish(item.id, self.owner)
            await session.commit()

    async def _record(self, item: OutboxItem, result: Any) -> None:
        message_id = getattr(result, "message_id", None)
        async with self.sessions() as session:
            if not await OutboxRepository(session, self.cipher).finish(item.id, self.owner):
                await session.rollback()  # our lease ran out and another process took over, or
                await self._withdraw_if_erased(item, message_id)  # the row went with its person
                return
            link_id = item.payload.get("link")
            if link_id is not None and message_id is not None and item.kind in ("copy", "send"):
                links = RelayLinkRepository(session)
                if item.lane.startswith("topic:"):
                    await links.complete(link_id, group_message_id=message_id)
                else:
                    await links.complete(link_id, user_message_id=message_id)
            if item.payload.get("response") and item.case_id is not None:
                await CaseRepository(session, self.cipher).note_response(item.case_id, self.clock())
            await record_outcome(session, OutboxRepository(session, self.cipher), self.cipher, self.translator, item,
                                 True, self.clock())
            await session.commit()

    async def _postpone(self, item: OutboxItem, retry_after: float | None) -> bool:
        if item.attempts + 1 >= MAX_ATTEMPTS:
            return await self._give_up(item, "unreachable")
        wait = retry_after if retry_after is not None else min(300, 2 ** item.attempts)
        async with self.sessions() as session:
            await OutboxRepository(session, self.cipher).postpone(item.id, self.owner, self.clock() + timedelta(seconds=wait))
            await session.commit()
        return False

    async def _withdraw_if_erased(self, item: OutboxItem, message_id: int | None) -> None:
        """A message to a person who ran /forget while it was on its way must not stay in the chat
        /forget has just cleared."""
        chat_id = item.payload.get("chat_id")
        if item.user_id is None or chat_id is None or message_id is None:
            return
        async with self.sessions() as session:
            if await UserRepository(session, self.cipher, self.hasher).find(chat_id) is not None:
                return
        await withdraw_sent(self.bot, self.sessions, self.hasher, chat_id, message_id)

    async def _give_up(self, item: OutboxItem, reason: str) -> bool:
        logger.warning("outbox: gave up on a %s %s (%s)", item.lane.split(":", 1)[0], item.kind, reason)
        try:
            async with self.sessions() as session:
                outbox = OutboxRepository(session, self.cipher)
                if not await outbox.finish(item.id, self.owner):
                    await session.rollback()
                    return True
                await self._tell_other_side(session, outbox, item, reason)
                await record_outcome(session, outbox, self.cipher, self.translator, item, False, self.clock())
                await session.commit()
        except Exception as error:
            # A row given up for good must not come back because telling the other side failed.
            raise_if_cancelled()
            logger.error("outbox: giving up a %s failed: %s", item.kind, type(error).__name__)
            await self._finish_alone(item)
        return True

    async def _tell_other_side(self, session: AsyncSession, outbox: OutboxRepository, item: OutboxItem,
                               reason: str) -> None:
        """A relayed message that cannot arrive is reported to whoever sent it; a notice (with the
        card, when the notice opened the topic) that volunteers never saw, to the topic."""
        if item.case_id is None or item.kind not in ("copy", "send", "edit", "notice") or item.payload.get("quiet"):
            return
        case = await CaseRepository(session, self.cipher).get(item.case_id)
        if case is None:
            return
        cases = CaseService(session, self.cipher, self.hasher, self.clock, self.settings, self.translator,
                            self.ready.set)
        if item.lane.startswith("user:"):
            await cases.tell_topic(case, f"cases-undelivered-{reason if reason == 'blocked' else 'refused'}")
        elif item.lane.startswith("topic:") and item.payload.get("link") is not None:
            await cases.tell_user(case, "cases-not-passed-on")
        elif item.kind == "notice":
            await cases.tell_topic(case, "cases-undelivered-notice")
