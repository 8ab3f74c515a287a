"""Announcements end to end: users opt in under Privacy; a coordinator writes one for a language,
sees it exactly as recipients will, sends it through the outbox, and gets the final count."""

from __future__ import annotations

from datetime import UTC, datetime

import telegram
from sqlalchemy import func, select

from bot.routers.coordinators.common import Co
from storage.models import Announcement, OutboxMessage
from storage.repositories import ChatMessageRepository
from tests.e2e.handoff_support import COORDINATOR_ID, enroll_volunteer, outbox_drained
from tests.e2e.test_faq import onboarded
from tests.support.forget import forget_held_at_deleting
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest

ENGLISH_IN, ENGLISH_BLOCKED, ENGLISH_OUT, RUSSIAN_IN = 710000001, 710000002, 710000003, 710000004
VOLUNTEER = 710000050
BODY = "The office moves on 1 May <for real>. Bring your passport."
BOLD = "office moves"


async def opt_in(emulator, user_id: int, locale: str) -> UserClient:
    user = await onboarded(emulator, user_id, locale)
    await user.command("/privacy")
    [screen] = await user.press(plain(locale, "privacy-announcements"))
    assert plain(locale, "privacy-announcements-off") in screen.text  # off unless turned on
    await user.press(plain(locale, "privacy-announcements-turn-on"))
    assert plain(locale, "privacy-announcements-on") in user.last_keyboard_message().text
    return user


async def announcements_screen(coordinator: UserClient):
    await coordinator.command("/faqadmin")
    [screen] = await coordinator.press(plain("en", "coordinator-announce-button"))
    return screen


async def send_formatted(user: UserClient, text: str, bold: str):
    start = text.index(bold)  # ASCII: UTF-16 offsets are character offsets
    entity = telegram.MessageEntity(telegram.MessageEntity.BOLD, start, len(bold))
    return await user._send_message(True, text=text, entities=[entity])


def received(user: UserClient, text: str):
    return [m for m in user.bot_messages() if m.text and text in m.text]


async def counts(app) -> tuple[int, int]:
    async with app.sessions() as session:
        return (await session.scalar(select(func.count()).select_from(Announcement)),
                await session.scalar(select(func.count()).select_from(OutboxMessage)))


async def test_only_opted_in_users_of_the_language_receive_it_once(volunteer_group, running_bot, emulator) -> None:
    app = running_bot.app
    coordinator = await onboarded(emulator, COORDINATOR_ID, "en")
    english_in = await opt_in(emulator, ENGLISH_IN, "en")
    english_blocked = await opt_in(emulator, ENGLISH_BLOCKED, "en")
    russian_in = await opt_in(emulator, RUSSIAN_IN, "ru")
    english_out = await onboarded(emulator, ENGLISH_OUT, "en")  # never opted in
    # Turning it on and off again leaves them out too.
    await english_out.command("/privacy")
    await english_out.press(plain("en", "privacy-announcements"))
    await english_out.press(plain("en", "privacy-announcements-turn-on"))
    await english_out.press(plain("en", "privacy-announcements-turn-off"))
    assert plain("en", "privacy-announcements-off") in english_out.last_keyboard_message().text

    screen = await announcements_screen(coordinator)
    assert first_line(screen.text) == plain("en", "coordinator-title")
    assert plain("en", "coordinator-announce-none") in screen.text
    [prompt] = await coordinator.press("English")
    assert plain("en", "coordinator-announce-ask", language="English", count=2, limit=3500) in prompt.text

    messages = await send_formatted(coordinator, BODY, BOLD)
    preview = newest(messages)
    assert first_line(preview.text) == plain("en", "coordinator-announcement-title")
    assert f"<b>{BOLD}</b>" in preview.html and "&lt;for real&gt;" in preview.html
    assert any(plain("en", "coordinator-announce-preview", language="English", count=2) in m.text for m in messages)
    assert await counts(app) == (0, 0)  # nothing sent before Send

    emulator.block(english_blocked.chat_id, notify=False)
    send_button = plain("en", "coordinator-announce-send", count=2)
    await coordinator.press(send_button, preview)
    await outbox_drained(app)
    [got] = received(english_in, "Bring your passport")
    assert got.html == preview.html  # exactly the preview
    assert received(english_out, "Bring your passport") == []
    assert received(russian_in, "Bring your passport") == []
    assert received(english_blocked, "Bring your passport") == []

    async with app.sessions() as session:
        [announcement] = (await session.scalars(select(Announcement))).all()
    assert (announcement.locale, announcement.total, announcement.delivered, announcement.failed) == ("en", 2, 1, 1)
    report = plain("en", "coordinator-announce-finished", number=str(announcement.id), language="English",
                   delivered="1", failed="1", total="2")
    assert [m for m in coordinator.bot_messages() if m.text and report in m.text], "no final report"

    # Pressing Send again (or forging it) sends nothing more.
    await coordinator.press(send_button, preview)
    await coordinator.press_data(Co(a="anns").pack(), preview.message_id)
    await outbox_drained(app)
    assert await counts(app) == (1, 0)
    assert len(received(english_in, "Bring your passport")) == 1

    progress = await announcements_screen(coordinator)
    assert f"#{announcement.id} " in progress.text and "✅ 1 ✖ 1 / 2" in progress.text
    # The one refused call is the blocked recipient's, expected; the teardown check must not count it.
    emulator.calls[:] = [c for c in emulator.calls if c.ok or "blocked" not in (c.error or "")]


async def test_too_long_and_cancel_send_nothing(volunteer_group, running_bot, emulator) -> None:
    app = running_bot.app
    coordinator = await onboarded(emulator, COORDINATOR_ID, "en")
    await opt_in(emulator, ENGLISH_IN, "en")
    await announcements_screen(coordinator)
    await coordinator.press("English")
    [refused] = await coordinator.send_text("x" * 3501)
    assert plain("en", "coordinator-announce-too-long", limit=3500) in refused.text
    await coordinator.send_text("Short news.")
    await coordinator.press(plain("en", "coordinator-cancel"))
    await outbox_drained(app)
    assert await counts(app) == (0, 0)
    # A language nobody opted into is refused before any text is asked for.
    await announcements_screen(coordinator)
    [nobody] = await coordinator.press("Русский")
    assert plain("en", "coordinator-announce-nobody", language="Русский") in nobody.text


async def test_users_and_volunteers_cannot_reach_announcements(volunteer_group, running_bot, emulator) -> None:
    app = running_bot.app
    await onboarded(emulator, COORDINATOR_ID, "en")
    user = await opt_in(emulator, ENGLISH_IN, "en")
    await enroll_volunteer(emulator, VOLUNTEER)
    volunteer = UserClient(emulator, VOLUNTEER)
    for person in (user, volunteer):
        unknown = newest(await person.command("/no-such-command")).text
        assert newest(await person.command("/faqadmin")).text == unknown
        screen = person.last_bot_message()
        for data in (Co(a="ann"), Co(a="annloc", loc="en"), Co(a="anns")):
            await person.press_data(data.pack(), screen.message_id)
            assert person.callback_answer()["text"] in (plain("en", "errors-button-expired"),
                                                        plain("en", "errors-unavailable")), data
    await outbox_drained(app)
    assert await counts(app) == (0, 0)


async def test_forget_while_the_copy_is_being_sent_still_gives_the_final_report(volunteer_group, running_bot, emulator) -> None:
    """The recipient erases their data while their copy is on its way (its outbox row leased):
    the copy is counted all the same, so the coordinator still gets the final report."""
    app = running_bot.app
    coordinator, leaving, release = await announcement_on_its_way(emulator)
    await leaving.forget_while_busy()
    release.set()
    await emulator.wait_idle()
    await outbox_drained(app)

    async with app.sessions() as session:
        [announcement] = (await session.scalars(select(Announcement))).all()
    assert (announcement.total, announcement.delivered + announcement.failed) == (1, 1)
    report = plain("en", "coordinator-announce-finished", number=str(announcement.id), language="English",
                   delivered=str(announcement.delivered), failed=str(announcement.failed), total="1")
    assert [m for m in coordinator.bot_messages() if m.text and report in m.text], "no final report"
    # The copy arrived after /forget had cleared the chat: it is taken back, with the note of its id.
    assert not [m for m in emulator.visible_messages(leaving.chat_id) if "Bring your passport" in (m.text or "")]
    async with app.sessions() as session:
        notes = await ChatMessageRepository(session).since(app.hasher.chat(leaving.chat_id), datetime.min.replace(tzinfo=UTC))
    assert notes == []


async def test_an_announcement_delivered_while_forget_deletes_the_chat_does_not_stay_in_it(
    volunteer_group, running_bot, emulator
) -> None:
    """The copy arrives, and its row is finished, after /forget read which messages to delete but
    before it erased the person: it must not stay in the chat /forget is clearing."""

    app = running_bot.app
    _, leaving, release = await announcement_on_its_way(emulator)
    network = await forget_held_at_deleting(emulator, leaving)  # /forget is deleting the chat's messages
    release.set()  # the copy arrives now
    await outbox_drained(app)  # and its row is finished (or, erased, it is taken back)
    network.set()
    await emulator.wait_for(lambda: any(first_line(m.text or "") == plain("en", "forget-done-title")
                                        for m in emulator.visible_messages(leaving.chat_id)), timeout=10)
    await emulator.wait_idle()
    assert [m for m in emulator.chat_history(leaving.chat_id) if "Bring your passport" in (m.text or "")], \
        "the copy really went out"
    assert not [m for m in emulator.visible_messages(leaving.chat_id) if "Bring your passport" in (m.text or "")]
    async with app.sessions() as session:
        notes = await ChatMessageRepository(session).since(app.hasher.chat(leaving.chat_id), datetime.min.replace(tzinfo=UTC))
    assert notes == []


async def announcement_on_its_way(emulator):
    """A coordinator's announcement to one person, its copy being sent: Telegram answers that
    sendMessage once the returned event is set. (coordinator, person, event)"""
    import asyncio

    coordinator = await onboarded(emulator, COORDINATOR_ID, "en")
    leaving = await opt_in(emulator, ENGLISH_IN, "en")
    arrived, release = asyncio.Event(), asyncio.Event()
    send = emulator._handlers["sendMessage"]

    async def slow_announcement(params: dict):
        if params.get("chat_id") == leaving.chat_id and "Bring your passport" in str(params.get("text")):
            arrived.set()
            await release.wait()
        result = send(params)
        return await result if hasattr(result, "__await__") else result

    emulator._handlers["sendMessage"] = slow_announcement
    await announcements_screen(coordinator)
    await coordinator.press("English")
    preview = newest(await send_formatted(coordinator, BODY, BOLD))
    await coordinator.press(plain("en", "coordinator-announce-send", count=1), preview, wait=False)
    await asyncio.wait_for(arrived.wait(), timeout=10)
    return coordinator, leaving, release
