"""`tirek`: run the bot (polling or webhook), the local sandbox, migrations, key rotation, backups."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

logger = logging.getLogger("tirek")
SETTLE_HEAP_AFTER_SECONDS = 5


def settle_heap() -> None:
    """Moves what exists after start (aiogram's models, routers, translations: it lives as long
    as the process) out of the garbage collector's way: full collections no longer walk it, worth
    about 10 % throughput in bench/throughput.py. Run a few seconds after start, as the
    collection itself takes a noticeable moment and the first replies should not wait for it."""
    gc.collect()
    gc.freeze()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tirek", description="Tirek helpline bot")
    parser.add_argument("--env-file", default=".env", help="file with settings (default: .env, if present)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the bot; without BOT_TOKEN, start the local sandbox")
    run.add_argument("--webhook", action="store_true", help="serve a webhook instead of long polling")
    commands.add_parser("sandbox", help="chat with the real bot in this terminal, against a built-in Telegram emulator")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply database migrations")
    keys = commands.add_parser("keys", help="encryption key maintenance")
    keys_commands = keys.add_subparsers(dest="keys_command", required=True)
    keys_commands.add_parser("rotate", help="re-seal every stored value with the first key in ENCRYPTION_KEYS")
    backup = commands.add_parser("backup", help="write an encrypted backup of the whole database")
    backup.add_argument("path", help="backup file to write (replaced atomically, mode 0600)")
    restore = commands.add_parser("restore", help="replace the whole database with a backup (stop the bot first)")
    restore.add_argument("path", help="backup file written by `tirek backup`")
    restore.add_argument("--force", action="store_true", help="replace a database that already has users")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            settings = Settings.load(env_file=args.env_file)
            if settings.telegram.bot_token is None and not args.webhook:
                print("BOT_TOKEN is not set: starting the local sandbox instead (see README).", file=sys.stderr)
                return _sandbox(args.env_file)
            return asyncio.run(_run(settings, webhook=args.webhook))
        if args.command == "sandbox":
            return _sandbox(args.env_file)
        if args.command == "db":
            settings = Settings.load(env_file=args.env_file)
            return asyncio.run(_db_upgrade(settings))
        if args.command == "keys":
            return asyncio.run(_keys_rotate(Settings.load(env_file=args.env_file)))
        if args.command == "backup":
            return asyncio.run(_backup(Settings.load(env_file=args.env_file), args.path))
        if args.command == "restore":
            return asyncio.run(_restore(Settings.load(env_file=args.env_file), args.path, force=args.force))
    except ConfigError as error:
        print(f"tirek: configuration error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 1


async def _run(settings: Settings, *, webhook: bool) -> int:
    from bot.app import TirekApp
    from bot.logging_setup import configure_logging

    if webhook:
        from bot.webhook import check_webhook_settings

        check_webhook_settings(settings)
    token = settings.telegram.bot_token
    configure_logging(settings.runtime.log_level, [token.get_secret_value()] if token else [])
    app = await TirekApp.open(settings)
    asyncio.get_running_loop().call_later(SETTLE_HEAP_AFTER_SECONDS, settle_heap)
    try:
        if webhook:
            await _serve_webhook(app)
        else:
            logger.info("polling for updates")
            await app.run_polling()
    finally:
        await app.close()
    return 0


async def _serve_webhook(app) -> None:
    from aiohttp import web

    from bot.webhook import webhook_app

    server = webhook_app(app)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    webhook = app.settings.webhook
    await web.TCPSite(runner, webhook.listen_host, webhook.listen_port).start()
    logger.info("webhook server listening on %s:%s", webhook.listen_host, webhook.listen_port)
    # SIGTERM (systemd, docker stop) stops cleanly: updates in hand are finished, the rest stay
    # in the inbox for the other processes.
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
    finally:
        await runner.cleanup()


@asynccontextmanager
async def _maintenance(settings: Settings) -> AsyncIterator[tuple[AsyncEngine, list[tuple[str, bytes]]]]:
    """Keys and an engine for the maintenance commands; the engine is disposed afterwards."""
    from bot.config import ensure_local_keys, parse_key_ring
    from storage.db import create_engine

    ensure_local_keys(settings)
    ring = parse_key_ring(settings.security.encryption_keys.get_secret_value())
    engine = create_engine(settings.storage.url)
    try:
        yield engine, ring
    finally:
        await engine.dispose()


async def _db_upgrade(settings: Settings) -> int:
    from storage.migrations import upgrade

    async with _maintenance(settings) as (engine, _):
        await upgrade(engine)
    print("database is up to date")
    return 0


async def _keys_rotate(settings: Settings) -> int:
    from storage.crypto import Cipher
    from storage.db import create_session_factory
    from storage.migrations import upgrade
    from storage.rotation import rotate_keys

    async with _maintenance(settings) as (engine, ring):
        await upgrade(engine)  # as the bot does on start: rotation walks the current schema
        report = await rotate_keys(create_session_factory(engine), Cipher(ring))
    for name, counts in report.columns.items():
        print(f"{name}: {counts.resealed} re-sealed, {counts.current} already current"
              + (f", {counts.changed} changed meanwhile" if counts.changed else "")
              + (f", {counts.unreadable} unreadable" if counts.unreadable else ""))
    if report.unreadable:
        print(f"tirek: {report.unreadable} values open with no key in ENCRYPTION_KEYS; keep every old key", file=sys.stderr)
        return 1
    print(f"every value is sealed with key {report.primary_key_id}; drop older keys only once no backup needs them")
    return 0


async def _backup(settings: Settings, path: str) -> int:
    from storage.backup import BackupError, write_backup

    async with _maintenance(settings) as (engine, ring):
        try:
            counts = await write_backup(engine, path, ring)
        except BackupError as error:
            print(f"tirek: backup failed: {error}", file=sys.stderr)
            return 1
    # The key id says which key must stay in ENCRYPTION_KEYS for as long as this file is kept.
    print(f"backup written to {path} (key {ring[0][0]}): {sum(counts.values())} rows in {len(counts)} tables")
    return 0


async def _restore(settings: Settings, path: str, *, force: bool) -> int:
    from bot.config import decode_key
    from storage.backup import BackupError, restore_backup
    from storage.crypto import IdHasher

    async with _maintenance(settings) as (engine, ring):
        assert settings.security.id_pepper is not None  # ensure_local_keys has set it, or refused
        hasher = IdHasher(decode_key(settings.security.id_pepper.get_secret_value()))
        try:
            counts = await restore_backup(engine, path, ring, hasher, force=force)
        except BackupError as error:
            print(f"tirek: restore refused: {error}", file=sys.stderr)
            return 1
    print(f"restored {sum(counts.values())} rows in {len(counts)} tables from {path}")
    return 0


def _sandbox(env_file: str) -> int:
    from bot.sandbox import run_sandbox

    return asyncio.run(run_sandbox(env_file=env_file))


if __name__ == "__main__":
    sys.exit(main())
