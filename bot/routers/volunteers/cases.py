"""Working a case inside its topic: relay to the user, notes, claim, release, priority, close.

Every action re-checks on the server who is acting (IsStaff, on each update: a revoked volunteer
is refused at once) and that the case is the topic's own (a button or command cannot reach
another case, whatever its callback data says).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters

from bot.context import I18nContext
from bot.filters import IsStaff
from bot.services.case_cards import (
    RESOLUTIONS,
    CaseAction,
    card_keyboard,
    card_layout,
    notice_text,
    resolution_keyboard,
    shared_in_full,
)
from bot.services.cases import PRIORITIES, CaseService
from bot.services.faq import FaqService
from dialogs.faq import render_answer
from storage.cases import CaseEntry, CaseRepository, StaffEntry

STAFF_COMMANDS = ("claim", "release", "close", "priority", "note", "card", "faq", "help")


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_command, Command(*STAFF_COMMANDS), IsStaff())
    router.message.register(on_relay, IsStaff(), F.message_thread_id, ~F.forum_topic_created,
                            ~F.forum_topic_closed, ~F.forum_topic_reopened, ~F.forum_topic_edited)
    router.edited_message.register(on_edit, IsStaff(), F.message_thread_id)
    router.callback_query.register(on_button, CaseAction.filter(), IsStaff())
    # Everyone else: commands and buttons are refused without detail; other messages are left alone.
    router.message.register(on_stranger_command, F.text.startswith("/"))
    router.callback_query.register(on_stranger_button)
    return router


def _t(cases: CaseService, message_id: str, **args) -> str:
    return cases.translator.get(cases.group_locale, message_id, **args)


async def _topic_case(cases: CaseService, message: Message) -> CaseEntry | None:
    if not message.is_topic_message or message.message_thread_id is None:
        return None
    return await CaseRepository(cases.session, cases.cipher).by_topic(message.message_thread_id)


async def _reply(message: Message, text: str) -> None:
    await _post(message, text, message.message_thread_id,
                reply_parameters=ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True))


async def _post(message: Message, text: str, thread: int | None, **kwargs) -> None:
    # Explicit thread: Message.answer guesses it only for messages marked as topic messages.
    await message.bot.send_message(message.chat.id, text, message_thread_id=thread, **kwargs)


async def on_relay(message: Message, staff: StaffEntry, **data) -> None:
    cases = CaseService.from_data(data)
    case = await _topic_case(cases, message)
    if case is None:
        return  # a topic that is no case (or the General topic): volunteers talking among themselves
    outcome = await cases.relay_from_volunteer(case, staff, message)
    if outcome != "sent":
        await _reply(message, _t(cases, f"cases-relay-{outcome}"))


async def on_edit(message: Message, staff: StaffEntry, **data) -> None:
    cases = CaseService.from_data(data)
    case = await _topic_case(cases, message)
    if case is not None and case.claimed_by == staff.id:
        await cases.relay_volunteer_edit(case, staff, message)


async def on_command(message: Message, command: CommandObject, staff: StaffEntry, **data) -> None:
    cases = CaseService.from_data(data)
    if command.command == "help":
        await _reply(message, _t(cases, "cases-help"))
        return
    case = await _topic_case(cases, message)
    if case is None:
        await _reply(message, _t(cases, "cases-not-a-case"))
        return
    argument = (command.args or "").strip().lower()
    if command.command == "note":
        await cases.note(case, staff)  # the note stays in the topic; only the fact is logged
        await _reply(message, _t(cases, "cases-noted"))
    elif command.command == "card":
        await cases.viewed(case, staff)
        card = await CaseRepository(cases.session, cases.cipher).card(case.id)
        text, not_whole = card_layout(cases.translator, cases.group_locale, case, card)
        await _post(message, text, message.message_thread_id,
                    reply_markup=card_keyboard(cases.translator, cases.group_locale, case))
        for rest in shared_in_full(cases.translator, cases.group_locale, case, not_whole):
            await _post(message, notice_text(case, rest), message.message_thread_id)
    elif command.command == "faq":
        await _offer_faq(cases, message, case, command.args or "", data["faq_index"])
    elif command.command == "claim":
        if not await cases.claim(case, staff):
            await _reply(message, _t(cases, "cases-claim-refused"))
    elif command.command == "release":
        if not await cases.release(case, staff):
            await _reply(message, _t(cases, "cases-release-refused"))
    elif command.command == "priority":
        if argument not in PRIORITIES:
            await _reply(message, _t(cases, "cases-priority-usage"))
        elif not cases.may_manage(case, staff, to=argument):
            await _reply(message, _t(cases, "cases-manage-refused"))
        elif not await cases.set_priority(case, staff, argument):
            await _reply(message, _t(cases, "cases-unchanged"))
    elif command.command == "close":
        if not cases.may_manage(case, staff, to=None):
            await _reply(message, _t(cases, "cases-manage-refused"))
        elif argument in RESOLUTIONS:
            if not await cases.close(case, staff, argument):
                await _reply(message, _t(cases, "cases-unchanged"))
        else:
            await _post(message, _t(cases, "cases-close-choose"), message.message_thread_id,
                        reply_markup=resolution_keyboard(cases.translator, cases.group_locale, case))


async def on_button(callback: CallbackQuery, callback_data: CaseAction, staff: StaffEntry, **data) -> None:
    cases = CaseService.from_data(data)
    case = await CaseRepository(cases.session, cases.cipher).get(callback_data.case_id)
    message = callback.message
    # The button must sit in the case's own topic: forged data naming another case fails here.
    if (case is None or not isinstance(message, Message) or message.message_thread_id is None
            or message.message_thread_id != case.topic_id):
        await callback.answer(_t(cases, "cases-unavailable"))
        return
    action, value = callback_data.action, callback_data.value
    done = False
    if action == "claim":
        done = await cases.claim(case, staff)
    elif action == "release":
        done = await cases.release(case, staff)
    elif action in ("priority", "close", "resolve") and not cases.may_manage(
            case, staff, to=value if action == "priority" else None):
        await callback.answer(_t(cases, "cases-manage-refused"), show_alert=True)
        return
    elif action == "priority" and value in PRIORITIES:
        done = await cases.set_priority(case, staff, value)
    elif action == "close":
        await _post(message, _t(cases, "cases-close-choose"), case.topic_id,
                    reply_markup=resolution_keyboard(cases.translator, cases.group_locale, case))
        done = True
    elif action == "resolve" and value in RESOLUTIONS:
        done = await cases.close(case, staff, value)
    elif action == "faq" and value.isdigit():
        done = await _send_faq(cases, case, staff, int(value), data["faq_index"])
    await callback.answer(_t(cases, "cases-done" if done else "cases-unchanged"))


async def on_stranger_command(message: Message, **data) -> None:
    await _post(message, data["translator"].get(data["settings"].runtime.default_locale, "cases-unavailable"),
                message.message_thread_id if message.is_topic_message else None)


async def on_stranger_button(callback: CallbackQuery, **data) -> None:
    await callback.answer(data["translator"].get(data["settings"].runtime.default_locale, "cases-unavailable"))


async def _offer_faq(cases: CaseService, message: Message, case: CaseEntry, query: str, index) -> None:
    """FAQ answers matching the volunteer's words, as buttons; a press sends one in the user's language."""
    if not query.strip():
        await _reply(message, _t(cases, "cases-faq-usage"))
        return
    found = await FaqService(cases.session, index).search(query, cases.group_locale)
    if not found:
        await _reply(message, _t(cases, "cases-faq-none"))
        return
    rows = [[InlineKeyboardButton(text=entry.question[:64], callback_data=CaseAction(
        action="faq", case_id=case.id, value=str(entry.id)).pack())] for entry in found]
    await _post(message, _t(cases, "cases-faq-choose"), message.message_thread_id,
                reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


async def _send_faq(cases: CaseService, case: CaseEntry, staff: StaffEntry, item_id: int, index) -> bool:
    if not case.is_open or case.claimed_by not in (None, staff.id):
        return False
    locale = cases.translator.resolve(case.locale)
    entry = await FaqService(cases.session, index).entry(item_id, locale)
    if entry is None:
        return False
    i18n = I18nContext(cases.translator, locale)
    body = render_answer(entry, i18n, today=cases.clock().date(), voted=False, ask_helpful=False)
    await cases.send_faq(case, staff, item_id, body)
    return True
