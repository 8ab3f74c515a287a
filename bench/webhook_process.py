"""Tirek in webhook mode for the benchmarks, as `tirek run --webhook` runs it, plus the `ready`
and `done <update_id>` lines of bench/bot_process.py.

    python bench/webhook_process.py

Settings from the environment (as for `tirek run --webhook`: WEBHOOK_URL, WEBHOOK_SECRET,
WEBHOOK_LISTEN_PORT, ...).
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot_process import lift_rate_limit, report_done


async def run() -> None:
    from aiohttp import web

    from bot.app import TirekApp
    from bot.config import Settings
    from bot.logging_setup import configure_logging
    from bot.webhook import webhook_app

    settings = Settings.load(env_file=None)
    configure_logging("WARNING", [settings.telegram.bot_token.get_secret_value()])
    app = await TirekApp.open(settings)
    if os.environ.get("TIREK_BENCH_NO_RATE_LIMIT"):
        lift_rate_limit(app)
    report_done(app.dispatcher)
    runner = web.AppRunner(webhook_app(app), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", settings.webhook.listen_port).start()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await app.close()


if __name__ == "__main__":
    asyncio.run(run())
