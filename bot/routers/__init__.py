"""One parent router per audience, each with its chat filter.

The volunteers' forum group and private users; coordinators' tools sit inside the private
router behind a role filter. A group message never reaches user handlers.
"""

from __future__ import annotations

from aiogram import Router

from bot.routers.coordinators import build_coordinator_router
from bot.routers.private import build_private_router
from bot.routers.volunteers import build_volunteer_router


def build_routers() -> list[Router]:
    # The group first; then coordinators' tools, which answer only coordinators; then everyone.
    return [build_volunteer_router(), build_coordinator_router(), build_private_router()]
