"""Background loops keep going after an error, but never after a cancellation."""

from __future__ import annotations

import asyncio


def raise_if_cancelled() -> None:
    """Call first in a loop's `except Exception`. A task cancelled in the middle of a database
    call can see the cancellation turned into a driver error (asyncpg closing the connection);
    swallowed as an ordinary error, the loop would live on and shutdown would wait for it forever."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
