"""Throughput and reply latency of a realistic mix, against a bare aiogram echo bot.

    .venv/bin/python bench/throughput.py [--users 20] [--seconds 20] [--postgres URL] [--count]

Each bot runs in its own process (bench/bot_process.py) against the Bot API emulator on loopback;
`--users` Telegram users at once each run sessions back to back, a new user per session, each
step sent once the previous one has been handled. Tirek's session (scenarios below) is
onboarding, FAQ browsing, an FAQ search, the "My papers" dialog and a relay (asking for a
volunteer, then two messages copied into the volunteers' group); the echo bot's session is as
many text messages. Figures count the steps handled in `--seconds` after a warm-up. Tirek's
rate limiter (Telegram's 30 messages a second) is lifted, as the echo bot has none: in production
that limit, not the bot, caps replies at about 29 a second. Figures are of the steady state:
Tirek's heap is settled before the run (`tirek run` does it once, 5 s after start, a pause that
otherwise fell inside the measured window; start-up is bench/cold_start.py's).

Targets (issue 7): Tirek's throughput at least 0.5x the echo bot's, its p99 at most 3x the echo
p99. PostgreSQL runs when a server is given: `--postgres URL` (a `postgresql+asyncpg://` URL naming a maintenance database such as `postgres`)
(a role that may create databases; a fresh database is made and dropped), or TIREK_TEST_DATABASE_URL.

To add a scenario, write an `async def name(user: User, step: Step)` below and add it to SESSION.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    VOLUNTEERS_GROUP,
    Figures,
    ObservedEmulator,
    User,
    bot_env,
    closed_loop,
    database,
    ratio,
    spawn,
    workspace,
)

Step = Callable[[Awaitable[float]], Awaitable[None]]


@cache
def label(message_id: str) -> str:
    """A button's text as the user sees it (English)."""
    from bot.emulator.html import parse_html
    from bot.i18n import Translator

    return parse_html(Translator().get("en", message_id))[0].replace("\u200f", "")


# --- Tirek's scenarios: each a few steps of one user ---------------------------------------------

async def onboarding(user: User, step: Step) -> None:
    await step(user.text("/start"))
    await step(user.press("✓ English"))
    await step(user.press(0))  # "I understand, continue"


async def faq_browsing(user: User, step: Step) -> None:
    await step(user.press(label("menu-faq")))
    await step(user.press(0))  # first topic
    await step(user.press(0))  # its first question: the answer


async def faq_search(user: User, step: Step) -> None:
    await step(user.text("how do I renew my certificate"))


async def papers_dialog(user: User, step: Step) -> None:
    await step(user.text("/menu"))
    await step(user.press(label("menu-papers")))
    await step(user.press(label("papers-add")))
    await step(user.press(label("papers-kind-asylum-seeker")))
    await step(user.text((date.today() + timedelta(days=200)).isoformat()))
    await step(user.press(label("papers-place-skip")))
    await step(user.press(label("papers-save")))


async def relay(user: User, step: Step) -> None:
    """Asks for a volunteer; each message is then copied into the case's topic in the volunteers'
    group by the outbox, in the same process (the topic and its card come first)."""
    await step(user.text("/menu"))
    await step(user.press(label("menu-handoff")))
    await step(user.press(label("handoff-connect")))
    await step(user.text("hello, my certificate expires next month"))
    await step(user.text("what should I bring to the office?"))


SESSION = (onboarding, faq_browsing, faq_search, papers_dialog, relay)
STEPS_PER_SESSION = 19
RELAYED_PER_SESSION = 2


async def echo_session(user: User, step: Step) -> None:
    for n in range(STEPS_PER_SESSION):
        await step(user.text(f"hello {n}"))


# --- runs ------------------------------------------------------------------------------------

def session_runner(emulator: ObservedEmulator, bot, scenarios) -> Callable:
    async def run(user_id: int, record: Callable[[float], None]) -> None:
        user = User(emulator, bot, user_id)

        async def step(action: Awaitable[float]) -> None:
            record(await action)

        for scenario in scenarios:
            await scenario(user, step)
        emulator.forget_calls()

    return run


async def measure(kind: str, scenarios, database_url: str, data_dir: Path, users: int, seconds: float,
                  count: bool = False) -> Figures:
    emulator = ObservedEmulator()
    await emulator.start()
    # Telegram's 30 messages a second would cap Tirek (its RateLimiter) and not the echo bot.
    copies = Counter()
    emulator.policy = lambda method, params: copies.update([method]) if params.get("chat_id") == VOLUNTEERS_GROUP else None
    probe = {"TIREK_BENCH_COUNT": "1"} if count else {}
    bot = await spawn(kind, {**bot_env(emulator, database_url, data_dir), "TIREK_BENCH_NO_RATE_LIMIT": "1",
                             "TIREK_BENCH_STEADY": "1", **probe})
    try:
        figures = await closed_loop(session_runner(emulator, bot, scenarios), users, seconds, cpu=bot.cpu_seconds)
    finally:
        await bot.stop()
        await emulator.stop()
    if relay in scenarios:
        print(f"  into the volunteers' group during the run: {dict(copies)}")
    if bot.counts and bot.counts.get("updates"):
        per_update = {name: round(n / bot.counts["updates"], 2) for name, n in sorted(bot.counts.items()) if name != "updates"}
        print(f"  {kind}, per update over {bot.counts['updates']} (the probe slows the bot; ignore times): {per_update}")
    return figures


def verdict(figures: Figures, echo: Figures) -> str:
    fast = figures.throughput >= 0.5 * echo.throughput
    steady = figures.p99 <= 3 * echo.p99
    return (f"throughput {ratio(figures.throughput, echo.throughput)} of echo (target >= 0.5x: {'ok' if fast else 'MISSED'}), "
            f"p99 {ratio(figures.p99, echo.p99)} of echo (target <= 3x: {'ok' if steady else 'MISSED'})")


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--postgres", default=os.environ.get("TIREK_TEST_DATABASE_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--count", action="store_true", help="count loop callbacks, thread hops, database trips and Bot API calls per update")
    args = parser.parse_args(argv)

    async with workspace() as work:
        print(f"{args.users} users at once, {args.seconds:g} s per run; steps/s = updates handled per second")
        echo = await measure("echo", (echo_session,), "sqlite+aiosqlite://", work, args.users, args.seconds, args.count)
        print(echo.line("echo bot (baseline)"))
        backends = ([] if args.no_sqlite else [("SQLite", None)]) + ([("PostgreSQL", args.postgres)] if args.postgres else [])
        failed = False
        for name, admin_url in backends:
            async with database(admin_url, work) as url:
                figures = await measure("tirek", SESSION, url, work, args.users, args.seconds, args.count)
            print(figures.line(f"tirek mix, {name}"))
            print(f"  {verdict(figures, echo)}")
            if figures.cpu_per_step and echo.cpu_per_step:
                print(f"  CPU per step {ratio(figures.cpu_per_step, echo.cpu_per_step)} of echo's")
            failed |= "MISSED" in verdict(figures, echo)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
