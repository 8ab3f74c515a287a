"""Shared fixtures: the Bot API emulator, settings for a fresh database, and the real bot running.

The bot runs exactly as `tirek run` runs it (TirekApp.open, then long polling over HTTP), against
the emulator on loopback. Set TIREK_TEST_DATABASE_URL to run the suite on another database
(e.g. PostgreSQL); by default each test gets its own SQLite file.
"""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import TirekApp
from bot.config import Settings
from bot.emulator import BotApiEmulator
from bot.sandbox import track_processing
from bot.sensitive_words import sensitive_hits

TOKEN = "424242:AAE-test-token-not-real-0123456789"
ENV_NAMES = (
    "BOT_TOKEN", "TELEGRAM_API_BASE", "DATABASE_URL", "VOLUNTEER_CHAT_ID", "COORDINATOR_IDS",
    "ENCRYPTION_KEYS", "ID_PEPPER", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_LISTEN_HOST",
    "WEBHOOK_LISTEN_PORT", "WEBHOOK_PATH", "TIREK_DATA_DIR", "LOG_LEVEL", "DEFAULT_LOCALE",
    "REMINDER_INTERVAL_SECONDS", "URGENT_ESCALATE_SECONDS", "CHECKIN_AFTER_SECONDS", "CHECKIN_TIMEOUT_SECONDS",
    "CASE_WATCH_INTERVAL_SECONDS", "GROUP_MESSAGES_PER_MINUTE", "INVITE_VALID_HOURS", "RETENTION_DAYS",
    "LEASE_SECONDS", "TELEGRAM_MESSAGES_PER_SECOND",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the developer's shell or a .env file."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@dataclass
class Clock:
    """Real time plus an offset the test can move forward; shared by the bot and the emulator."""

    offset: timedelta = field(default_factory=timedelta)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def unix(self) -> float:
        return self.now().timestamp()

    def advance(self, delta: timedelta) -> None:
        self.offset += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def emulator(clock: Clock) -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(token=TOKEN, clock=clock.unix)
    await emu.start()
    yield emu
    await emu.stop()


def key_material() -> dict[str, str]:
    return {
        "ENCRYPTION_KEYS": "k1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ID_PEPPER": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database for each test.

    By default a SQLite file under the test's tmp_path. With TIREK_TEST_DATABASE_URL set to a
    postgresql+asyncpg:// URL (naming a maintenance database such as `postgres`, as a role that
    may create databases), each test gets its own `tirek_test_<random>` database on that server,
    dropped afterwards. Any other URL is used as given.
    """
    async with fresh_database(tmp_path / "tirek.db") as url:
        yield url


@asynccontextmanager
async def fresh_database(sqlite_path: Path) -> AsyncIterator[str]:
    """An empty database on the configured test backend (see `database_url`)."""
    from sqlalchemy.engine import make_url

    configured = os.environ.get("TIREK_TEST_DATABASE_URL")
    if not configured:
        yield f"sqlite+aiosqlite:///{sqlite_path}"
        return
    admin = make_url(configured)
    if admin.get_backend_name() != "postgresql":
        yield configured
        return
    admin_dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)  # for asyncpg
    name = f"tirek_test_{secrets.token_hex(8)}"
    await _create_postgres_database(admin_dsn, name)
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        await _drop_postgres_database(admin_dsn, name)


async def _create_postgres_database(admin_dsn: str, name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_dsn)  # autocommit: CREATE DATABASE refuses a transaction
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _drop_postgres_database(admin_dsn: str, name: str) -> None:
    """Drops a test database even if the test left connections open (an engine never disposed)."""
    import asyncpg

    connection = await asyncpg.connect(admin_dsn)
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name
        )
        force = " WITH (FORCE)" if connection.get_server_version().major >= 13 else ""
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"{force}')
    finally:
        await connection.close()


@pytest.fixture
def sqlite_file(database_url: str) -> Path:
    """The test's SQLite database file, for tests that read the bytes at rest (skipped elsewhere)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        pytest.skip("reads the SQLite file itself")
    return Path(url.database)


@pytest.fixture
async def engine(database_url: str):
    """A migrated database engine, for tests of storage below the bot."""
    from storage.db import create_engine
    from storage.migrations import upgrade

    engine = create_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


async def table_names(engine) -> set[str]:
    from sqlalchemy import inspect

    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, emulator: BotApiEmulator, database_url: str) -> dict[str, str]:
    values = {"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": emulator.base_url, "DATABASE_URL": database_url, **key_material()}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def settings_factory(env: dict[str, str]) -> Callable[[], Settings]:
    return lambda: Settings.load(env_file=None)


class RunningBot:
    """Starts and stops the real bot in long-polling mode; restartable on the same database."""

    def __init__(self, settings_factory: Callable[[], Settings], clock: Clock, emulator: BotApiEmulator) -> None:
        self.settings_factory, self.clock, self.emulator = settings_factory, clock, emulator
        self.app: TirekApp | None = None
        self._task: asyncio.Task | None = None
        self._finished: set[int] = set()  # survives restarts, like the emulator's delivery record

    async def start(self) -> TirekApp:
        self.app = await TirekApp.open(self.settings_factory(), clock=self.clock.now)
        track_processing(self.app, self.emulator, self._finished)
        polls_before = self._polls()
        self._task = asyncio.create_task(self.app.run_polling(polling_timeout=1, handle_signals=False))
        await self.emulator.wait_for(lambda: self._polls() > polls_before or self._task.done(), timeout=10)
        if self._task.done():
            self._task.result()
        return self.app

    async def stop(self) -> None:
        if self.app is None:
            return
        # Bounded: a teardown that hangs must fail its test, not stall the whole run.
        await asyncio.wait_for(self.app.stop_polling(), timeout=30)
        if self._task is not None:
            await asyncio.wait_for(asyncio.gather(self._task, return_exceptions=True), timeout=30)
        await asyncio.wait_for(self.app.close(), timeout=60)
        self.app, self._task = None, None

    async def restart(self) -> TirekApp:
        await self.stop()
        return await self.start()

    def _polls(self) -> int:
        return sum(1 for call in self.emulator.calls if call.method == "getUpdates")


@pytest.fixture
async def running_bot(settings_factory, clock: Clock, emulator: BotApiEmulator) -> AsyncIterator[RunningBot]:
    bot = RunningBot(settings_factory, clock, emulator)
    await bot.start()
    yield bot
    await bot.stop()
    rejected = emulator.rejected_calls()
    assert not rejected, (
        f"the bot made calls Telegram would reject: {[(c.method, c.error) for c in rejected]}\n"
        + call_trace(emulator)
    )
    assert_neutral_first_lines(emulator)


def call_trace(emulator: BotApiEmulator, last: int = 40) -> str:
    """The bot's recent calls, one line each, to see what led to a failure."""
    lines = []
    for call in [c for c in emulator.calls if c.method != "getUpdates"][-last:]:
        text = str(call.params.get("text", call.params.get("callback_query_id", "")))[:50].replace("\n", " ")
        lines.append(f"  {call.method} chat={call.params.get('chat_id')} msg={call.params.get('message_id')} ok={call.ok} {text!r}")
    return "\n".join(lines)


def assert_neutral_first_lines(emulator: BotApiEmulator) -> None:
    """Lock-screen previews show a message's first line: it must never name the subject."""
    for call in emulator.calls:
        if call.method in ("sendMessage", "editMessageText") and call.ok:
            first_line = str(call.params.get("text", "")).split("\n", 1)[0]
            hits = sensitive_hits(first_line)
            assert not hits, f"first line reveals the subject ({hits}): {first_line!r}"
