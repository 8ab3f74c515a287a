"""EvenPace (bot/telegram_session.py): the rate it promises, without drift and without bursts."""

from __future__ import annotations

import asyncio

from bot.telegram_session import EvenPace


async def test_a_hundred_sends_take_a_hundred_intervals_and_never_come_closer_than_half() -> None:
    pace, loop = EvenPace(200), asyncio.get_running_loop()  # 5 ms apart
    times: list[float] = []

    async def sender() -> None:
        for _ in range(25):
            await pace.acquire()
            times.append(loop.time())

    await asyncio.gather(*(sender() for _ in range(4)))  # waiting in turn, as the reminder workers do
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert min(gaps) >= 0.0025 - 1e-4  # a late slot is never followed at once by the next one
    # A grid: the timers' own lateness does not add up (a bucket that restarts its wait at
    # every wake-up took 100 x (5 ms + lateness)).
    assert 0.99 * 99 * 0.005 <= times[-1] - times[0] <= 99 * 0.005 + 0.05
