"""Webhook mode: only requests with the secret header run handlers; duplicates have one effect."""

from __future__ import annotations

import asyncio
import json
import socket

import aiohttp
import pytest
import telegram
from aiohttp import web
from sqlalchemy import func, select

from bot.app import TirekApp
from bot.config import ConfigError, Settings
from bot.webhook import HEALTH_PATH, webhook_app
from storage.models import InboxUpdate, User
from tests.conftest import track_processing
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest

SECRET = "webhook_secret-for-tests_123"


class WebhookBot:
    def __init__(self, app: TirekApp, runner: web.AppRunner, url: str) -> None:
        self.app, self.runner, self.url = app, runner, url


@pytest.fixture
async def webhook_bot(monkeypatch, env, clock, emulator):
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    monkeypatch.setenv("WEBHOOK_URL", url)
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    app = await TirekApp.open(Settings.load(env_file=None), clock=clock.now)
    track_processing(app, emulator)
    runner = web.AppRunner(webhook_app(app), access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    await emulator.wait_for(lambda: emulator.webhook_url == url)
    yield WebhookBot(app, runner, url)
    await runner.cleanup()
    await app.close()
    assert not emulator.rejected_calls()


def start_update(emulator, user_id: int) -> dict:
    """A /start update POSTed straight to the bot (as Telegram does), not queued in the emulator."""
    emulator.add_chat({"id": user_id, "type": "private", "first_name": "W"})
    user = telegram.User(id=user_id, first_name="W", is_bot=False, language_code="en")
    chat = telegram.Chat(id=user_id, type="private")
    message = telegram.Message(
        message_id=emulator.next_message_id(user_id), date=telegram.Message.de_json(
            {"message_id": 1, "date": emulator.now(), "chat": {"id": user_id, "type": "private"}}, None).date,
        chat=chat, from_user=user, text="/start",
        entities=[telegram.MessageEntity(telegram.MessageEntity.BOT_COMMAND, 0, 6)],
    )
    return json.loads(json.dumps(telegram.Update(update_id=emulator.next_update_id(), message=message).to_dict()))


async def users_count(app: TirekApp) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(User))


async def test_updates_arrive_by_webhook(webhook_bot, emulator) -> None:
    user = UserClient(emulator, 660000001)
    picker = newest(await user.command("/start"))
    assert first_line(picker.text) == plain("en", "language-title")
    notice = newest(await user.press("✓ English"))
    assert first_line(notice.text) == plain("en", "onboarding-title")


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {"X-Telegram-Bot-Api-Secret-Token": ""}])
async def test_missing_or_wrong_secret_is_refused_and_runs_nothing(headers, webhook_bot, emulator) -> None:
    update = start_update(emulator, 660000002)
    async with aiohttp.ClientSession() as http:
        async with http.post(webhook_bot.url, json=update, headers=headers) as response:
            assert response.status == 401
    await asyncio.sleep(0.3)
    assert emulator.chat_history(660000002) == [] or not any(m.from_bot for m in emulator.chat_history(660000002))
    assert await users_count(webhook_bot.app) == 0


async def test_same_update_delivered_twice_has_one_effect(webhook_bot, emulator) -> None:
    update = start_update(emulator, 660000003)
    handled: list[int] = []
    feed_update = webhook_bot.app.dispatcher.feed_update

    async def counted(bot, incoming, **kwargs):
        try:
            return await feed_update(bot, incoming, **kwargs)
        finally:
            handled.append(incoming.update_id)

    webhook_bot.app.dispatcher.feed_update = counted
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        for _ in range(2):  # Telegram retries when it did not see our answer in time
            async with http.post(webhook_bot.url, json=update, headers=headers) as response:
                assert response.status == 200
    await emulator.wait_for(lambda: handled == [update["update_id"]], timeout=20)
    await emulator.wait_for(lambda: not webhook_bot.app.inbox.busy, timeout=20)
    assert handled == [update["update_id"]]  # the repeat was never handled
    sends = [c for c in emulator.calls if c.method == "sendMessage" and c.params.get("chat_id") == 660000003]
    assert len(sends) == 1
    assert await inbox_rows(webhook_bot.app) == 0


async def test_one_chats_updates_are_handled_in_order(webhook_bot, emulator) -> None:
    """Telegram posts one chat's next update once the previous request was answered, and we answer
    as soon as the update is stored: so they pile up in the inbox faster than they are handled,
    and must still be handled one at a time, oldest first."""
    order: list[int] = []
    running: list[int] = []
    feed_update = webhook_bot.app.dispatcher.feed_update

    async def observed(bot, incoming, **kwargs):
        running.append(incoming.update_id)
        assert len(running) == 1, "two updates of one chat handled at once"
        try:
            await asyncio.sleep(0.05)
            return await feed_update(bot, incoming, **kwargs)
        finally:
            running.remove(incoming.update_id)
            order.append(incoming.update_id)

    webhook_bot.app.dispatcher.feed_update = observed
    updates = [start_update(emulator, 660000004) for _ in range(6)]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as http:
        for update in updates:
            async with http.post(webhook_bot.url, json=update, headers=headers) as response:
                assert response.status == 200
    assert len(order) < 6  # answered before handled: otherwise this test shows nothing
    await emulator.wait_for(lambda: len(order) == 6, timeout=30)
    assert order == [u["update_id"] for u in updates]


async def test_the_stored_update_is_sealed(webhook_bot, emulator) -> None:
    """Between acceptance and handling an update waits in the database: never readable there."""
    async def never(bot, incoming, **kwargs):
        await asyncio.Event().wait()

    webhook_bot.app.dispatcher.feed_update = never
    update = start_update(emulator, 660000005)
    update["message"]["text"] = "/start secret-words-4711"
    async with aiohttp.ClientSession() as http:
        async with http.post(webhook_bot.url, json=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            assert response.status == 200
    async with webhook_bot.app.sessions() as session:
        row = (await session.execute(select(InboxUpdate))).scalar_one()
    assert b"secret-words-4711" not in row.sealed and b"660000005" not in row.sealed
    assert "660000005" not in row.lane


async def inbox_rows(app: TirekApp) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(InboxUpdate))


async def test_health_endpoint(webhook_bot) -> None:
    base = webhook_bot.url.rsplit("/telegram", 1)[0]
    async with aiohttp.ClientSession() as http:
        async with http.get(base + HEALTH_PATH) as response:
            assert response.status == 200
            assert (await response.json()) == {"status": "ok"}


async def test_refuses_to_start_without_secret(monkeypatch, env, clock) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://example.org/telegram/webhook")
    app = await TirekApp.open(Settings.load(env_file=None), clock=clock.now)
    try:
        with pytest.raises(ConfigError, match="^WEBHOOK_SECRET"):
            webhook_app(app)
    finally:
        await app.close()


async def test_database_down_answers_503_so_telegram_retries(webhook_bot, emulator, monkeypatch) -> None:
    class Down:
        def __call__(self):
            raise ConnectionRefusedError("database down")

    monkeypatch.setattr(webhook_bot.app.inbox, "sessions", Down())
    update = start_update(emulator, 660000006)
    async with aiohttp.ClientSession() as http:
        async with http.post(webhook_bot.url, json=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            assert response.status == 503
    monkeypatch.undo()  # the database is back: Telegram's retry is taken in and handled
    async with aiohttp.ClientSession() as http:
        async with http.post(webhook_bot.url, json=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            assert response.status == 200
    await emulator.wait_for(lambda: any(m.from_bot for m in emulator.chat_history(660000006)), timeout=20)


async def test_an_update_that_keeps_killing_its_process_is_dropped(webhook_bot, emulator) -> None:
    """Taken MAX_ATTEMPTS times without finishing (each time its process died): not again."""
    from sqlalchemy import update as sql_update

    from bot.inbox import MAX_ATTEMPTS

    handled: list[int] = []
    feed_update = webhook_bot.app.dispatcher.feed_update

    async def counted(bot, incoming, **kwargs):
        handled.append(incoming.update_id)
        return await feed_update(bot, incoming, **kwargs)

    webhook_bot.app.dispatcher.feed_update = counted
    worker = webhook_bot.app.inbox
    await worker.stop()  # this test drives the worker by hand
    poisoned, healthy = start_update(emulator, 660000007), start_update(emulator, 660000008)
    assert await worker.accept(poisoned) and await worker.accept(healthy)
    async with webhook_bot.app.sessions() as session:
        await session.execute(sql_update(InboxUpdate).where(InboxUpdate.update_id == poisoned["update_id"])
                              .values(attempts=MAX_ATTEMPTS))
        await session.commit()
    worker._stopping = False
    assert await worker.run_once() == 2
    await emulator.wait_for(lambda: not worker._lanes, timeout=20)
    assert handled == [healthy["update_id"]]
    assert await inbox_rows(webhook_bot.app) == 0
