"""Reminder fan-out: 10,000 due reminders against a fake that enforces 30 messages a second.

    .venv/bin/python bench/fanout.py [--reminders 10000]

Writes users, papers and one due reminder each into a fresh SQLite database (through the real
repositories, sealed as the bot seals them), then starts Tirek (bench/bot_process.py, default
REMINDER_INTERVAL_SECONDS) against the emulator. The emulator's fault policy (`flood_limit`)
accepts at most 30 sendMessage calls in any sliding second and answers 429 (retry after 1 s)
beyond. The baseline is that limit itself: the ratio is the sustained rate over 30 msg/s.
Target (issue 7): at least 28 msg/s sustained, zero 429s, zero lost (every reminder delivered
exactly once).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import sys
import time
from collections import Counter, deque
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import BotProcess, ObservedEmulator, bot_env, key_env, prepare_schema, workspace  # noqa: E402

from bot.emulator import Fault  # noqa: E402

LIMIT = 30  # messages per sliding second, as Telegram documents for bots overall
FIRST_CHAT = 7_200_000_000


class FloodLimit:
    """The emulator's fault policy: 429 for a message beyond LIMIT in the last second."""

    def __init__(self) -> None:
        self.accepted: deque[float] = deque()
        self.sent: list[tuple[float, int]] = []
        self.rejected = 0

    def __call__(self, method: str, params: dict) -> Fault | None:
        if method != "sendMessage":
            return None
        now = time.perf_counter()
        while self.accepted and self.accepted[0] <= now - 1.0:
            self.accepted.popleft()
        if len(self.accepted) >= LIMIT:
            self.rejected += 1
            return Fault.flood(retry_after=1)
        self.accepted.append(now)
        self.sent.append((now, params["chat_id"]))
        return None


async def write_reminders(url: str, keys: dict[str, str], count: int) -> None:
    from bot.config import parse_key_ring
    from storage.crypto import Cipher, IdHasher
    from storage.db import create_engine, create_session_factory
    from storage.papers import PaperRepository, ReminderRepository
    from storage.repositories import UserRepository

    cipher = Cipher(parse_key_ring(keys["ENCRYPTION_KEYS"]))
    hasher = IdHasher(base64.urlsafe_b64decode(keys["ID_PEPPER"]))
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    due = datetime.now(UTC) - timedelta(minutes=1)
    expires = date.today() + timedelta(days=7)
    for start in range(0, count, 500):
        async with sessions() as session:
            users, papers, reminders = (UserRepository(session, cipher, hasher), PaperRepository(session, cipher),
                                        ReminderRepository(session))
            for chat_id in range(FIRST_CHAT + start, FIRST_CHAT + min(count, start + 500)):
                user = await users.get_or_create(chat_id, date.today())
                await users.set_locale(user.id, "en")
                paper = await papers.add(user.id, "asylum-seeker", expires, "")
                await reminders.add(paper.id, 7, due)
            await session.commit()
    await engine.dispose()


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    args = parser.parse_args(argv)
    keys = key_env()
    async with workspace() as work:
        url = f"sqlite+aiosqlite:///{work / 'fanout.db'}"
        await prepare_schema(url)
        await write_reminders(url, keys, args.reminders)
        emulator = ObservedEmulator()
        await emulator.start()
        for chat_id in range(FIRST_CHAT, FIRST_CHAT + args.reminders):
            emulator.add_chat({"id": chat_id, "type": "private", "first_name": "Bench"})
        emulator.policy = limit = FloodLimit()
        # The fake stands for Telegram's servers, whose pauses the bot never sees. Its own garbage
        # collections (its heap grows with every message it keeps) would hold arrivals back and
        # then count them in a bunch, as a burst the bot never sent: collected once here, then
        # off while the reminders go out.
        gc.collect()
        gc.freeze()
        gc.disable()
        bot = await BotProcess.spawn([sys.executable, str(Path(__file__).parent / "bot_process.py"), "tirek"],
                                     bot_env(emulator, url, work, keys))
        try:
            progress, last_change = 0, time.perf_counter()
            while len(limit.sent) < args.reminders and time.perf_counter() - last_change < 90:
                await asyncio.sleep(1)
                emulator.forget_calls()
                if len(limit.sent) != progress:
                    progress, last_change = len(limit.sent), time.perf_counter()
        finally:
            gc.enable()
            await bot.stop()
            await emulator.stop()
    per_chat = Counter(chat for _, chat in limit.sent)
    delivered = len(per_chat)
    duplicates = sum(n - 1 for n in per_chat.values())
    times = [t for t, _ in limit.sent]
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    worst = min((sum(1 for t in times if a <= t < a + 10) / 10 for a in times[: -1: max(1, len(times) // 50)]
                 if a + 10 <= times[-1]), default=rate)
    print(f"{args.reminders:,} due reminders, fake limit {LIMIT} msg/s (sliding second)")
    print(f"delivered {delivered:,}, lost {args.reminders - delivered:,}, duplicates {duplicates}, 429s {limit.rejected}")
    print(f"sustained {rate:5.1f} msg/s ({rate / LIMIT:4.2f}x the limit), slowest 10-s window {worst:5.1f} msg/s, "
          f"{times[-1] - times[0] if times else 0:.0f} s in all")
    ok = rate >= 28 and limit.rejected == 0 and delivered == args.reminders and duplicates == 0
    print(f"target >= 28 msg/s, zero 429s, zero lost: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
