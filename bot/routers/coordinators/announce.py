"""Announcements: choose a language, send the text, see it exactly as recipients will, then Send.

Only users of that language who turned announcements on (Privacy) receive it, through the
rate-limited outbox; the coordinator gets the final delivered / failed count as a message and can
see progress here meanwhile.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.context import I18nContext
from bot.i18n import format_date
from bot.routers.coordinators.common import Co, CoordinatorInput, button, keyboard, say
from bot.services.announcements import MAX_CHARS, MAX_MESSAGE, AnnouncementService, announcement_text

ACTIONS = ("ann", "annloc", "anns", "annx")


def locales_of(data: dict[str, Any]) -> list[str]:
    return data["translator"].complete_locales


async def overview(event: Message | CallbackQuery, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    await state.clear()
    translator = data["translator"]
    lines = [i18n("coordinator-announce-line", number=str(e.id), date=format_date(i18n.locale, e.created_at.date()),
                  language=translator.native_name(e.locale), delivered=str(e.delivered), failed=str(e.failed),
                  total=str(e.total))
             for e in await AnnouncementService.from_data(data).recent()]
    await say(event, i18n, i18n("coordinator-announce-intro"),
              "\n".join(lines) or i18n("coordinator-announce-none"), markup=keyboard(
                  [button(translator.native_name(loc), "annloc", loc=loc) for loc in locales_of(data)],
                  button(i18n("coordinator-back"), "home")))


async def choose_language(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                          **data: Any) -> None:
    locale = callback_data.loc
    if locale not in locales_of(data):
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    language = data["translator"].native_name(locale)
    count = await AnnouncementService.from_data(data).audience(locale)
    if count == 0:
        await say(callback, i18n, i18n("coordinator-announce-nobody", language=language),
                  markup=keyboard(button(i18n("coordinator-back"), "ann")))
        return
    await state.set_state(CoordinatorInput.announcement)
    await state.set_data({"loc": locale})
    await say(callback, i18n, i18n("coordinator-announce-ask", language=language, count=count, limit=MAX_CHARS),
              markup=keyboard(button(i18n("coordinator-cancel"), "annx")))


async def on_text(message: Message, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    locale = (await state.get_data()).get("loc")
    if locale not in locales_of(data):
        await state.clear()
        await say(message, i18n, i18n("coordinator-unavailable"))
        return
    # html_text keeps the coordinator's bold, italics and links, with everything else escaped.
    text = announcement_text(data["translator"], locale, message.html_text)
    if len(message.text) > MAX_CHARS or len(text) > MAX_MESSAGE:
        await say(message, i18n, i18n("coordinator-announce-too-long", limit=MAX_CHARS))
        return
    count = await AnnouncementService.from_data(data).audience(locale)
    await state.set_state(None)
    await state.set_data({"announce": {"loc": locale, "text": text}})
    language = data["translator"].native_name(locale)
    await say(message, i18n, i18n("coordinator-announce-preview", language=language, count=count))
    await message.bot.send_message(message.chat.id, text, reply_markup=keyboard(
        [button(i18n("coordinator-announce-send", count=count), "anns"),
         button(i18n("coordinator-cancel"), "annx")]))


async def send(callback: CallbackQuery, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    draft = (await state.get_data()).get("announce")
    await state.clear()  # the text leaves the (sealed) dialog state either way
    if draft is None or draft["loc"] not in locales_of(data):
        await say(callback, i18n, i18n("coordinator-unavailable"))
        return
    entry = await AnnouncementService.from_data(data).send(draft["loc"], draft["text"], data["staff"].id, i18n.locale)
    language = data["translator"].native_name(draft["loc"])
    if entry is None:
        await say(callback, i18n, i18n("coordinator-announce-nobody", language=language))
        return
    data["outbox_wake"]()
    await say(callback, i18n, i18n("coordinator-announce-queued", language=language, count=entry.total,
                                   number=str(entry.id)))


async def on_button(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                    **data: Any) -> None:
    if callback_data.a == "annloc":
        await choose_language(callback, callback_data, i18n, state, **data)
    elif callback_data.a == "anns":
        await send(callback, i18n, state, **data)
    else:
        if callback_data.a == "annx":
            await callback.answer(i18n("coordinator-discarded"))
        await overview(callback, i18n, state, **data)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_text, StateFilter(CoordinatorInput.announcement), F.text & ~F.text.startswith("/"))
    router.callback_query.register(on_button, Co.filter(F.a.in_(ACTIONS)))
    return router
