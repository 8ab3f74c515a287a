"""One parent router per audience, each with its chat filter.

Private users now; the volunteers' forum group and coordinators get theirs with the features
that need them (handoff and coordinator tools), so a group message never reaches user handlers.
"""

from __future__ import annotations

from aiogram import Router

from bot.routers.coordinators import build_coordinator_router
from bot.routers.private import build_private_router


def build_routers() -> list[Router]:
    # Coordinators first: their tools answer them; everyone else falls through to the private router.
    return [build_coordinator_router(), build_private_router()]
