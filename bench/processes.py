"""Several webhook processes on one PostgreSQL database: throughput and reply latency of the
realistic mix (bench/throughput.py) with one process and with two, behind one URL.

    bash .ci/postgres-test.sh --run .venv/bin/python bench/processes.py [--users 20] [--seconds 20]

Both runs in webhook mode, on fresh databases, with the same load; the baseline is one process
measured in the same run. The figure to read is the ratio: what a second process adds on this
machine. Every process, the emulator and PostgreSQL share this machine's cores, so on a 2-core
machine the second process cannot double anything; on separate machines it would come closer.
The emulator posts updates one at a time (as it delivers webhooks), as Telegram does per chat.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    BENCH,
    BotProcess,
    Figures,
    ObservedEmulator,
    bot_env,
    closed_loop,
    database,
    key_env,
    ratio,
    workspace,
)
from throughput import SESSION, session_runner  # noqa: E402

from bot.emulator.proxy import RoundRobinProxy, free_port  # noqa: E402


class Fleet:
    """Processes behind one proxy; an update is done when whichever process took it says so."""

    def __init__(self, processes: list[BotProcess]) -> None:
        self.processes = processes

    def wait_done(self, update_id: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()

        def settle(done: asyncio.Future) -> None:
            if not future.done() and not done.cancelled():
                future.set_result(done.result())

        for process in self.processes:
            process.wait_done(update_id).add_done_callback(settle)
        return future


async def measure(count: int, database_url: str, work: Path, users: int, seconds: float) -> Figures:
    emulator = ObservedEmulator()
    await emulator.start()
    ports = [free_port() for _ in range(count)]
    proxy = RoundRobinProxy([f"http://127.0.0.1:{port}/telegram/webhook" for port in ports])
    await proxy.start()
    keys = key_env()
    env = {**bot_env(emulator, database_url, work, keys), "TIREK_BENCH_NO_RATE_LIMIT": "1",
           "WEBHOOK_URL": proxy.url, "WEBHOOK_SECRET": secrets.token_urlsafe(24)}
    processes = []
    try:
        for port in ports:
            process = await BotProcess.spawn([sys.executable, str(BENCH / "webhook_process.py")],
                                             {**env, "WEBHOOK_LISTEN_PORT": str(port)})
            processes.append(process)
            await process.wait_ready()
        await emulator.wait_for(lambda: emulator.webhook_url == proxy.url, timeout=30)
        return await closed_loop(session_runner(emulator, Fleet(processes), SESSION), users, seconds)
    finally:
        for process in processes:
            await process.stop()
        await proxy.stop()
        await emulator.stop()


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--postgres", default=os.environ.get("TIREK_TEST_DATABASE_URL"))
    args = parser.parse_args(argv)
    if not args.postgres:
        print("needs PostgreSQL: --postgres URL or TIREK_TEST_DATABASE_URL (see .ci/postgres-test.sh --run)")
        return 2
    async with workspace() as work:
        print(f"{args.users} users at once, {args.seconds:g} s per run, webhook mode, PostgreSQL")
        results = []
        for count in (1, 2):
            async with database(args.postgres, work) as url:
                figures = await measure(count, url, work, args.users, args.seconds)
            results.append(figures)
            print(figures.line(f"{count} process{'es' if count > 1 else ''}"))
        one, two = results
        print(f"two processes: throughput {ratio(two.throughput, one.throughput)} of one, "
              f"p50 {ratio(two.p50, one.p50)}, p99 {ratio(two.p99, one.p99)}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
