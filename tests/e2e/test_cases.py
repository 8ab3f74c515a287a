"""Roles, triage, duress word, escalation, welfare check-in and erasure on the volunteers' side."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.case_cards import CaseAction
from storage.models import AuditEntry, Case, StaffMember
from tests.e2e.handoff_support import (
    COORDINATOR_ID,
    GROUP_ID,
    connected_user,
    enroll_volunteer,
    outbox_drained,
    topic_messages,
    topic_of,
)
from tests.e2e.test_faq import onboarded
from tests.support.screens import plain
from tests.support.telegram_client import GroupMember, UserClient, newest


async def the_case(app) -> Case:
    async with app.sessions() as session:
        return await session.scalar(select(Case).order_by(Case.id.desc()))


async def test_strangers_revoked_volunteers_and_forged_buttons_cannot_act(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 782000001)
    user = await connected_user(emulator, 642000001)
    thread = topic_of(emulator)
    await user.send_text("hello")
    card = next(m for m in topic_messages(emulator, thread) if m.inline_keyboard)

    stranger = GroupMember(emulator, GROUP_ID, 782000099, "Stranger")
    before = len(user.bot_messages())
    await stranger.send_text("I am from the embassy, tell me who you are", topic=thread)
    assert len(user.bot_messages()) == before, "a stranger's message never reaches the user"
    await stranger.press(plain("en", "cases-button-claim"), card)
    assert stranger.callback_answer()["text"] == plain("en", "cases-unavailable")
    [refusal] = await stranger.command("/close resolved", topic=thread)
    assert refusal.text == plain("en", "cases-unavailable")
    assert (await the_case(running_bot.app)).status == "open" and (await the_case(running_bot.app)).claimed_by is None

    # A forged button naming another case, pressed in this topic, is refused.
    other_user = await connected_user(emulator, 642000002)
    other_case = await the_case(running_bot.app)
    forged = CaseAction(action="resolve", case_id=other_case.id, value="resolved").pack()
    await volunteer.press_data(forged, card.message_id)
    assert volunteer.callback_answer()["text"] == plain("en", "cases-unavailable")
    assert (await the_case(running_bot.app)).status == "open"
    del other_user

    # Revocation takes effect on the next update.
    coordinator = UserClient(emulator, COORDINATOR_ID)
    listing = newest(await coordinator.command("/volunteers"))
    async with running_bot.app.sessions() as session:
        staff_id = await session.scalar(select(StaffMember.id).where(StaffMember.role == "volunteer"))
    await coordinator.press(plain("en", "staff-revoke", number=staff_id), listing)
    banned = [c.params for c in emulator.calls if c.method == "banChatMember" and c.ok]
    assert banned == [{"chat_id": GROUP_ID, "user_id": 782000001}], "out of the group too"
    await volunteer.send_text("still here", topic=thread)
    assert len(user.bot_messages()) == before
    await volunteer.press(plain("en", "cases-button-claim"), card)
    assert volunteer.callback_answer()["text"] == plain("en", "cases-unavailable")
    async with running_bot.app.sessions() as session:
        actions = [a.action for a in await session.scalars(select(AuditEntry))]
    assert "role_revoked" in actions and "invite_issued" in actions and "role_granted" in actions


async def test_staff_commands_do_not_exist_for_users_and_bad_codes_look_unknown(volunteer_group, running_bot, emulator) -> None:
    user = await onboarded(emulator, 642000010)
    unknown = newest(await user.command("/definitely-unknown")).text
    for command in ("/invite", "/volunteers", "/alias Spy", "/join", "/join AAAAAAAAAA", "/join 2345678923"):
        assert newest(await user.command(command)).text == unknown, command
    async with running_bot.app.sessions() as session:
        roles = list(await session.scalars(select(StaffMember.role)))
    assert roles == ["coordinator"], "only the configured coordinator; nobody became staff"


async def test_triage_makes_the_case_urgent_without_copying_words_into_the_card(volunteer_group, running_bot, emulator) -> None:
    user = await connected_user(emulator, 642000020)
    await user.send_text("Мне пришла повестка, вызывают в полицию")
    case = await the_case(running_bot.app)
    assert case.priority == "urgent"
    thread = topic_of(emulator)
    assert "🔴" in emulator.topics(GROUP_ID)[thread]["name"]
    assert any(plain("en", "cases-triage-summons") in (m.text or "") for m in topic_messages(emulator, thread))


async def set_duress_word(emulator, user_id: int, word: str = "blue teapot") -> UserClient:
    user = await onboarded(emulator, user_id)
    await user.command("/menu")
    await user.press(plain("en", "menu-handoff"))
    await user.press(plain("en", "handoff-duress"))
    await user.send_text(word)
    await user.command("/menu")
    return user


async def test_duress_word_answers_with_the_menu_and_silently_flags(volunteer_group, running_bot, emulator) -> None:
    user = await set_duress_word(emulator, 642000030)
    reply = newest(await user.send_text("Blue  Teapot"))
    assert reply.text.startswith(plain("en", "menu-title")) and plain("en", "menu-body") in reply.text
    case = await the_case(running_bot.app)
    assert case.subject == "duress" and case.priority == "urgent"
    assert all("duress" not in (m.text or "").lower() for m in user.bot_messages()[-2:])
    async with running_bot.app.sessions() as session:
        raw = await session.connection()
        dump = str([tuple(r) for r in (await raw.exec_driver_sql("SELECT * FROM duress_words")).fetchall()])
    assert "teapot" not in dump.lower()


async def test_unclaimed_urgent_case_escalates_and_unanswered_checkin_alerts(volunteer_group, running_bot, emulator, clock) -> None:
    await UserClient(emulator, COORDINATOR_ID).command("/start")  # a bot can only write to people who started it
    user = await connected_user(emulator, 642000040)
    await user.send_text("I want to kill myself")
    app = running_bot.app
    clock.advance(timedelta(seconds=app.settings.cases.escalate_after + 1))
    await app.watch_cases()
    await outbox_drained(app)
    general = [m for m in emulator.visible_messages(GROUP_ID) if m.message_thread_id is None and m.from_bot]
    case = await the_case(app)
    assert any(case.code in (m.text or "") for m in general)
    coordinator_messages = [m for m in emulator.visible_messages(COORDINATOR_ID) if m.from_bot]
    assert any(case.code in (m.text or "") for m in coordinator_messages)
    await app.watch_cases()  # once only
    await outbox_drained(app)
    assert len([m for m in emulator.visible_messages(GROUP_ID) if m.message_thread_id is None]) == len(general)

    clock.advance(timedelta(seconds=app.settings.cases.checkin_after))
    await app.watch_cases()
    await outbox_drained(app)
    question = user.last_bot_message()
    assert plain("en", "cases-checkin-question") in question.text
    clock.advance(timedelta(seconds=app.settings.cases.checkin_timeout + 1))
    await app.watch_cases()
    await outbox_drained(app)
    thread = topic_of(emulator)
    assert topic_messages(emulator, thread)[-1].text.endswith(plain("en", "cases-topic-checkin-unanswered"))


async def test_checkin_answer_reaches_the_topic_and_a_replay_is_refused(volunteer_group, running_bot, emulator, clock) -> None:
    await UserClient(emulator, COORDINATOR_ID).command("/start")
    user = await connected_user(emulator, 642000050)
    await user.send_text("Они пришли ко мне домой")
    app = running_bot.app
    clock.advance(timedelta(seconds=app.settings.cases.checkin_after + 1))
    await app.watch_cases()
    await outbox_drained(app)
    question = user.last_keyboard_message()
    safe = question.inline_keyboard[0][0]["callback_data"]
    await user.press(plain("en", "cases-checkin-safe"), question)
    await outbox_drained(app)
    thread = topic_of(emulator)
    notices = len(topic_messages(emulator, thread))
    assert topic_messages(emulator, thread)[-1].text.endswith(plain("en", "cases-topic-checkin-safe"))
    # The same answer again, or an answer naming someone else's case, changes nothing.
    await user.press_data(safe, question.message_id)
    await user.press_data(safe.replace(safe.split(":")[1], "999999"), question.message_id)
    await outbox_drained(app)
    assert len(topic_messages(emulator, thread)) == notices


async def test_forget_deletes_the_case_and_its_topic(volunteer_group, running_bot, emulator) -> None:
    user = await connected_user(emulator, 642000060)
    await user.send_text("please forget me later")
    thread = topic_of(emulator)
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    await outbox_drained(running_bot.app)
    assert emulator.topics(GROUP_ID)[thread]["deleted"]
    assert await the_case(running_bot.app) is None


async def test_papers_and_steps_offer_a_volunteer_sharing_only_what_they_name(volunteer_group, running_bot, emulator, clock) -> None:
    from bot.services.citizenship import STEP_CODES
    from bot.services.steps import StepsService
    from storage.repositories import UserRepository

    user = await onboarded(emulator, 642000070)
    await user.command("/menu")
    await user.press(plain("en", "menu-papers"))
    await user.press(plain("en", "papers-add"))
    await user.press(plain("en", "papers-kind-refugee"))
    expires = (clock.now() + timedelta(days=20)).date()
    await user.send_text(expires.isoformat())
    await user.press(plain("en", "papers-place-skip"))
    await user.press(plain("en", "papers-save"))
    urgent = newest(await user.press(plain("en", "papers-urgent")))
    assert plain("en", "papers-ask-volunteer-note") in urgent.text
    chat = newest(await user.press(plain("en", "papers-ask-volunteer")))
    assert plain("en", "handoff-chat-body").split("\n")[0] in chat.text
    case = await the_case(running_bot.app)
    assert (case.subject, case.priority) == ("papers", "high")
    card = next(m for m in topic_messages(emulator, topic_of(emulator)) if m.inline_keyboard)
    assert plain("en", "papers-kind-refugee") in card.text and expires.isoformat() in card.text

    # A stuck step: the same case gets the step added to its card.
    app = running_bot.app
    async with app.sessions() as session:
        profile = await UserRepository(session, app.cipher, app.hasher).find(user.chat_id)
        steps = StepsService(session, app.cipher, app.clock)
        await steps.save(profile.id, [STEP_CODES[0]])
        await steps.set_status(profile.id, STEP_CODES[0], "stuck")
    await user.command("/menu")
    await user.press(plain("en", "menu-steps"))
    await user.press(0)
    await user.press(plain("en", "steps-ask-volunteer"))
    await outbox_drained(app)
    step_name = plain("en", f"steps-item-{STEP_CODES[0]}-name")
    assert any(step_name in (m.text or "") for m in topic_messages(emulator, topic_of(emulator)))


async def test_risky_words_in_a_search_offer_a_volunteer_and_open_nothing_unasked(volunteer_group, running_bot, emulator) -> None:
    user = await onboarded(emulator, 642000080)
    replies = await user.send_text("мне пришла повестка что делать")
    offer = next(m for m in replies if plain("en", "handoff-urgent-offer-button") in user.buttons(m) or m.inline_keyboard
                 and m.inline_keyboard[0][0]["text"] == plain("en", "handoff-urgent-offer-button"))
    assert plain("en", "handoff-urgent-offer").split(".")[0] in offer.text
    assert await the_case(running_bot.app) is None, "no case until the user asks"
    await user.press(plain("en", "handoff-urgent-offer-button"), offer)
    case = await the_case(running_bot.app)
    assert (case.subject, case.priority) == ("triage", "urgent")
    assert plain("en", "handoff-chat-body").split("\n")[0] in user.last_bot_message().text or any(
        plain("en", "handoff-chat-body").split("\n")[0] in (m.text or "") for m in user.bot_messages())


async def test_a_search_that_finds_nothing_offers_a_volunteer(volunteer_group, running_bot, emulator) -> None:
    user = await onboarded(emulator, 642000090)
    nothing = newest(await user.send_text("zqxw blorf vintage harmonica"))
    assert plain("en", "faq-search-none").split("\n")[0] in nothing.text
    intro = newest(await user.press(plain("en", "faq-ask-volunteer"), nothing))
    assert plain("en", "handoff-connect") in user.buttons(intro)
    assert await the_case(running_bot.app) is None, "nothing opens before the user connects"


async def test_an_answer_offers_a_volunteer_and_leads_into_the_handoff(volunteer_group, running_bot, emulator) -> None:
    """FAQ answers tell people to ask a volunteer: the answer itself offers the way, the same
    hand-off the main menu opens."""
    user = await onboarded(emulator, 642000091)
    await user.press(plain("en", "menu-faq"))
    await user.press(plain("en", "faq-topic-renewal"))
    answer = newest(await user.press(plain("en", "faq-item-renewal-deadlines-question")))
    intro = newest(await user.press(plain("en", "faq-ask-volunteer"), answer))
    assert plain("en", "handoff-connect") in user.buttons(intro)
    assert await the_case(running_bot.app) is None, "nothing opens before the user connects"
    await user.press(plain("en", "handoff-connect"), intro)
    assert (await the_case(running_bot.app)).subject == "person"
    await user.send_text("I missed the five days")
    await outbox_drained(running_bot.app)
    assert any("I missed the five days" in (m.text or "") for m in topic_messages(emulator, topic_of(emulator)))


async def test_an_answer_offers_no_volunteer_when_none_can_be_reached(running_bot, emulator) -> None:
    user = await onboarded(emulator, 642000092)   # no volunteers' group configured
    await user.press(plain("en", "menu-faq"))
    await user.press(plain("en", "faq-topic-renewal"))
    answer = newest(await user.press(plain("en", "faq-item-renewal-deadlines-question")))
    assert plain("en", "faq-helpful-yes") in user.buttons(answer)
    assert plain("en", "faq-ask-volunteer") not in user.buttons(answer)


async def test_only_the_taker_or_a_coordinator_lowers_or_closes_a_case(volunteer_group, running_bot, emulator) -> None:
    """An informant posing as a volunteer cannot silence a duress alarm: not in a case another
    volunteer took, and not without taking it first under their own alias (then it is on record)."""
    trusted = await enroll_volunteer(emulator, 782000061, alias="Aigul")
    informant = await enroll_volunteer(emulator, 782000062, alias="Bolat")
    user = await set_duress_word(emulator, 642000061)
    await user.send_text("blue teapot")
    thread = topic_of(emulator)
    card = next(m for m in topic_messages(emulator, thread) if m.inline_keyboard)
    refused = plain("en", "cases-manage-refused")

    # Nobody took it yet: lowering or closing the alarm is refused, by command and by button.
    [reply] = await informant.command("/priority normal", topic=thread)
    assert reply.text == refused
    [reply] = await informant.command("/close resolved", topic=thread)
    assert reply.text == refused
    await informant.press_data(CaseAction(action="resolve", case_id=(await the_case(running_bot.app)).id,
                                          value="resolved").pack(), card.message_id)
    assert informant.callback_answer()["text"] == refused
    case = await the_case(running_bot.app)
    assert (case.priority, case.status, case.escalated_at) == ("urgent", "open", None)

    # Taken by a trusted volunteer: the other one can change nothing, not even raise it.
    await trusted.command("/claim", topic=thread)
    for command in ("/priority normal", "/priority high", "/close resolved"):
        [reply] = await informant.command(command, topic=thread)
        assert reply.text == refused, command
    case = await the_case(running_bot.app)
    assert (case.priority, case.status) == ("urgent", "open")

    # The coordinator may; so may the volunteer who took it.
    coordinator = GroupMember(emulator, GROUP_ID, COORDINATOR_ID, "Coordinator")
    await coordinator.command("/priority high", topic=thread)
    assert (await the_case(running_bot.app)).priority == "high"
    await trusted.command("/close resolved", topic=thread)
    assert (await the_case(running_bot.app)).status == "closed"


async def test_anyone_may_raise_a_case_nobody_took_but_only_its_taker_lowers_it_from_urgent(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 782000071)
    await connected_user(emulator, 642000071)
    thread = topic_of(emulator)
    await volunteer.command("/priority urgent", topic=thread)
    assert (await the_case(running_bot.app)).priority == "urgent"
    [reply] = await volunteer.command("/priority normal", topic=thread)
    assert reply.text == plain("en", "cases-manage-refused"), "once urgent, lowering needs taking it"


async def test_forget_leaves_no_topic_even_with_a_message_waiting_to_be_copied(volunteer_group, running_bot, emulator, clock) -> None:
    """A message of the person still waiting for a retry must not make their deleted topic anew
    (with the card and the message) while /forget runs."""
    import asyncio

    from bot.emulator.server import Fault

    user = await connected_user(emulator, 642000081)
    await user.send_text("hello")
    thread = topic_of(emulator)
    emulator.faults = lambda method, params: (
        Fault.server_error(502) if method == "copyMessage" and params.get("chat_id") == GROUP_ID else None)
    await user.send_text("my secret")  # accepted; its copy waits for a retry after Telegram's hiccup
    emulator.faults = None

    network = asyncio.Event()
    emulator.hold("deleteMessages", network)  # erasing the chat takes a while
    calls_before = len(emulator.calls)
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"), wait=False)
    await emulator.wait_for(lambda: emulator.topics(GROUP_ID)[thread]["deleted"], timeout=10)
    clock.advance(timedelta(seconds=5))  # the copy's retry is due while the erasure still runs
    running_bot.app.outbox_ready.set()
    await asyncio.sleep(1.0)
    network.set()
    await emulator.wait_idle(timeout=30)
    await outbox_drained(running_bot.app)

    live = {t: [m.text for m in topic_messages(emulator, t)] for t, topic in emulator.topics(GROUP_ID).items()
            if not topic["deleted"]}
    assert live == {}, "the erased person's messages are still in the volunteers' group"
    assert not any(c.method == "createForumTopic" for c in emulator.calls[calls_before:])


async def test_forget_while_the_topic_is_being_made_leaves_no_topic(volunteer_group, running_bot, emulator, clock) -> None:
    """The topic of the person's first message is being made when they erase their data: once
    made, it finds its case gone and is deleted again, through the outbox, which retries when
    Telegram fails the deletion once."""
    import asyncio

    from bot.emulator.server import Fault

    failed = []

    def fail_the_first_deletion(method: str, params: dict):
        if method == "deleteForumTopic" and not failed:
            failed.append(method)
            return Fault.server_error(502)
        return None

    user = await onboarded(emulator, 642000091)
    await user.command("/menu")
    await user.press(plain("en", "menu-handoff"))
    network = asyncio.Event()
    emulator.hold("createForumTopic", network)
    await user.press(plain("en", "handoff-connect"), wait=False)
    await emulator.wait_for(lambda: any(c.method == "createForumTopic" for c in emulator.calls))
    await user.forget_while_busy()
    emulator.faults = fail_the_first_deletion
    network.set()
    await emulator.wait_for(lambda: failed)
    emulator.faults = None
    for _ in range(3):  # the retry's back-off, on the test's clock
        clock.advance(timedelta(seconds=30))
        running_bot.app.outbox_ready.set()
        await emulator.wait_idle(timeout=30)
        await outbox_drained(running_bot.app)
    made = emulator.topics(GROUP_ID)
    assert made and all(topic["deleted"] for topic in made.values()), made
