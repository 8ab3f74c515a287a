"""Becoming a volunteer (/join CODE), choosing the alias users see (/alias), the coordinators'
tools for people: invite codes (/invite) and the volunteer list (/volunteers), and /help for
those with a role (their own commands, above the user help everyone gets).

To anyone without the role these commands do not exist: the update falls through to the same
"unknown command" answer any other unknown command gets, and so does a wrong invite code.
"""

from __future__ import annotations

import html
import logging
import unicodedata
from datetime import timedelta

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED, SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.context import I18nContext
from bot.filters import IsCoordinator, IsStaff
from bot.sensitive_words import sensitive_hits
from storage.cases import COORDINATOR, VOLUNTEER, AuditLog, InviteRepository, StaffEntry, StaffRepository

logger = logging.getLogger(__name__)

MAX_ALIAS = 32
ALIAS_PUNCTUATION = " .,-_'’()"


class StaffAction(CallbackData, prefix="staff"):
    action: str  # revoke / promote
    staff_id: int


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_help, Command("help"), IsStaff())
    router.message.register(on_join, Command("join"))
    router.message.register(on_alias, Command("alias"), IsStaff())
    router.message.register(on_invite, Command("invite"), IsCoordinator())
    router.message.register(on_list, Command("volunteers"), IsCoordinator())
    router.callback_query.register(on_staff_action, StaffAction.filter(), IsCoordinator())
    return router


async def on_help(message: Message, staff: StaffEntry, i18n: I18nContext) -> None:
    """Their own commands, which nothing else in the private chat shows; then the user help."""
    await message.answer(i18n.compose("staff-title", i18n(f"staff-help-{staff.role}")))
    raise SkipHandler  # /help of the commands router runs too: staff use the bot as users as well


async def on_join(message: Message, command: CommandObject, i18n: I18nContext, **data):
    code = (command.args or "").strip()
    if not code or len(code) > 32:
        return UNHANDLED
    now = data["clock"]()
    session = data["session"]
    role = await InviteRepository(session, data["hasher"]).redeem(code, now)
    if role is None:
        await session.rollback()  # the failed redeem must not hold the database's write lock
        return UNHANDLED  # exactly like an unknown command: wrong, used and expired codes look alike
    staff = await StaffRepository(session, data["cipher"], data["hasher"]).enroll(message.from_user.id, role, now.date())
    await AuditLog(session).record(now, "role_granted", actor_id=staff.id, staff_id=staff.id)
    await session.commit()
    await message.answer(i18n.compose("staff-title", i18n(f"staff-joined-{role}")))


def plain_alias(alias: str) -> bool:
    """A short name: letters, digits, spaces and a little punctuation. Nothing that could pass
    for a heading of its own: no emoji, markup, line breaks or direction marks."""
    return 0 < len(alias) <= MAX_ALIAS and all(
        unicodedata.category(char)[0] in "LN" or char in ALIAS_PUNCTUATION for char in alias)


async def on_alias(message: Message, command: CommandObject, staff: StaffEntry, i18n: I18nContext, **data) -> None:
    alias = " ".join((command.args or "").split())
    if not plain_alias(alias):
        await message.answer(i18n.compose("staff-title", i18n("staff-alias-usage", limit=MAX_ALIAS)))
        return
    if sensitive_hits(alias):
        # It heads every message to the person: the first line a locked phone shows.
        await message.answer(i18n.compose("staff-title", i18n("staff-alias-not-neutral")))
        return
    await StaffRepository(data["session"], data["cipher"], data["hasher"]).set_alias(staff.id, alias)
    await data["session"].commit()
    await message.answer(i18n.compose("staff-title", i18n("staff-alias-set", alias=alias)))


async def on_invite(message: Message, command: CommandObject, staff: StaffEntry, i18n: I18nContext, **data) -> None:
    role = COORDINATOR if (command.args or "").strip().lower() == COORDINATOR else VOLUNTEER
    now = data["clock"]()
    hours = data["settings"].cases.invite_valid_hours
    session = data["session"]
    code = await InviteRepository(session, data["hasher"]).issue(role, staff.id, now + timedelta(hours=hours))
    await AuditLog(session).record(now, "invite_issued", actor_id=staff.id)
    await session.commit()
    await message.answer(i18n.compose("staff-title", i18n(f"staff-invite-{role}", code=code, hours=hours)))


def _list_text(i18n: I18nContext, people: list[StaffEntry]) -> str:
    lines = [i18n("staff-list-row", number=p.id, alias=p.alias or "—", role=i18n(f"staff-role-{p.role}"),
                  since=p.joined_on.isoformat()) for p in people]
    return i18n.compose("staff-title", i18n("staff-list-heading"), "\n".join(lines) or i18n("staff-list-empty"))


def _list_keyboard(i18n: I18nContext, people: list[StaffEntry], me: StaffEntry) -> InlineKeyboardMarkup:
    rows = []
    for person in people:
        if person.id == me.id:
            continue
        row = [InlineKeyboardButton(text=i18n("staff-revoke", number=person.id),
                                    callback_data=StaffAction(action="revoke", staff_id=person.id).pack())]
        if person.role == VOLUNTEER:
            row.append(InlineKeyboardButton(text=i18n("staff-promote", number=person.id),
                                            callback_data=StaffAction(action="promote", staff_id=person.id).pack()))
        rows.append(row)
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def on_list(message: Message, staff: StaffEntry, i18n: I18nContext, **data) -> None:
    people = await StaffRepository(data["session"], data["cipher"], data["hasher"]).active()
    await message.answer(_list_text(i18n, people), reply_markup=_list_keyboard(i18n, people, staff))


async def on_staff_action(callback: CallbackQuery, callback_data: StaffAction, staff: StaffEntry,
                          i18n: I18nContext, **data) -> None:
    session, now = data["session"], data["clock"]()
    repo = StaffRepository(session, data["cipher"], data["hasher"])
    target = await repo.get(callback_data.staff_id)
    configured = target is not None and target.telegram_id in data["settings"].telegram.coordinator_ids
    if target is None or not target.active or target.id == staff.id or configured:
        await callback.answer(i18n("errors-unavailable"))
        return
    if callback_data.action == "revoke":
        await repo.revoke(target.id, now.date())
        await AuditLog(session).record(now, "role_revoked", actor_id=staff.id, staff_id=target.id)
    elif callback_data.action == "promote" and target.role == VOLUNTEER:
        await repo.set_role(target.id, COORDINATOR)
        await AuditLog(session).record(now, "role_promoted", actor_id=staff.id, staff_id=target.id)
    else:
        await callback.answer(i18n("errors-unavailable"))
        return
    await session.commit()
    group = data["settings"].telegram.volunteer_chat_id
    if callback_data.action == "revoke" and group is not None:
        # Out of the group too: a revoked volunteer must not go on reading the case topics.
        try:
            await callback.bot.ban_chat_member(group, target.telegram_id)
        except TelegramAPIError as error:
            logger.warning("could not remove a revoked volunteer from the group: %s", type(error).__name__)
    await callback.answer(i18n("staff-updated", alias=html.unescape(target.alias) or str(target.id)))
    people = await repo.active()
    if isinstance(callback.message, Message):
        await callback.message.edit_text(_list_text(i18n, people), reply_markup=_list_keyboard(i18n, people, staff))
