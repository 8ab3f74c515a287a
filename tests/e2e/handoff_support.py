"""Shared set-up for the volunteers' side: a forum group, a coordinator, volunteers by invite."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.e2e.test_faq import onboarded
from tests.support.screens import plain
from tests.support.telegram_client import GroupMember, UserClient, newest

GROUP_ID = -1001234567890
COORDINATOR_ID = 770000001


@pytest.fixture
def volunteer_group(env, monkeypatch, emulator) -> int:
    """VOLUNTEER_CHAT_ID and COORDINATOR_IDS set before the bot starts; the forum group exists."""
    monkeypatch.setenv("VOLUNTEER_CHAT_ID", str(GROUP_ID))
    monkeypatch.setenv("COORDINATOR_IDS", str(COORDINATOR_ID))
    monkeypatch.setenv("GROUP_MESSAGES_PER_MINUTE", "600")
    emulator.add_chat({"id": GROUP_ID, "type": "supergroup", "title": "Volunteers", "is_forum": True})
    return GROUP_ID


async def enroll_volunteer(emulator, user_id: int, alias: str | None = None) -> GroupMember:
    """A coordinator issues a code in private; the new volunteer sends /join CODE."""
    coordinator = UserClient(emulator, COORDINATOR_ID)
    reply = newest(await coordinator.command("/invite"))
    code = re.search(r"[2-9A-Z]{10}", reply.text).group()
    person = UserClient(emulator, user_id)
    await person.command(f"/join {code}")
    if alias:
        await person.command(f"/alias {alias}")
    return GroupMember(emulator, GROUP_ID, user_id, first_name="Volunteer")


async def connected_user(emulator, user_id: int, locale: str = "en") -> UserClient:
    user = await onboarded(emulator, user_id, locale)
    await user.command("/menu")
    await user.press(plain(locale, "menu-handoff"))
    await user.press(plain(locale, "handoff-connect"))
    return user


async def in_conversation(emulator, volunteer_id: int, user_id: int) -> tuple[GroupMember, UserClient, int]:
    """A volunteer, and a user who connected and said hello: (volunteer, user, the case's topic)."""
    volunteer = await enroll_volunteer(emulator, volunteer_id)
    user = await connected_user(emulator, user_id)
    await user.send_text("hello")
    return volunteer, user, topic_of(emulator)


def topic_of(emulator, group_id: int = GROUP_ID) -> int:
    live = [thread for thread, topic in emulator.topics(group_id).items() if not topic["deleted"]]
    assert len(live) == 1, f"expected one live topic, got {emulator.topics(group_id)}"
    return live[0]


def topic_messages(emulator, thread: int, group_id: int = GROUP_ID):
    return [m for m in emulator.visible_messages(group_id) if m.message_thread_id == thread and m.kind != "service"]



async def outbox_drained(app, timeout: float = 60) -> None:
    """Every queued message is delivered or given up (retries may wait seconds between tries)."""
    from storage.outbox import OutboxRepository

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        async with app.sessions() as session:
            if await OutboxRepository(session, app.cipher).pending() == 0 and not app.delivery.busy:
                return
        if loop.time() > deadline:
            raise TimeoutError("outbox not drained")
        await asyncio.sleep(0.05)
