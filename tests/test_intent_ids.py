"""Screens opened in the same second must not share an intent id (see dialogs/intent_ids.py)."""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog.api.entities import Stack

from dialogs import all_dialogs


def test_many_screens_in_one_second_get_distinct_ids() -> None:
    all_dialogs()  # installs the id generator, as the app does
    stack = Stack()
    ids = set()
    for _ in range(5000):
        context = stack.push(State("s", group_name="G"), None)
        ids.add(context.id)
        stack.pop()
    assert len(ids) == 5000
    assert all(len(i) == 8 and i.isalnum() for i in ids)
