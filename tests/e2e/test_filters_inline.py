"""Magic filters run inline: no update hops to a worker thread to check `F.text` (bot/inline_filters.py)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from aiogram.dispatcher.event import handler as aiogram_handler
from magic_filter import MagicFilter

from tests.e2e.test_faq import onboarded
from tests.e2e.test_papers import add_typed, open_papers
from tests.e2e.test_report import skip_questions, start_report
from tests.support.screens import plain
from tests.support.telegram_client import newest


@pytest.fixture
def thread_hops(monkeypatch) -> list[str]:
    """What aiogram sends to a worker thread; magic filters are named by what they check."""
    hops: list[str] = []
    to_thread = asyncio.to_thread

    async def recording(func, /, *args, **kwargs):
        called = getattr(func, "func", func)  # aiogram passes a functools.partial
        target = getattr(called, "__self__", None)
        hops.append(f"magic filter {target!r}" if isinstance(target, MagicFilter) else called.__qualname__)
        return await to_thread(func, *args, **kwargs)

    monkeypatch.setattr(aiogram_handler.asyncio, "to_thread", recording)
    return hops


async def test_private_flows_check_their_filters_without_a_thread_hop(thread_hops, running_bot, emulator) -> None:
    user = await onboarded(emulator, 620000401)
    # Router filters (F.text, F.text.startswith inside or_f and ~), a dialog's MessageInput filter.
    unknown = newest(await user.command("/nosuchcommand"))
    assert unknown.text
    found = newest(await user.send_text("how do I renew my certificate"))
    assert found.text
    await open_papers(user)
    saved = await add_typed(user, "asylum-seeker", date.today() + timedelta(days=200))
    assert plain("en", "papers-kind-asylum-seeker") in saved.text
    # A plain function as a dialog's filter: the report's evidence input (not_command).
    await start_report(user)
    await skip_questions(user)
    await user.send_text("a note for the evidence")
    assert thread_hops == []
