"""A lease kept alive while its work runs: the inbox's updates, the outbox's rows, reminders and
erasures are each taken under a lease (LEASE_SECONDS) so that another process can take over from
one that died. A live process renews the lease while it works, however slow the work (a starved
CPU, a slow answer, a rate limit waited out), so that it is never taken over as if it had died."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.cancellation import raise_if_cancelled

logger = logging.getLogger(__name__)


def lease_holder(kind: str) -> str:
    """A fresh holder name for leases taken by one worker of one process run: a lease left by a
    crashed run is never mistaken for this one's."""
    return f"{kind}-{secrets.token_hex(8)}"


@asynccontextmanager
async def lease_kept(renew: Callable[[], Awaitable[bool]], lease: timedelta, what: str,
                     on_lost: Callable[[], None] | None = None) -> AsyncIterator[None]:
    """While the block runs, `renew()` (True: the lease is still ours) every third of `lease`.
    A renewal that fails is tried again at the next beat, the lease still having two thirds to
    run; one that finds the lease gone (finished meanwhile, or taken over) calls `on_lost` and
    stops renewing."""

    async def beat() -> None:
        while True:
            await asyncio.sleep(lease.total_seconds() / 3)
            try:
                kept = await renew()
            except Exception as error:
                raise_if_cancelled()
                logger.warning("%s: lease renewal failed: %s", what, type(error).__name__)
                continue
            if not kept:
                if on_lost is not None:
                    on_lost()
                return

    heartbeat = asyncio.create_task(beat())
    try:
        yield
    finally:
        heartbeat.cancel()
        await asyncio.gather(heartbeat, return_exceptions=True)
