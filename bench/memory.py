"""Memory: resident set of one bot process with 100,000 users in the database.

    .venv/bin/python bench/memory.py [--users-in-db 100000] [--seconds 10]

Writes the users (bench/bulk.py) into a fresh SQLite database, starts Tirek
(bench/bot_process.py), runs the mix of bench/throughput.py with 10 users at once for
`--seconds`, and reads VmRSS from /proc. The echo bot after the same time is the baseline.
Target (issue 7): under 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import fill  # noqa: E402
from harness import ObservedEmulator, bot_env, closed_loop, prepare_schema, rss_mb, spawn, workspace  # noqa: E402
from throughput import SESSION, echo_session, session_runner  # noqa: E402


async def resident(kind: str, scenarios, url: str, work: Path, seconds: float) -> tuple[float, float]:
    emulator = ObservedEmulator()
    await emulator.start()
    bot = await spawn(kind, bot_env(emulator, url, work))
    try:
        at_start = rss_mb(bot.pid)
        await closed_loop(session_runner(emulator, bot, scenarios), 10, seconds, warmup=0)
        return at_start, rss_mb(bot.pid)
    finally:
        await bot.stop()
        await emulator.stop()


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users-in-db", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args(argv)
    async with workspace() as work:
        echo = await resident("echo", (echo_session,), "sqlite+aiosqlite://", work, args.seconds)
        url = f"sqlite+aiosqlite:///{work / 'memory.db'}"
        await prepare_schema(url)
        await fill(url, {"users": args.users_in_db})
        tirek = await resident("tirek", SESSION, url, work, args.seconds)
    print(f"echo bot (baseline)              RSS {echo[0]:6.1f} MB at start, {echo[1]:6.1f} MB after {args.seconds:g} s of load")
    print(f"tirek, {args.users_in_db:,} users in SQLite    RSS {tirek[0]:6.1f} MB at start, {tirek[1]:6.1f} MB after "
          f"{args.seconds:g} s of load   {tirek[1] / echo[1]:4.2f}x echo")
    ok = tirek[1] < 200
    print(f"target under 200 MB: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
