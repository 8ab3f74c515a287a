"""Coordinators' tools, in a coordinator's private chat with the bot.

The parent router lets only coordinators in (IsCoordinator). Anyone else's /faqadmin, document
or `co:` button falls through to the private router untouched and gets exactly the answer any
unknown command or forged button gets: nothing shows that these tools exist.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.enums import ChatType
from aiogram.filters import StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.context import I18nContext
from bot.filters import IsCoordinator
from bot.routers.coordinators.common import Co, CoordinatorInput, say

# What the coordinators' handlers take: a typed value awaited, a document (an import), /faqadmin
# (in a text or, as aiogram's Command reads it, a caption), and their own buttons.
ENTRY = or_f(StateFilter(CoordinatorInput), F.document, F.text.startswith("/faqadmin"),
             F.caption.startswith("/faqadmin"))
CO_BUTTON = F.data.startswith(f"{Co.__prefix__}{Co.__separator__}")


async def leave_input(message: Message, state: FSMContext) -> None:
    """A command while a value was awaited: stop waiting, and let the command run as usual."""
    await state.clear()
    raise SkipHandler


async def ask_for_text(message: Message, i18n: I18nContext) -> None:
    """A photo, sticker or voice while a typed value is awaited: say what is expected and keep
    waiting. Falling through, it got the users' answers (menu, "type your question")."""
    await say(message, i18n, i18n("coordinator-send-text"))


def build_coordinator_router() -> Router:
    from bot.routers.coordinators import announce, faq, reports, transfer

    router = Router(name="coordinators")
    # Before IsCoordinator's database read, a check in memory: only what a handler below takes
    # (every private update passes through here on its way to the private router).
    router.message.filter(F.chat.type == ChatType.PRIVATE, ENTRY, IsCoordinator())
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE, CO_BUTTON, IsCoordinator())
    leaving = Router(name=f"{__name__}.leave")
    leaving.message.register(leave_input, StateFilter(CoordinatorInput), F.text.startswith("/"),
                             ~F.text.startswith("/faqadmin"))
    # Last: only what no tool took (a document is an import, whatever is awaited).
    not_text = Router(name=f"{__name__}.not_text")
    not_text.message.register(ask_for_text, StateFilter(CoordinatorInput), ~F.text)
    router.include_routers(leaving, faq.create_router(), transfer.create_router(), reports.create_router(),
                          announce.create_router(), not_text)
    return router
