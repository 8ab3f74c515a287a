"""Webhook mode: an aiohttp server that accepts only requests carrying the secret token."""

from __future__ import annotations

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text

from bot.app import TirekApp
from bot.config import ConfigError, Settings

HEALTH_PATH = "/healthz"


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
    # aiogram answers 401 and runs no handler when the secret header is missing or wrong.
    SimpleRequestHandler(
        dispatcher=app.dispatcher, bot=app.bot, secret_token=settings.secret.get_secret_value()
    ).register(server, path=settings.path)
    server.router.add_get(HEALTH_PATH, _health(app))
    setup_application(server, app.dispatcher, bot=app.bot)

    async def register_webhook(_: web.Application) -> None:
        await app.bot.set_webhook(
            url=settings.url.rstrip("/") + settings.path if not settings.url.endswith(settings.path) else settings.url,
            secret_token=settings.secret.get_secret_value(),
            allowed_updates=app.allowed_updates(),
        )

    server.on_startup.append(register_webhook)
    return server


def _health(app: TirekApp):
    async def health(_: web.Request) -> web.Response:
        try:
            async with app.sessions() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return web.json_response({"status": "database unavailable"}, status=503)
        return web.json_response({"status": "ok"})

    return health
