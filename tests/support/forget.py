"""Driving /forget while something else is in flight (tests of erasure's interleavings)."""

from __future__ import annotations

import asyncio

from tests.support.screens import plain
from tests.support.telegram_client import UserClient


async def confirm_forget(emulator, user: UserClient) -> None:
    """/forget and its confirmation, without waiting for the bot to go quiet (something is held)."""
    await user.command("/forget", wait=False)
    confirm = await emulator.wait_for(lambda: next((m for m in emulator.visible_messages(user.chat_id)
                                                    if plain("en", "forget-confirm") in user.buttons(m)), None))
    await user.press(plain("en", "forget-confirm"), confirm, wait=False)


async def forget_held_at_deleting(emulator, user: UserClient) -> asyncio.Event:
    """/forget confirmed and paused at its deleteMessages call; set the event to let it go on."""
    network = asyncio.Event()
    emulator.hold("deleteMessages", network)
    await confirm_forget(emulator, user)
    await emulator.wait_for(lambda: any(c.method == "deleteMessages" for c in emulator.calls), timeout=10)
    return network
