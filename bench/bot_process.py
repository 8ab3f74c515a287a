"""A bot process for the benchmarks: Tirek as `tirek run` runs it, or a bare aiogram echo bot.

    python bench/bot_process.py tirek|echo

Settings come from the environment (BOT_TOKEN, TELEGRAM_API_BASE, DATABASE_URL, keys), as for
`tirek run`. Both bots print `done <update_id>` on stdout when an update has been handled
completely, so the load generator knows when a user's step is over without guessing from quiet
time; the line costs both bots the same.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter


def report_done(dispatcher, counts: Counter | None = None) -> None:
    feed_update = dispatcher.feed_update

    async def tracked(bot, update, **kwargs):
        try:
            return await feed_update(bot, update, **kwargs)
        finally:
            if counts is not None:
                counts["updates"] += 1
            sys.stdout.write(f"done {update.update_id}\n")
            sys.stdout.flush()

    dispatcher.feed_update = tracked


def count_work() -> Counter:
    """TIREK_BENCH_COUNT=1: what the process does, counted over its life and printed at exit as
    one `counts {json}` line: event-loop turns and callbacks, hops to a worker thread
    (asyncio.to_thread), SQLite statements (run on the loop) and trips to SQLite's thread
    (aiosqlite: since ADR 20 only opening and closing connections), Bot API calls by method, and
    `updates` handled. A probe for finding costs, not a timing: it slows the process down."""
    import asyncio.base_events

    import aiosqlite.core
    from aiogram.client.session.aiohttp import AiohttpSession

    import storage.sqlite_driver

    counts: Counter = Counter()
    run_once = asyncio.base_events.BaseEventLoop._run_once
    to_thread = asyncio.to_thread
    execute = aiosqlite.core.Connection._execute
    make_request = AiohttpSession.make_request
    run_statement = storage.sqlite_driver._run_statement

    def counted_run_once(loop):
        counts["loop turns"] += 1
        counts["loop callbacks"] += len(loop._ready)
        return run_once(loop)

    async def counted_to_thread(func, /, *args, **kwargs):
        counts["thread hops"] += 1
        return await to_thread(func, *args, **kwargs)

    async def counted_execute(connection, fn, *args, **kwargs):
        counts["sqlite trips"] += 1
        return await execute(connection, fn, *args, **kwargs)

    def counted_statement(*args):
        counts["sqlite statements"] += 1
        return run_statement(*args)

    async def counted_request(session, bot, method, timeout=None):
        counts["api calls"] += 1
        counts[f"api {method.__api_method__}"] += 1
        return await make_request(session, bot, method, timeout)

    asyncio.base_events.BaseEventLoop._run_once = counted_run_once
    asyncio.to_thread = counted_to_thread
    aiosqlite.core.Connection._execute = counted_execute
    AiohttpSession.make_request = counted_request
    storage.sqlite_driver._run_statement = counted_statement
    return counts


def print_counts(counts: Counter | None) -> None:
    if counts is not None:
        sys.stdout.write(f"counts {json.dumps(counts)}\n")
        sys.stdout.flush()


def lift_rate_limit(app) -> None:
    """The echo bot has no limiter: to compare the bots' own costs, Tirek's are lifted too (all
    sends, and the outbox's per-group and per-chat pacing)."""
    from aiolimiter import AsyncLimiter

    from bot.telegram_session import ChatLimits, RateLimiter

    for middleware in app.bot.session.middleware._middlewares:
        if isinstance(middleware, RateLimiter):
            middleware.overall = AsyncLimiter(1_000_000, 1)
    app.delivery.limits = ChatLimits(group_per_minute=1_000_000, chat_per_second=1_000_000)


async def run_tirek() -> None:
    from bot.app import TirekApp
    from bot.cli import SETTLE_HEAP_AFTER_SECONDS, settle_heap
    from bot.config import Settings
    from bot.logging_setup import configure_logging

    counts = count_work() if os.environ.get("TIREK_BENCH_COUNT") else None
    settings = Settings.load(env_file=None)
    configure_logging("WARNING", [settings.telegram.bot_token.get_secret_value()])
    app = await TirekApp.open(settings)
    if os.environ.get("TIREK_BENCH_STEADY"):
        # Steady state: `tirek run` settles the heap once, 5 s after start, a pause of a few
        # hundred ms that belongs to the start (bench/cold_start.py), not to the measured window.
        settle_heap()
    else:
        asyncio.get_running_loop().call_later(SETTLE_HEAP_AFTER_SECONDS, settle_heap)  # as `tirek run`
    if os.environ.get("TIREK_BENCH_NO_RATE_LIMIT"):
        lift_rate_limit(app)
    report_done(app.dispatcher, counts)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        await app.run_polling(polling_timeout=10)
    finally:
        await app.close()
        print_counts(counts)


async def run_echo() -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    counts = count_work() if os.environ.get("TIREK_BENCH_COUNT") else None
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    report_done(dispatcher, counts)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        await dispatcher.start_polling(bot, polling_timeout=10)
    finally:
        print_counts(counts)


if __name__ == "__main__":
    asyncio.run(run_tirek() if sys.argv[1] == "tirek" else run_echo())
