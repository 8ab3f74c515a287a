"""Webhook mode: an aiohttp server that accepts only requests carrying the secret token.

An accepted update is stored in the inbox (storage.inbox) before Telegram gets its 200, and
handled from there by bot.inbox.InboxWorker: any number of processes may run behind one URL.
"""

from __future__ import annotations

import hmac
import logging

from aiogram.webhook.aiohttp_server import setup_application
from aiohttp import web
from pydantic import ValidationError
from sqlalchemy import text

from bot.app import TirekApp
from bot.config import ConfigError, Settings
from bot.inbox import InboxWorker

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
AUTH_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def check_webhook_settings(settings: Settings) -> None:
    """Refuse to start (before touching the database) without what webhook mode needs."""
    if settings.telegram.bot_token is None:
        raise ConfigError("BOT_TOKEN: required in webhook mode")
    if settings.webhook.secret is None:
        raise ConfigError("WEBHOOK_SECRET: required in webhook mode (Telegram sends it with every update)")
    if not settings.webhook.url:
        raise ConfigError("WEBHOOK_URL: required in webhook mode (the public HTTPS address Telegram calls)")


def webhook_app(app: TirekApp) -> web.Application:
    check_webhook_settings(app.settings)
    settings = app.settings.webhook
    server = web.Application()
    worker = app.inbox = InboxWorker(app.sessions, app.cipher, app.hasher, app.dispatcher, app.bot, app.clock,
                                     app.settings.runtime.lease_seconds)
    server.router.add_post(settings.path, _receive(worker, settings.secret.get_secret_value()))
    server.router.add_get(HEALTH_PATH, _health(app))
    setup_application(server, app.dispatcher, bot=app.bot)

    async def register_webhook(_: web.Application) -> None:
        await app.bot.set_webhook(
            url=settings.url.rstrip("/") + settings.path if not settings.url.endswith(settings.path) else settings.url,
            secret_token=settings.secret.get_secret_value(),
            allowed_updates=app.allowed_updates(),
        )

    async def start_worker(_: web.Application) -> None:
        worker.start()

    async def stop_worker(_: web.Application) -> None:
        await worker.stop()

    server.on_startup.append(register_webhook)
    server.on_startup.append(start_worker)
    server.on_shutdown.insert(0, stop_worker)  # before the dispatcher's shutdown closes the rest
    return server


def _receive(worker: InboxWorker, secret: str):
    async def receive(request: web.Request) -> web.Response:
        # Without the secret header nothing runs: anyone can find the URL, only Telegram has it.
        if not hmac.compare_digest(request.headers.get(AUTH_HEADER, "").encode(), secret.encode()):
            return web.Response(status=401)
        try:
            payload = await request.json()
            await worker.accept(payload)
        except (ValueError, ValidationError):
            return web.Response(status=400)
        except Exception as error:  # the database is down: Telegram keeps the update and retries
            logger.error("webhook: update not stored: %s", type(error).__name__)
            return web.Response(status=503)
        return web.json_response({})

    return receive


def _health(app: TirekApp):
    async def health(_: web.Request) -> web.Response:
        try:
            async with app.sessions() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return web.json_response({"status": "database unavailable"}, status=503)
        return web.json_response({"status": "ok"})

    return health
