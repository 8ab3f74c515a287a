"""Everything users meet in their private chat with the bot."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from dialogs import all_dialogs


def build_private_router() -> Router:
    from bot.routers.private import commands, fallback, handoff, reminders, staff

    router = Router(name="private")
    private = F.chat.type == ChatType.PRIVATE
    router.message.filter(private)
    router.edited_message.filter(private)
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    router.message.middleware(handoff.TriageOffer())  # risky wording: offer a volunteer now
    # Order matters: staff commands (their /help adds to the user one), then the users' commands,
    # then dialogs, then whatever nobody else took.
    router.include_router(staff.create_router())  # /join, /help and people tools for those with the role
    router.include_router(commands.create_router())
    router.include_router(handoff.create_router())  # duress word, replies and edits to relayed messages
    router.include_router(reminders.create_router())  # buttons of reminder messages
    router.include_routers(*all_dialogs())
    router.include_router(fallback.create_router())
    return router
