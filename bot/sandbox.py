"""The local sandbox: the real bot against the built-in Telegram emulator, chatted with in a terminal.

Nothing leaves this machine: the emulator listens on loopback and the bot's token is a fake one.
Its database is separate from the production default (data/sandbox.db) and starts empty each
time, because the emulator's chat history lives in memory and dies with the process.

Besides the user, the player can be a coordinator (configured by COORDINATOR_IDS) and a
volunteer (enrolled at start through the real invite flow), working in a volunteers' forum group
that exists only in the emulator.
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
SANDBOX_VOLUNTEER_ID = 700000002
SANDBOX_COORDINATOR_ID = 700000003
SANDBOX_GROUP = {"id": -1007000000001, "type": "supergroup", "title": "Volunteers (sandbox)", "is_forum": True}


async def run_sandbox(*, env_file: str | None = ".env") -> int:
    from bot.app import TirekApp
    from bot.emulator import BotApiEmulator
    from bot.emulator.terminal import run_terminal_chat

    settings = Settings.load(env_file=env_file, sandbox=True)
    configure_logging("WARNING", [SANDBOX_TOKEN])
    settings.telegram.bot_token = SecretStr(SANDBOX_TOKEN)
    # The group exists only in the emulator: a real group id from .env would point nowhere.
    settings.telegram.volunteer_chat_id = SANDBOX_GROUP["id"]
    settings.telegram.coordinator_ids = (SANDBOX_COORDINATOR_ID,)
    if settings.storage.database_url is None:
        database = settings.storage.data_dir / "sandbox.db"
        for path in (database, database.with_name("sandbox.db-wal"), database.with_name("sandbox.db-shm")):
            path.unlink(missing_ok=True)
        settings.storage.database_url = f"sqlite+aiosqlite:///{database.as_posix()}"
    emulator = BotApiEmulator(token=SANDBOX_TOKEN)
    await emulator.start()
    emulator.add_chat(SANDBOX_GROUP, members={SANDBOX_COORDINATOR_ID: "administrator",
                                              SANDBOX_VOLUNTEER_ID: "member"})
    settings.telegram.api_base = emulator.base_url
    app = await TirekApp.open(settings)
    track_processing(app, emulator)
    polling = asyncio.create_task(app.run_polling(polling_timeout=1, handle_signals=False))
    language = os.environ.get("TIREK_SANDBOX_LANGUAGE", "en")
    team = {"volunteer": _person(SANDBOX_VOLUNTEER_ID, "Volunteer", language),
            "coordinator": _person(SANDBOX_COORDINATOR_ID, "Coordinator", language)}
    try:
        await enroll_volunteer(emulator, coordinator=team["coordinator"], volunteer=team["volunteer"])
        await run_terminal_chat(emulator, user_id=SANDBOX_USER_ID, first_name="Sandbox", language_code=language,
                                team=team, group=SANDBOX_GROUP)
    finally:
        await app.stop_polling()
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        await app.close()
        await emulator.stop()
        logging.shutdown()
    return 0


def _person(user_id: int, first_name: str, language_code: str) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}


async def enroll_volunteer(emulator, *, coordinator: dict, volunteer: dict) -> None:
    """The real path: the coordinator asks for an invite code, the volunteer sends /join CODE."""
    from bot.emulator.terminal import send_as

    replies = await send_as(emulator, coordinator, "/invite")
    codes = [reply.text[e["offset"]:e["offset"] + e["length"]]
             for reply in replies for e in reply.entities if e["type"] == "code"]
    if not codes:
        raise RuntimeError("the sandbox coordinator got no invite code")
    await send_as(emulator, volunteer, f"/join {codes[-1]}")


def track_processing(app, emulator, finished: set[int] | None = None) -> None:
    """Exact idleness for the terminal and the tests: every delivered update was handled and the
    outbox has nothing due, so a reply relayed through a volunteers' topic is there before the
    next step. `finished` may outlive the app (a restart), like the emulator's delivery record."""
    finished = set() if finished is None else finished
    feed_update = app.dispatcher.feed_update

    async def tracked(bot, update, **kwargs):
        try:
            return await feed_update(bot, update, **kwargs)
        finally:
            finished.add(update.update_id)

    app.dispatcher.feed_update = tracked
    emulator.busy = lambda: (not emulator.delivered_update_ids <= finished or app.delivery.busy
                             or (app.inbox is not None and app.inbox.busy))
