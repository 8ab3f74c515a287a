"""Shared parts of the benchmarks: the emulator on loopback, bot processes, users, statistics.

The load generator and the Bot API emulator share this process; the bot under test (Tirek or the
bare aiogram echo bot of bench/bot_process.py) runs in its own process, as in production. Reply
latency is measured here, from pushing an update to the emulator receiving the bot's first
visible answer (sendMessage or an edit) in that chat.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.emulator import BotApiEmulator, Fault

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# A fake token made at run time (a literal one would trip the repository's secret scan).
TOKEN = f"424242:{secrets.token_urlsafe(27)}"
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption"})


def key_env() -> dict[str, str]:
    return {
        "ENCRYPTION_KEYS": "k1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ID_PEPPER": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- databases -------------------------------------------------------------------------------

@asynccontextmanager
async def database(pg_admin_url: str | None, workdir: Path) -> AsyncIterator[str]:
    """A fresh database: a SQLite file, or a new database on the PostgreSQL server given."""
    if not pg_admin_url:
        yield f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(pg_admin_url)
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"tirek_bench_{secrets.token_hex(6)}"
    connection = await asyncpg.connect(dsn)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(dsn)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def prepare_schema(url: str) -> None:
    """Migrations ahead of the bot's start, so that a cold start or a bulk insert finds the tables."""
    from storage.db import create_engine
    from storage.migrations import upgrade

    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()


# --- the emulator, observed ------------------------------------------------------------------

class ObservedEmulator(BotApiEmulator):
    """The emulator, plus: the time of the first reply per chat, and an optional fault policy."""

    def __init__(self) -> None:
        super().__init__(token=TOKEN)
        self.waiting: dict[int, asyncio.Future] = {}  # chat id -> first reply time
        self.policy: Callable[[str, dict], Fault | None] | None = None
        self.faults = self._observe
        self.calls_kept = False

    def _observe(self, method: str, params: dict) -> Fault | None:
        fault = self.policy(method, params) if self.policy else None
        if fault is None and method in REPLY_METHODS:
            future = self.waiting.pop(params.get("chat_id"), None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())
        return fault

    def forget_calls(self) -> None:
        """Long runs: the call log is only for tests; keep memory flat."""
        self.calls.clear()


# --- the bot process -------------------------------------------------------------------------

@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    done: dict[int, asyncio.Future] = field(default_factory=dict)
    finished: set[int] = field(default_factory=set)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    counts: dict[str, int] | None = None  # bot_process.py's `counts` line (TIREK_BENCH_COUNT=1)
    _reader: asyncio.Task | None = None

    @classmethod
    async def spawn(cls, argv: list[str], env: dict[str, str]) -> BotProcess:
        process = await asyncio.create_subprocess_exec(
            *argv, env={**os.environ, **env}, cwd=env.get("TIREK_DATA_DIR", str(ROOT)),
            stdout=asyncio.subprocess.PIPE, stderr=None,
        )
        bot = cls(process)
        bot._reader = asyncio.create_task(bot._read())
        return bot

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            line = raw.decode().strip()
            if line == "ready":
                self.ready.set()
            elif line.startswith("counts "):
                self.counts = json.loads(line[7:])
            elif line.startswith("done "):
                update_id = int(line[5:])
                self.finished.add(update_id)
                future = self.done.pop(update_id, None)
                if future is not None and not future.done():
                    future.set_result(time.perf_counter())

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time of the process so far (Linux /proc; None elsewhere)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime

    def wait_done(self, update_id: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        if update_id in self.finished:
            future.set_result(time.perf_counter())
        else:
            self.done[update_id] = future
        return future

    async def wait_ready(self, timeout: float = 120) -> None:
        waiter = asyncio.create_task(self.ready.wait())
        exited = asyncio.create_task(self.process.wait())
        await asyncio.wait({waiter, exited}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        if not self.ready.is_set():
            waiter.cancel()
            raise RuntimeError(f"bot process not ready (exit code {self.process.returncode})")

    @property
    def pid(self) -> int:
        return self.process.pid

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        if self._reader is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._reader, 5)  # the last lines (counts) after exit
            self._reader.cancel()


VOLUNTEERS_GROUP = -1001000000001


def bot_env(emulator: BotApiEmulator, database_url: str, data_dir: Path, keys: dict[str, str] | None = None) -> dict[str, str]:
    """What `tirek run` reads; pass the same `keys` to every process that shares a database.
    The bot runs as a helpline does, with a volunteers' forum group (made known to the emulator)."""
    emulator.add_chat({"id": VOLUNTEERS_GROUP, "type": "supergroup", "title": "Volunteers", "is_forum": True})
    return {
        "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": emulator.base_url, "DATABASE_URL": database_url,
        "TIREK_DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING", "VOLUNTEER_CHAT_ID": str(VOLUNTEERS_GROUP),
        **(keys or key_env()),
    }


async def spawn(kind: str, env: dict[str, str]) -> BotProcess:
    bot = await BotProcess.spawn([sys.executable, str(BENCH / "bot_process.py"), kind], env)
    await bot.wait_ready()
    return bot


@asynccontextmanager
async def workspace() -> AsyncIterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tirek-bench-") as name:
        yield Path(name)


# --- users -----------------------------------------------------------------------------------

class StepFailed(Exception):
    pass


class User:
    """A private chat; each step waits until the bot has handled it completely."""

    def __init__(self, emulator: ObservedEmulator, bot: BotProcess, user_id: int, language: str = "en") -> None:
        self.emulator, self.bot, self.id = emulator, bot, user_id
        self.person = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": language}
        self.chat = {"id": user_id, "type": "private", "first_name": "Bench"}
        self._queries = 0

    async def text(self, text: str) -> float:
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text.startswith("/") else None
        message = {
            "message_id": self.emulator.next_message_id(self.id), "date": self.emulator.now(),
            "chat": self.chat, "from": self.person, "text": text,
        }
        if entities:
            message["entities"] = entities
        return await self._push({"message": message})

    async def press(self, button: str | int) -> float:
        message = next((m for m in reversed(self.emulator.visible_messages(self.id))
                        if m.from_bot and m.inline_keyboard), None)
        if message is None:
            raise StepFailed("no keyboard to press")
        flat = [b for row in message.inline_keyboard for b in row if "callback_data" in b]
        chosen = flat[button] if isinstance(button, int) else next((b for b in flat if b["text"] == button), None)
        if chosen is None:
            raise StepFailed(f"no button {button!r} in {[b['text'] for b in flat]}")
        self._queries += 1
        query = {
            "id": f"{self.id}{self._queries:06d}", "from": self.person, "chat_instance": f"ci{self.id}",
            "message": self.emulator.message_json(self.id, message.message_id), "data": chosen["callback_data"],
        }
        return await self._push({"callback_query": query})

    async def _push(self, payload: dict) -> float:
        """Returns the reply latency in seconds (until the update is done if nothing visible came)."""
        loop = asyncio.get_running_loop()
        reply = self.emulator.waiting[self.id] = loop.create_future()
        update_id = self.emulator.next_update_id()
        done = self.bot.wait_done(update_id)
        start = time.perf_counter()
        self.emulator.push_update({"update_id": update_id, **payload})
        finished = await asyncio.wait_for(done, 60)
        self.emulator.waiting.pop(self.id, None)
        return (reply.result() if reply.done() else finished) - start


@dataclass
class Figures:
    steps: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float | None = None  # the bot process's CPU time over the same window, if known

    @property
    def throughput(self) -> float:
        return self.steps / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 99)

    @property
    def cpu_per_step(self) -> float | None:
        """CPU time of the bot process per step: what a step costs, without the time the process
        waited for a core on a shared machine."""
        return self.cpu_seconds / self.steps if self.cpu_seconds is not None and self.steps else None

    def line(self, name: str) -> str:
        cpu = f"   CPU {self.cpu_per_step * 1000:5.1f} ms/step" if self.cpu_per_step is not None else ""
        return (f"{name:<28} {self.throughput:8.1f} steps/s   p50 {self.p50 * 1000:7.1f} ms"
                f"   p99 {self.p99 * 1000:7.1f} ms   ({self.steps} steps){cpu}")


Session = Callable[[int, Callable[[float], None]], Awaitable[None]]


async def closed_loop(session: Session, users: int, seconds: float, warmup: float = 2.0,
                      cpu: Callable[[], float | None] | None = None) -> Figures:
    """`users` concurrent users, each running sessions back to back (a new Telegram user for
    each session); figures are for the steps that finish within `seconds` after `warmup`.
    `cpu` (e.g. BotProcess.cpu_seconds) is read at both ends of that window."""
    latencies: list[float] = []
    loop = asyncio.get_running_loop()
    begin = loop.time() + warmup
    end = begin + seconds
    cpu_at: list[float | None] = []
    if cpu is not None:
        loop.call_at(begin, lambda: cpu_at.append(cpu()))
        loop.call_at(end, lambda: cpu_at.append(cpu()))

    def record(latency: float) -> None:
        if begin <= loop.time() <= end:
            latencies.append(latency)

    async def worker(slot: int) -> None:
        round_ = 0
        while loop.time() < end:
            await session(7_000_000_000 + slot * 100_000 + round_, record)
            round_ += 1

    await asyncio.gather(*(worker(slot) for slot in range(users)))
    used = cpu_at[1] - cpu_at[0] if len(cpu_at) == 2 and None not in cpu_at else None
    return Figures(len(latencies), seconds, latencies, used)


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:5.2f}x" if baseline else "  n/a"


__all__ = [
    "VOLUNTEERS_GROUP", "BotProcess", "Figures", "ObservedEmulator", "StepFailed", "User", "bot_env", "closed_loop", "database",
    "key_env", "percentile", "prepare_schema", "ratio", "rss_mb", "spawn", "statistics", "workspace",
]
