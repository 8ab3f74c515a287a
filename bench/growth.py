"""Growth: reply latency with 10,000 and with 1,000,000 rows in each big table.

    .venv/bin/python bench/growth.py [--small 10000] [--large 1000000] [--users 4] [--seconds 15] [--postgres URL]

Fills users, chat_messages, processed_updates and fsm_records (bench/bulk.py, plain SQL) in a
fresh database, starts Tirek (bench/bot_process.py) and runs the mix of bench/throughput.py with
a few users at once, so that latency, not saturation, is measured. The small database is the
baseline, measured in the same run. Target (issue 7): p50 at 1M at most 1.2x p50 at 10k (indexed
lookups only, no scan that grows with the data).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk import BIG_TABLES, fill  # noqa: E402
from harness import database, prepare_schema, ratio, workspace  # noqa: E402
from throughput import SESSION, measure  # noqa: E402


async def run(rows: int, admin_url: str | None, work: Path, users: int, seconds: float):
    async with database(admin_url, work / f"rows{rows}") as url:
        (work / f"rows{rows}").mkdir(exist_ok=True)
        await prepare_schema(url)
        started = time.perf_counter()
        await fill(url, {table: rows for table in BIG_TABLES})
        print(f"  {rows:>9,} rows in each of {', '.join(BIG_TABLES)}: written in {time.perf_counter() - started:.0f} s")
        return await measure("tirek", SESSION, url, work, users, seconds)


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--postgres", default=os.environ.get("TIREK_TEST_DATABASE_URL"))
    args = parser.parse_args(argv)
    name = "PostgreSQL" if args.postgres else "SQLite"
    async with workspace() as work:
        small = await run(args.small, args.postgres, work, args.users, args.seconds)
        print(small.line(f"{args.small:,} rows, {name}"))
        large = await run(args.large, args.postgres, work, args.users, args.seconds)
        print(large.line(f"{args.large:,} rows, {name}"))
    ok = large.p50 <= 1.2 * small.p50
    print(f"p50 {ratio(large.p50, small.p50)} and p99 {ratio(large.p99, small.p99)} of the small database's; "
          f"target p50 <= 1.2x: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
