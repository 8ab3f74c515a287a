"""Cold start: from process start to the first reply, on SQLite, against the bare echo bot.

    .venv/bin/python bench/cold_start.py [--runs 3]

A /start is already waiting in the emulator when the process is spawned; the time runs until the
emulator receives the bot's reply. Tirek is started exactly as in production (`tirek run`, the
console script), (a) on a database that already exists (a restart: the usual case) and (b) on
an empty one (first start: migrations and the FAQ seed). The echo bot (bench/bot_process.py) is
the floor: Python, aiogram and aiohttp alone. Target (issue 7): under 2 s on SQLite. The median
of `--runs` is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import BENCH, BotProcess, ObservedEmulator, User, bot_env, key_env, prepare_schema, workspace  # noqa: E402

TIREK = [str(Path(sys.executable).parent / "tirek"), "run"]  # in a directory without .env
ECHO = [sys.executable, str(BENCH / "bot_process.py"), "echo"]


KEYS = key_env()  # one key ring for every start on the same database
STARTS = itertools.count(1)


async def first_reply(argv: list[str], database_url: str, data_dir: Path) -> float:
    emulator = ObservedEmulator()
    await emulator.start()
    start_number = next(STARTS)  # a new user and new update ids: a restart must not see a handled update
    emulator._last_update_id += 1000 * start_number
    user = User(emulator, None, 7_100_000_000 + start_number)  # type: ignore[arg-type]
    reply = emulator.waiting[user.id] = asyncio.get_running_loop().create_future()
    emulator.push_update({"update_id": emulator.next_update_id(), "message": {
        "message_id": 1, "date": emulator.now(), "chat": user.chat, "from": user.person, "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}})
    start = time.perf_counter()
    bot = await BotProcess.spawn(argv, bot_env(emulator, database_url, data_dir, KEYS))
    try:
        exited = asyncio.ensure_future(bot.process.wait())
        await asyncio.wait({reply, exited}, timeout=120, return_when=asyncio.FIRST_COMPLETED)
        exited.cancel()
        if not reply.done():
            raise RuntimeError(f"no reply from {argv} (exit code {bot.process.returncode})")
        return reply.result() - start
    finally:
        await bot.stop()
        await emulator.stop()


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    echo, restart, first = [], [], []
    async with workspace() as work:
        for run in range(args.runs):
            echo.append(await first_reply(ECHO, "sqlite+aiosqlite://", work))
            fresh = f"sqlite+aiosqlite:///{work / f'first{run}.db'}"
            first.append(await first_reply(TIREK, fresh, work))
            existing = f"sqlite+aiosqlite:///{work / f'existing{run}.db'}"
            await prepare_schema(existing)
            await first_reply(TIREK, existing, work)  # seeds the FAQ: now it is a restart
            restart.append(await first_reply(TIREK, existing, work))
    e, r, f = (statistics.median(x) for x in (echo, restart, first))
    print(f"echo bot (baseline)          {e:6.2f} s   runs: {', '.join(f'{x:.2f}' for x in echo)}")
    print(f"tirek run, restart           {r:6.2f} s   runs: {', '.join(f'{x:.2f}' for x in restart)}   {r / e:5.2f}x echo")
    print(f"tirek run, first start       {f:6.2f} s   runs: {', '.join(f'{x:.2f}' for x in first)}   {f / e:5.2f}x echo")
    ok = r < 2.0
    print(f"target: restart under 2 s on SQLite: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
