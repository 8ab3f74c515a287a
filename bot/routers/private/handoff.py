"""The user's side of a case outside its conversation window: the duress word, replies to a
volunteer's message, edits of relayed messages, and the answer to "are you safe?"."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware, Router
from aiogram.filters import BaseFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, StartMode

from bot.services.cases import URGENT, CaseService, CheckinAnswer, acknowledge, handoff_configured
from bot.services.triage import scan
from dialogs.states import MainMenu
from storage.cases import MAX_DURESS_WORD, DuressRepository
from storage.repositories import UserProfile


class IsDuressWord(BaseFilter):
    async def __call__(self, message: Message, **data: Any) -> bool:
        profile: UserProfile | None = data.get("user_profile")
        text = message.text or ""
        if profile is None or not text or len(text) > MAX_DURESS_WORD:
            return False
        return await DuressRepository(data["session"], data["hasher"]).matches(profile.id, text)


class RepliesToVolunteer(BaseFilter):
    async def __call__(self, message: Message, **data: Any) -> bool:
        profile = data.get("user_profile")
        return profile is not None and await CaseService.from_data(data).is_reply_to_volunteer(profile, message)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_duress, IsDuressWord())
    router.message.register(on_reply, RepliesToVolunteer())
    router.edited_message.register(on_edit)
    router.callback_query.register(on_checkin, CheckinAnswer.filter())
    router.callback_query.register(on_urgent_offer, UrgentOffer.filter())
    return router


async def on_duress(message: Message, dialog_manager: DialogManager, user_profile: UserProfile, **data) -> None:
    # Looks exactly like opening the menu; the case is flagged urgent without a word about it.
    await CaseService.from_data({**data, "user_profile": user_profile}).duress(user_profile)
    await dialog_manager.start(MainMenu.menu, mode=StartMode.RESET_STACK)


async def on_reply(message: Message, user_profile: UserProfile, **data) -> None:
    await CaseService.from_data(data).relay_from_user(user_profile, message)
    await acknowledge(message.bot, message)


async def on_edit(message: Message, user_profile: UserProfile, i18n, **data) -> None:
    if not await CaseService.from_data(data).relay_user_edit(user_profile, message):
        await message.answer(i18n.compose("errors-title", i18n("errors-edited")))


async def on_checkin(callback: CallbackQuery, callback_data: CheckinAnswer, user_profile: UserProfile,
                     i18n, **data) -> None:
    answered = await CaseService.from_data(data).answer_checkin(user_profile, callback_data.case_id, callback_data.safe)
    if not answered:
        await callback.answer(i18n("errors-unavailable"))
        return
    await callback.answer(i18n("cases-checkin-thanks"))
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)
    if not callback_data.safe:
        await callback.message.answer(i18n.compose("cases-user-title", i18n("cases-checkin-help-sent")))


class UrgentOffer(CallbackData, prefix="urgent"):
    """The button under a triage notice. Carries nothing: the case is always the presser's own."""


class TriageOffer(BaseMiddleware):
    """After a private text outside a conversation: risky wording gets safety words and the offer
    of a volunteer now. Nothing is opened unless the user presses (docs/decisions.md #15)."""

    async def __call__(self, handler, event: Message, data: dict[str, Any]) -> Any:
        result = await handler(event, data)
        profile: UserProfile | None = data.get("user_profile")
        if (profile is None or not profile.onboarded or not event.text or event.text.startswith("/")
                or not handoff_configured(data["settings"]) or not scan(event.text)):
            return result
        cases = CaseService.from_data(data)
        if await cases.open_case(profile) is not None:
            return result  # in a conversation the case itself turns urgent
        i18n = data["i18n"]
        markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text=i18n("handoff-urgent-offer-button"), callback_data=UrgentOffer().pack())]])
        await event.answer(i18n.compose("handoff-title", i18n("handoff-urgent-offer")), reply_markup=markup)
        return result


async def on_urgent_offer(callback: CallbackQuery, dialog_manager: DialogManager, user_profile: UserProfile,
                          i18n, **data) -> None:
    if not handoff_configured(data["settings"]):
        await callback.answer(i18n("errors-unavailable"))
        return
    from dialogs.handoff import start_handoff

    await start_handoff(dialog_manager, subject="triage", priority=URGENT)
