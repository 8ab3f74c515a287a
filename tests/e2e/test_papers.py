"""My papers: add (calendar and typed date), bad dates, list/edit/delete, reminders end to end."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date as babel_format
from sqlalchemy import func, select

from bot.i18n import format_date
from bot.services.papers import DEFAULT_SETTINGS, at_local_hour, local_today, plan
from bot.services.reminders import as_utc
from storage.models import Paper, Reminder, UserSettings
from tests.e2e.test_faq import onboarded
from tests.support.forget import forget_held_at_deleting
from tests.support.screens import OFFERED, first_line, plain
from tests.support.telegram_client import UserClient, newest


def dotted(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


async def open_papers(user: UserClient, locale: str = "en"):
    await user.command("/menu")
    return newest(await user.press(plain(locale, "menu-papers")))


async def add_typed(user: UserClient, kind: str, day: date, place: str | None = None, locale: str = "en"):
    await user.press(plain(locale, "papers-add"))
    await user.press(plain(locale, f"papers-kind-{kind}"))
    await user.send_text(day.isoformat())
    if place is None:
        await user.press(plain(locale, "papers-place-skip"))
    else:
        await user.send_text(place)
    return newest(await user.press(plain(locale, "papers-save")))


async def count(app, model, *where) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def pending_reminders(app) -> list[Reminder]:
    async with app.sessions() as session:
        return list(await session.scalars(select(Reminder).where(Reminder.status == "pending").order_by(Reminder.due_at)))


def all_callback_data(emulator, chat_id: int) -> list[str]:
    return [b["callback_data"] for m in emulator.chat_history(chat_id) for row in m.inline_keyboard
            for b in row if "callback_data" in b]


async def test_add_by_calendar_and_typed_date_then_list_edit_delete(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 640000001)
    today = local_today(clock.now(), DEFAULT_SETTINGS.tz)
    empty = await open_papers(user)
    assert first_line(empty.text) == plain("en", "papers-title")
    assert plain("en", "papers-list-empty").split("\n")[0] in empty.text

    # 1. Calendar: next month, the 15th.
    await user.press(plain("en", "papers-add"))
    calendar = newest(await user.press(plain("en", "papers-kind-asylum-seeker")))
    assert plain("en", "papers-date-body") in calendar.text
    next_month = next(b for b in user.buttons(calendar) if b.endswith("▶"))
    shown = newest(await user.press(next_month))
    chosen = (today.replace(day=1) + timedelta(days=32)).replace(day=15)
    assert f"🗓 {babel_format(chosen, 'LLLL y', locale='en')}" in user.buttons(shown)
    place = newest(await user.press("15"))
    assert plain("en", "papers-place-body") in place.text
    confirm = newest(await user.send_text("Almaty, <office> on Abai street"))
    assert "&lt;office&gt;" not in confirm.text and "<office>" in confirm.text  # escaped once, shown as typed
    assert plain("en", "papers-field-expires", date=format_date("en", chosen)) in confirm.text
    view = newest(await user.press(plain("en", "papers-save")))
    first = len(plan(chosen, DEFAULT_SETTINGS, clock.now()))
    assert len(await pending_reminders(running_bot.app)) == first
    assert plain("en", "papers-field-kind", kind=plain("en", "papers-kind-asylum-seeker")) in view.text
    assert plain("en", "papers-guide") in user.buttons(view)

    guide = newest(await user.press(plain("en", "papers-guide")))
    assert "Order No. 118" in guide.text and plain("en", "papers-sources") in guide.text
    assert plain("en", "papers-verified", date=format_date("en", date(2026, 11, 22))) in guide.text
    await user.press(plain("en", "common-back"))
    urgent = newest(await user.press(plain("en", "papers-urgent")))
    assert "KIBHR" in urgent.text and "volunteer" in urgent.text.lower()
    assert not any("volunteer" in b.lower() for b in user.buttons(urgent))  # no group configured: no such button
    await user.press(plain("en", "common-back"))
    listing = newest(await user.press(plain("en", "common-back")))
    assert len([b for b in user.buttons(listing) if "·" in b]) == 1

    # 2. Typed date, after bad ones that each keep the date screen.
    await user.press(plain("en", "papers-add"))
    await user.press(plain("en", "papers-kind-kandas"))
    for text, reason in [("31.02.2027", "impossible"), (dotted(today - timedelta(days=1)), "past"),
                         ("01.01.1900", "too-old"), ("next spring", "format"),
                         (dotted(today.replace(year=today.year + 21)), "too-far")]:
        answer = await user.send_text(text)
        assert any(plain("en", f"papers-date-{reason}") in m.text for m in answer)
        assert plain("en", "papers-date-body") in newest(answer).text  # the same screen again
    expires = today + timedelta(days=40)
    await user.send_text(dotted(expires))
    await user.press(plain("en", "papers-place-skip"))
    view = newest(await user.press(plain("en", "papers-save")))
    assert format_date("en", expires) in view.text
    assert len(await pending_reminders(running_bot.app)) == first + 3

    # Edit: a new date replans the reminders.
    await user.press(plain("en", "papers-edit-date"))
    renewed = today + timedelta(days=5)
    view = newest(await user.send_text(renewed.isoformat()))
    assert format_date("en", renewed) in view.text
    assert plain("en", "papers-days-left", days=5) in view.text
    assert len(await pending_reminders(running_bot.app)) == first + 1  # only the 1-day stage is ahead

    # Delete.
    await user.press(plain("en", "papers-delete"))
    listing = newest(await user.press(plain("en", "papers-delete-confirm")))
    assert len([b for b in user.buttons(listing) if "·" in b]) == 1
    assert await count(running_bot.app, Paper) == 1
    assert len(await pending_reminders(running_bot.app)) == first

    # At rest: nothing readable.
    async with running_bot.app.sessions() as session:
        blobs = list(await session.scalars(select(Paper.sealed)))
    assert all(b"Almaty" not in blob and b"asylum" not in blob for blob in blobs)
    assert all(len(d.encode()) <= 64 for d in all_callback_data(emulator, user.chat_id))


@pytest.mark.parametrize("locale", ["ru", "ug"])
async def test_calendar_labels_are_in_the_users_language(locale: str, running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 640000010 + len(locale), locale)
    await open_papers(user, locale)
    await user.press(plain(locale, "papers-add"))
    calendar = newest(await user.press(plain(locale, "papers-kind-refugee")))
    today = local_today(clock.now(), DEFAULT_SETTINGS.tz)
    buttons = user.buttons(calendar)
    assert f"🗓 {babel_format(today, 'LLLL y', locale=locale)}" in buttons
    assert babel_format(date(2018, 1, 1), "cccccc", locale=locale) in buttons  # Monday, in the language
    assert f"[{today.day}]" in buttons
    # A forged day outside the allowed range is refused, and the screen stays.
    day_data = next(d for d in all_callback_data(emulator, user.chat_id) if d.endswith(":_"))
    forged = day_data[:-1] + "86400"  # 2 January 1970
    await user.press_data(forged, calendar.message_id)
    assert user.callback_answer()["text"] == plain(locale, "errors-unavailable")
    await user.send_text("1.1.2000")
    assert plain(locale, "papers-date-body") in user.last_keyboard_message().text


# Each date written the locale's way may contain a comma itself ("November 22, 2026",
# "22-نويابىر، 2026"): the dates of a list are kept apart by a mark the dates do not use.
LIST_SEPARATORS = {"en": "; ", "ru": ", ", "kk": ", ", "ug": "؛ "}


@pytest.mark.parametrize("locale", OFFERED)
async def test_reminder_dates_are_listed_with_the_locales_own_separator(locale: str, running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 640000050 + len(locale), locale)
    await open_papers(user, locale)
    expires = local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=200)
    view = await add_typed(user, "refugee", expires, locale=locale)
    due = [as_utc(r.due_at).astimezone(ZoneInfo(DEFAULT_SETTINGS.tz)).date() for r in await pending_reminders(running_bot.app)]
    assert len(due) == 3
    dates = LIST_SEPARATORS[locale].join(format_date(locale, day) for day in due)
    assert plain(locale, "papers-reminders-on", dates=dates) in view.text


async def test_typed_place_is_isolated_in_a_right_to_left_locale(running_bot, emulator, clock) -> None:
    """A Latin or Cyrillic place inside a Uyghur line is isolated like every other variable,
    or its words and punctuation reorder with the sentence around it."""
    user = await onboarded(emulator, 640000060, "ug")
    await open_papers(user, "ug")
    await user.press(plain("ug", "papers-add"))
    await user.press(plain("ug", "papers-kind-residence"))
    await user.send_text((local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=90)).isoformat())
    place = "ЦОН, Abai 5 <2>"
    confirm = newest(await user.send_text(place))
    view = newest(await user.press(plain("ug", "papers-save")))
    for screen in (confirm, view):
        [line] = [line for line in screen.text.split("\n") if place in line]
        assert line == plain("ug", "papers-field-place", place=place), line
        assert f"\u2068{place}\u2069" in line


@pytest.fixture
def fast_reminders(monkeypatch) -> None:
    monkeypatch.setenv("REMINDER_INTERVAL_SECONDS", "0.1")


async def test_reminder_delivered_by_the_running_bot_across_a_restart_and_its_buttons(
    fast_reminders, running_bot, emulator, clock
) -> None:
    user = await onboarded(emulator, 640000020)
    await open_papers(user)
    expires = local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=10)
    await add_typed(user, "refugee", expires)
    [seven, one] = await pending_reminders(running_bot.app)
    assert (seven.stage, one.stage) == (7, 1)
    due = at_local_hour(expires - timedelta(days=7), "Asia/Almaty")

    # The bot stops, the due time passes, and it starts again: the reminder comes, once.
    await running_bot.stop()
    clock.advance(due - clock.now() + timedelta(minutes=1))
    await running_bot.start()

    def reminders_in_chat():
        return [m for m in emulator.visible_messages(user.chat_id)
                if m.from_bot and first_line(m.text) == plain("en", "reminders-title")]

    [reminder] = await emulator.wait_for(reminders_in_chat, timeout=10)
    assert plain("en", "reminders-days-left", days=7) in reminder.text
    await emulator.wait_for(lambda: not emulator.busy())
    await running_bot.app.reminder_scheduler().run_due(clock.now())  # another round: nothing more
    assert len(reminders_in_chat()) == 1

    # Someone else pressing a button with this reminder's id is refused.
    other = await onboarded(emulator, 640000021)
    own_message = other.last_keyboard_message()
    for data in (reminder.inline_keyboard[2][0]["callback_data"], "rem:s:999999", "rem:x:1", "rem:s:-1"):
        await other.press_data(data, own_message.message_id)
        assert other.callback_answer()["text"] == plain("en", "errors-unavailable"), data
    assert [r.status for r in await pending_reminders(running_bot.app)] == ["pending"]

    # Remind me tomorrow: one more reminder, and the buttons leave the message.
    await user.press(plain("en", "reminders-tomorrow"), reminder)
    assert user.callback_answer()["text"].startswith("I will remind you on")
    assert emulator.message(user.chat_id, reminder.message_id).inline_keyboard == []
    assert [r.stage for r in await pending_reminders(running_bot.app)] == [-1, 1]

    # The next day's reminder: "renewed: new date" opens the date screen for that paper.
    clock.advance(timedelta(days=1))
    [_, snoozed] = await emulator.wait_for(lambda: len(reminders_in_chat()) == 2 and reminders_in_chat(), timeout=10)
    await emulator.wait_for(lambda: not emulator.busy())
    date_screen = newest(await user.press(plain("en", "reminders-renewed"), snoozed))
    assert plain("en", "papers-date-body") in date_screen.text
    assert date_screen.message_id != snoozed.message_id  # the reminder itself stays as it was
    assert first_line(emulator.message(user.chat_id, snoozed.message_id).text) == plain("en", "reminders-title")
    new_expiry = local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=200)
    view = newest(await user.send_text(dotted(new_expiry)))
    assert format_date("en", new_expiry) in view.text
    assert [r.stage for r in await pending_reminders(running_bot.app)] == [30, 7, 1]

    # Stop reminders from the reminder message.
    await running_bot.app.reminder_scheduler().run_due(at_local_hour(new_expiry - timedelta(days=30), "Asia/Almaty"))
    latest = reminders_in_chat()[-1]
    await user.press(plain("en", "reminders-stop"), latest)
    assert user.callback_answer()["text"] == plain("en", "reminders-stopped")
    assert await pending_reminders(running_bot.app) == []


async def test_settings_change_days_and_time_zone(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 640000030)
    await open_papers(user)
    expires = local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=60)
    await add_typed(user, "humanitarian", expires)
    await user.press(plain("en", "common-back"))
    settings = newest(await user.press(plain("en", "papers-settings")))
    assert "30, 7, 1" in settings.text and "Asia/Almaty" in settings.text
    answer = await user.send_text("every day please")
    assert any(plain("en", "papers-settings-bad") in m.text for m in answer)
    settings = newest(await user.send_text("14, 3"))
    assert "14, 3" in settings.text
    settings = newest(await user.press("Europe/Berlin"))
    assert "Europe/Berlin" in settings.text
    await user.press("Europe/Berlin")  # the zone already set: the screen stays as it is
    assert [c.error for c in emulator.calls if c.error] == []  # no edit that changes nothing (found by the fuzz test)
    stages = await pending_reminders(running_bot.app)
    assert [r.stage for r in stages] == [14, 3]
    berlin_due = at_local_hour(expires - timedelta(days=14), "Europe/Berlin")
    assert stages[0].due_at.replace(tzinfo=UTC) == berlin_due


async def test_forget_removes_papers_reminders_and_settings(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 640000040)
    other = await onboarded(emulator, 640000041)
    for person in (user, other):
        await open_papers(person)
        await add_typed(person, "residence", local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=90), "Bishkek")
    await user.press(plain("en", "common-back"))
    await user.press(plain("en", "papers-settings"))
    await user.send_text("10")
    assert await count(running_bot.app, UserSettings) == 1
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    assert await count(running_bot.app, Paper) == 1  # the other person's
    assert await count(running_bot.app, UserSettings) == 0
    assert len(await pending_reminders(running_bot.app)) == 3


async def test_a_reminder_failing_unexpectedly_is_given_up_after_the_last_attempt(running_bot, emulator, clock) -> None:
    """Not only Telegram's errors count: a reminder that fails any other way (here its paper no
    longer opens) is tried MAX_ATTEMPTS times, once per lease, then marked failed."""
    from sqlalchemy import update

    from bot.services.reminders import LEASE, MAX_ATTEMPTS

    user = await onboarded(emulator, 640000050)
    await open_papers(user)
    expires = local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=10)
    await add_typed(user, "refugee", expires)
    async with running_bot.app.sessions() as session:
        await session.execute(update(Paper).values(sealed=b"\x01broken"))
        await session.commit()
    moment = at_local_hour(expires - timedelta(days=7), "Asia/Almaty")
    for _ in range(MAX_ATTEMPTS + 2):
        await running_bot.app.reminder_scheduler().run_due(moment)
        moment += LEASE + timedelta(seconds=1)
    async with running_bot.app.sessions() as session:
        seven = await session.scalar(select(Reminder).where(Reminder.stage == 7))
    assert (seven.status, seven.attempts) == ("failed", MAX_ATTEMPTS)


async def test_a_reminder_on_its_way_during_forget_does_not_stay_in_the_chat(
    fast_reminders, running_bot, emulator, clock
) -> None:
    """/forget completes while a reminder (it names the kind of paper) is being sent: the reminder
    arrives after the chat was cleared, so the bot deletes it again, and keeps no trace of it."""
    from storage.models import ChatMessage

    user = await onboarded(emulator, 640000060)
    release = await reminder_on_its_way(user, emulator, clock)
    await user.forget_while_busy()
    release.set()
    await emulator.wait_idle(quiet=0.5)
    reminders = reminders_sent(emulator, user)
    assert len(reminders) == 1, "the reminder really went out"
    assert [m for m in emulator.visible_messages(user.chat_id) if m.message_id in reminders] == []
    assert await count(running_bot.app, ChatMessage) == 0


async def test_a_reminder_marked_sent_while_forget_deletes_the_chat_does_not_stay_in_it(
    fast_reminders, running_bot, emulator, clock
) -> None:
    """The reminder arrives, and is marked sent, after /forget read which messages to delete but
    before it erased the user: neither /forget's list nor the "paper gone" check after the send
    covered it, so it stayed in the chat /forget had just cleared."""

    from storage.models import ChatMessage

    user = await onboarded(emulator, 640000061)
    release = await reminder_on_its_way(user, emulator, clock)
    network = await forget_held_at_deleting(emulator, user)  # /forget is deleting the chat's messages

    release.set()  # the reminder arrives now

    async def reminder_done() -> bool:
        [reminder] = reminders_sent(emulator, user) or [None]
        if reminder is None:
            return False
        if reminder not in {m.message_id for m in emulator.visible_messages(user.chat_id)}:
            return True  # taken back
        async with running_bot.app.sessions() as session:  # or its sending finished: marked sent
            return await session.scalar(select(func.count()).select_from(Reminder)
                                        .where(Reminder.status == "sent")) == 1

    await emulator.wait_for(reminder_done, timeout=10)
    network.set()
    await emulator.wait_for(lambda: any(first_line(m.text or "") == plain("en", "forget-done-title")
                                        for m in emulator.visible_messages(user.chat_id)), timeout=10)
    await emulator.wait_idle(quiet=0.5)
    reminders = reminders_sent(emulator, user)
    assert len(reminders) == 1, "the reminder really went out"
    assert [m.message_id for m in emulator.visible_messages(user.chat_id) if m.message_id in reminders] == []
    assert await count(running_bot.app, ChatMessage) == 0
    assert await count(running_bot.app, Reminder) == 0


async def reminder_on_its_way(user: UserClient, emulator, clock):
    """A paper whose first reminder is due and being sent: Telegram answers the sendMessage once
    the returned event is set."""
    import asyncio

    await open_papers(user)
    expires = local_today(clock.now(), DEFAULT_SETTINGS.tz) + timedelta(days=10)
    await add_typed(user, "refugee", expires)
    arrived, release = asyncio.Event(), asyncio.Event()
    send = emulator._handlers["sendMessage"]

    async def slow_reminder(params: dict):
        if "rem:" in str(params.get("reply_markup")):  # a reminder (its buttons)
            arrived.set()
            await release.wait()
        result = send(params)
        return await result if hasattr(result, "__await__") else result

    emulator._handlers["sendMessage"] = slow_reminder
    clock.advance(at_local_hour(expires - timedelta(days=7), "Asia/Almaty") - clock.now() + timedelta(minutes=1))
    await asyncio.wait_for(arrived.wait(), timeout=10)
    return release


def reminders_sent(emulator, user: UserClient) -> list[int]:
    return [m.message_id for m in emulator.chat_history(user.chat_id)
            if m.from_bot and first_line(m.text or "") == plain("en", "reminders-title")]
