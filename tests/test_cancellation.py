"""A background loop stops when cancelled, even when the cancellation reaches it as an error."""

from __future__ import annotations

import asyncio

import pytest

from bot.cancellation import raise_if_cancelled


async def test_a_cancellation_disguised_as_a_driver_error_still_stops_the_loop() -> None:
    rounds = 0

    async def database_call() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:  # what asyncpg can do to a query cancelled midway
            raise ConnectionError("connection closed") from None

    async def loop() -> None:
        nonlocal rounds
        while True:
            rounds += 1
            try:
                await database_call()
            except Exception:
                raise_if_cancelled()
            await asyncio.sleep(0.01)

    task = asyncio.create_task(loop())
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=2)
    assert rounds == 1


async def test_an_ordinary_error_does_not_stop_it() -> None:
    async def failing() -> None:
        raise ConnectionError("database restarting")

    with pytest.raises(ConnectionError):
        try:
            await failing()
        except Exception:
            raise_if_cancelled()  # not cancelled: returns, and the loop would go on
            raise
