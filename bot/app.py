"""The app factory: app-lifetime objects, the bot, the dispatcher, and how they run.

`TirekApp.open(settings)` prepares everything the bot needs (keys, database and migrations,
FAQ seed, search index); `run_polling()` and `webhook_app()` run it. The tests and the sandbox
go through exactly this path.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from aiogram_dialog import setup_dialogs
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cancellation import raise_if_cancelled
from bot.config import Settings, decode_key, ensure_local_keys, parse_key_ring
from bot.i18n import Translator
from bot.inbox import InboxWorker
from bot.inline_filters import run_magic_filters_inline
from bot.leases import lease_holder
from bot.middlewares.database import DatabaseSession
from bot.middlewares.dedupe import UpdateDeduplicator
from bot.middlewares.fsm_batch import FsmReadAhead, FsmWriteBatch
from bot.middlewares.rate_limit import RateLimit
from bot.middlewares.user_context import UserContext
from bot.ordering import OrderedDispatcher
from bot.routers import build_routers
from bot.services.cases import CaseService
from bot.services.delivery import Delivery
from bot.services.disappearing import DisappearingRunner
from bot.services.erasure import ErasureResumer, ErasureService
from bot.services.faq import FaqService
from bot.services.faq_search import FaqSearchIndex
from bot.services.faq_seed import seed_faq
from bot.services.message_log import SentMessageLog
from bot.services.reminders import ReminderScheduler
from bot.services.retention import Retention
from bot.services.review import WeeklyReview
from bot.services.roles import enroll_configured
from bot.telegram_session import AnswerCallbackOnce, KeepResponseModels, RateLimiter
from storage.cases import COORDINATOR, RelayLinkRepository, StaffRepository
from storage.crypto import Cipher, IdHasher
from storage.db import create_engine, create_session_factory, startup_lock
from storage.fsm import SealedSqlStorage
from storage.repositories import ChatMessageRepository, FsmRepository, SeedRunRepository, UpdateRepository
from storage.schema_version import schema_is_current
from storage.sqlite_driver import off_the_loop

logger = logging.getLogger(__name__)

COMMANDS = ("start", "language", "privacy", "clear", "forget", "help")
PROFILE_SEED = "profile"  # seed_runs: what the command menu and descriptions were last made from
HOUSEKEEPING_EVERY = timedelta(hours=1)
KEEP_UPDATE_IDS = timedelta(days=3)
CLOSE_TIMEOUT_SECONDS = 15
UPDATE_GRACE_SECONDS = 10  # at stop, for the updates in hand (bot/ordering.py)
KEEP_MESSAGE_IDS = timedelta(hours=48)
# Dialog state is only "where the user is in the menus": not worth keeping for long.
KEEP_IDLE_DIALOG_STATE = timedelta(days=30)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class TirekApp:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    cipher: Cipher
    hasher: IdHasher
    translator: Translator
    faq_index: FaqSearchIndex
    clock: Callable[[], datetime]
    bot: Bot = field(init=False)
    dispatcher: OrderedDispatcher = field(init=False)
    delivery: Delivery = field(init=False)
    # Webhook mode only (bot.webhook): the worker handling the shared inbox.
    inbox: InboxWorker | None = field(default=None, init=False)
    _housekeeping: asyncio.Task | None = field(default=None, init=False)
    _reminders: asyncio.Task | None = field(default=None, init=False)
    _delivery: asyncio.Task | None = field(default=None, init=False)
    _watcher: asyncio.Task | None = field(default=None, init=False)
    _review: asyncio.Task | None = field(default=None, init=False)
    _disappearing: asyncio.Task | None = field(default=None, init=False)
    _erasures: asyncio.Task | None = field(default=None, init=False)
    # Set when a handler committed outbox rows, so delivery starts at once rather than next poll.
    outbox_ready: asyncio.Event = field(default_factory=asyncio.Event, init=False)

    @classmethod
    async def open(cls, settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> TirekApp:
        ensure_local_keys(settings)
        assert settings.security.encryption_keys is not None and settings.security.id_pepper is not None
        cipher = Cipher(parse_key_ring(settings.security.encryption_keys.get_secret_value()))
        hasher = IdHasher(decode_key(settings.security.id_pepper.get_secret_value()))
        engine = create_engine(settings.storage.url)
        sessions = create_session_factory(engine)
        translator = Translator()
        index = FaqSearchIndex()
        async with startup_lock(engine), sessions() as session:
            if not await schema_is_current(engine):  # Alembic is imported only when there is work for it
                from storage.migrations import upgrade

                await upgrade(engine)
            result = await seed_faq(session, translator)
            await FaqService(session, index).rebuild_index()
            await enroll_configured(StaffRepository(session, cipher, hasher), settings.telegram.coordinator_ids,
                                    clock().date())
            await session.commit()
        logger.info("FAQ ready: %d topics, %d items written, %d kept", result.topics, result.written, result.kept)
        app = cls(settings, engine, sessions, cipher, hasher, translator, index, clock)
        app.bot = app._build_bot()
        app.dispatcher = app._build_dispatcher()
        app.delivery = Delivery(sessions, app.bot, cipher, hasher, clock, settings, translator, app.outbox_ready)
        return app

    def _build_bot(self) -> Bot:
        token = self.settings.telegram.bot_token
        if token is None:
            raise RuntimeError("BOT_TOKEN is required to run against Telegram")
        session = AiohttpSession(api=TelegramAPIServer.from_base(self.settings.telegram.api_base))
        session.middleware(KeepResponseModels())
        session.middleware(RateLimiter(self.settings.telegram.messages_per_second))
        session.middleware(AnswerCallbackOnce())
        session.middleware(SentMessageLog(self.sessions, self.hasher, self.clock))
        return Bot(
            token.get_secret_value(),
            session=session,
            default=DefaultBotProperties(
                parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
            ),
        )

    def _build_dispatcher(self) -> OrderedDispatcher:
        storage = SealedSqlStorage(self.sessions, self.cipher, self.hasher)
        dispatcher = OrderedDispatcher(
            storage=storage,
            # App-lifetime objects, available to every handler, middleware and dialog.
            settings=self.settings,
            sessions=self.sessions,
            cipher=self.cipher,
            hasher=self.hasher,
            translator=self.translator,
            faq_index=self.faq_index,
            clock=self.clock,
            outbox_wake=self.outbox_ready.set,
        )
        # The update's dialog-state batch opens before aiogram's own read of the FSM state.
        dispatcher.update.outer_middleware.unregister(dispatcher.fsm)
        dispatcher.update.outer_middleware(FsmReadAhead(storage))
        dispatcher.update.outer_middleware(dispatcher.fsm)
        dispatcher.update.outer_middleware(UpdateDeduplicator(self.sessions, self.clock))
        dispatcher.update.outer_middleware(DatabaseSession(self.sessions))
        # Inside: the dialog state is written before DatabaseSession's after-update actions,
        # which erase it on /forget and the quick-wipe word.
        dispatcher.update.outer_middleware(FsmWriteBatch(storage))
        dispatcher.update.outer_middleware(UserContext())
        dispatcher.update.outer_middleware(RateLimit())  # after UserContext: counts per internal user id
        for router in build_routers():
            dispatcher.include_router(router)
        setup_dialogs(dispatcher)
        run_magic_filters_inline(dispatcher)
        dispatcher.startup.register(self._on_startup)
        dispatcher.shutdown.register(self._on_shutdown)
        return dispatcher

    # --- lifecycle ---------------------------------------------------------------------------

    async def _on_startup(self) -> None:
        await self.configure_profile()
        every = self.settings.runtime.reminder_interval
        reminders, review = self.reminder_scheduler(), self.weekly_review()
        disappearing, erasures = self.disappearing(), self.erasure_resumer()
        self._housekeeping = self._repeat("housekeeping", self.housekeeping, HOUSEKEEPING_EVERY.total_seconds())
        self._reminders = self._repeat("reminder round", lambda: reminders.run_due(self.clock()), every)
        self._delivery = asyncio.create_task(self.delivery.run_forever())
        self._watcher = self._repeat("case watch", self.watch_cases, self.settings.cases.watch_interval)
        self._review = self._repeat("weekly review", review.run_due, every)
        # Same pace as reminders (REMINDER_INTERVAL_SECONDS): well inside the 1-hour minimum.
        self._disappearing = self._repeat("disappearing round", lambda: disappearing.run_due(self.clock()), every)
        # A /forget cut short by a crash or a stop is finished here: at start, then at the pace of
        # reminders, once its process's lease ran out (LEASE_SECONDS).
        self._erasures = self._repeat("erasure resume round", erasures.run_due, every)

    @staticmethod
    def _repeat(name: str, round_: Callable[[], Awaitable[Any]], seconds: float) -> asyncio.Task:
        """A background task running `round_` now and then every `seconds`, for the process's life.
        A failed round is logged (its kind only) and the next one tries again."""

        async def repeat() -> None:
            while True:
                try:
                    await round_()
                except Exception as error:  # keep the loop alive; the next round retries
                    raise_if_cancelled()
                    logger.error("%s failed: %s", name, type(error).__name__)
                await asyncio.sleep(seconds)

        return asyncio.create_task(repeat())

    async def _on_shutdown(self) -> None:
        # Updates in hand first, while the HTTP session and the database are open (close() is later).
        late = await self.dispatcher.finish_in_hand(UPDATE_GRACE_SECONDS)
        if late:
            logger.warning("%d update(s) still being handled at stop", late)
        self.delivery.stop_after_round()  # the outbox finishes the rows in hand; the rest are cancelled
        tasks = (self._housekeeping, self._reminders, self._watcher, self._review, self._disappearing,
                 self._erasures)
        running = [task for task in tasks if task is not None]
        for task in running:
            task.cancel()
        if self._delivery is not None:
            running.append(self._delivery)
        if running:
            # Bounded: a loop stuck in a call that ignores cancellation must not hold the stop.
            _, stuck = await asyncio.wait(running, timeout=CLOSE_TIMEOUT_SECONDS)
            for task in stuck:
                task.cancel()
            if stuck:
                logger.warning("%d background loop(s) did not stop in time", len(stuck))

    async def configure_profile(self) -> None:
        """Command menu and descriptions per language; neutral, as they show outside the chat.

        Sent only when the translations, the commands or the bot changed since they were last
        sent: on a restart they had to parse every locale and made 18 calls before the first reply
        (bench/cold_start.py)."""
        made_from = hashlib.sha256(f"{self.bot.id}|{','.join(COMMANDS)}|{self.translator.sources_digest()}".encode()).hexdigest()
        async with self.sessions() as session:
            if await SeedRunRepository(session).digest(PROFILE_SEED) == made_from:
                return
        scope = BotCommandScopeAllPrivateChats()
        for locale in self.translator.complete_locales:
            language = None if locale == self.translator.source_locale else locale.split("-")[0]
            text = lambda message_id: self.translator.get(locale, message_id)  # noqa: E731
            commands = [BotCommand(command=c, description=text(f"commands-{c}")) for c in COMMANDS]
            await self.bot.set_my_commands(commands, scope=scope, language_code=language)
            await self.bot.set_my_description(text("commands-description"), language_code=language)
            await self.bot.set_my_short_description(text("commands-short-description"), language_code=language)
        async with self.sessions() as session:
            await SeedRunRepository(session).set_digest(PROFILE_SEED, made_from)
            await session.commit()

    def retention(self) -> Retention:
        return Retention(self.sessions, self.cipher, self.clock, self.settings.cases.retention_days,
                         self.outbox_ready.set)

    async def housekeeping(self) -> None:
        with off_the_loop():  # a backlog of pruning can take seconds on SQLite (ADR 20)
            await self._housekeeping_round()

    async def _housekeeping_round(self) -> None:
        await self.retention().run_due()  # once a day, however often housekeeping runs
        now = self.clock()
        # Disappearing mode first: it tells users about messages it can no longer delete, which
        # the pruning below would otherwise drop silently after a long outage.
        await self.disappearing().run_due(now)
        async with self.sessions() as session:
            await UpdateRepository(session).prune(now - KEEP_UPDATE_IDS)
            await ChatMessageRepository(session).prune(now - KEEP_MESSAGE_IDS)
            await FsmRepository(session).prune(now - KEEP_IDLE_DIALOG_STATE)
            await RelayLinkRepository(session).prune(now - KEEP_MESSAGE_IDS)
            await session.commit()

    def reminder_scheduler(self) -> ReminderScheduler:
        # A fresh owner id per process run: a lease left by a crashed run is never mistaken for ours.
        owner = lease_holder("tirek")
        return ReminderScheduler(self.sessions, self.bot, self.clock, owner, cipher=self.cipher, translator=self.translator,
                                 lease=timedelta(seconds=self.settings.runtime.lease_seconds), hasher=self.hasher)

    async def watch_cases(self) -> None:
        """Urgent cases nobody claimed, and welfare check-ins that are due or went unanswered."""
        async with self.sessions() as session:
            staff = await StaffRepository(session, self.cipher, self.hasher).active()
            cases = CaseService(session, self.cipher, self.hasher, self.clock, self.settings, self.translator,
                                self.outbox_ready.set)
            await cases.escalate_unclaimed([s for s in staff if s.role == COORDINATOR])
            await cases.run_checkins()

    def weekly_review(self) -> WeeklyReview:
        return WeeklyReview(self.sessions, self.bot, self.clock, self.cipher, self.hasher, self.translator,
                            self.settings.telegram.coordinator_ids)

    def disappearing(self) -> DisappearingRunner:
        return DisappearingRunner(self.sessions, self.bot, self.cipher, self.hasher, self.translator,
                                  self.dispatcher.storage, self.dispatcher.sequencer)

    def erasure_resumer(self) -> ErasureResumer:
        service = ErasureService(self.sessions, self.cipher, self.hasher, self.translator, self.clock,
                                 timedelta(seconds=self.settings.runtime.lease_seconds))
        return ErasureResumer(service, self.bot, self.dispatcher.sequencer, self.settings.runtime.default_locale)

    def allowed_updates(self) -> list[str]:
        # aiogram-dialog registers an internal update type Telegram does not know; leave it out.
        return [name for name in self.dispatcher.resolve_used_update_types() if name in Update.model_fields]

    async def run_polling(self, *, polling_timeout: int = 30, handle_signals: bool = True) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)
        await self.dispatcher.start_polling(
            self.bot,
            polling_timeout=polling_timeout,
            handle_signals=handle_signals,
            allowed_updates=self.allowed_updates(),
            close_bot_session=False,
        )

    async def stop_polling(self) -> None:
        with suppress(RuntimeError):  # not polling
            await self.dispatcher.stop_polling()

    async def close(self) -> None:
        # Bounded: a connection that never answers must not keep a stopping process alive.
        for step, closing in (("HTTP session", self.bot.session.close()), ("database", self.engine.dispose())):
            try:
                await asyncio.wait_for(closing, CLOSE_TIMEOUT_SECONDS)
            except TimeoutError:
                logger.warning("closing the %s timed out", step)
