"""The local sandbox: the real bot against the built-in Telegram emulator, chatted with in a terminal.

Nothing leaves this machine: the emulator listens on loopback and the bot's token is a fake one.
Its database is separate from the production default (data/sandbox.db) and starts empty each
time, because the emulator's chat history lives in memory and dies with the process.
"""

from __future__ import annotations

import asyncio
import logging
import os

from pydantic import SecretStr

from bot.config import Settings
from bot.logging_setup import configure_logging

SANDBOX_TOKEN = "100000:SANDBOX-token-for-local-use-only"
SANDBOX_USER_ID = 700000001


async def run_sandbox(*, env_file: str | None = ".env") -> int:
    from bot.app import TirekApp
    from bot.emulator import BotApiEmulator
    from bot.emulator.terminal import run_terminal_chat

    settings = Settings.load(env_file=env_file, sandbox=True)
    configure_logging("WARNING", [SANDBOX_TOKEN])
    settings.telegram.bot_token = SecretStr(SANDBOX_TOKEN)
    if settings.storage.database_url is None:
        database = settings.storage.data_dir / "sandbox.db"
        for path in (database, database.with_name("sandbox.db-wal"), database.with_name("sandbox.db-shm")):
            path.unlink(missing_ok=True)
        settings.storage.database_url = f"sqlite+aiosqlite:///{database.as_posix()}"
    emulator = BotApiEmulator(token=SANDBOX_TOKEN)
    await emulator.start()
    settings.telegram.api_base = emulator.base_url
    app = await TirekApp.open(settings)
    polling = asyncio.create_task(app.run_polling(polling_timeout=1, handle_signals=False))
    try:
        await run_terminal_chat(
            emulator,
            user_id=SANDBOX_USER_ID,
            first_name="Sandbox",
            language_code=os.environ.get("TIREK_SANDBOX_LANGUAGE", "en"),
        )
    finally:
        await app.stop_polling()
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        await app.close()
        await emulator.stop()
        logging.shutdown()
    return 0
