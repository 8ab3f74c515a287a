"""The authorisation matrix: every staff command and button, tried by a user, a volunteer, a
revoked volunteer, a coordinator and a stranger in the group. What is refused changes nothing
and says nothing more than "not available" or "unknown command"."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.routers.coordinators.common import Co
from bot.routers.private.staff import StaffAction
from bot.services.case_cards import CaseAction
from storage.models import Case, StaffMember
from tests.e2e.handoff_support import (
    COORDINATOR_ID,
    GROUP_ID,
    connected_user,
    enroll_volunteer,
    outbox_drained,
    topic_messages,
    topic_of,
)
from tests.support.screens import plain
from tests.support.telegram_client import GroupMember, UserClient, newest

ACTORS = ("user", "volunteer", "revoked", "coordinator", "stranger")
# Who may do what: in the group (commands and card buttons), and in a private chat.
GROUP_ALLOWED = {"volunteer", "coordinator"}
PRIVATE_ALLOWED = {"/alias Nick": {"volunteer", "coordinator"}, "/invite": {"coordinator"},
                   "/volunteers": {"coordinator"}, "/faqadmin": {"coordinator"}}


@dataclass
class World:
    user: UserClient
    thread: int
    card_id: int
    case_id: int
    ids: dict[str, int]


async def build_world(emulator, app) -> World:
    await UserClient(emulator, COORDINATOR_ID).command("/start")
    await enroll_volunteer(emulator, 790000001)
    await enroll_volunteer(emulator, 790000002)
    coordinator = UserClient(emulator, COORDINATOR_ID)
    listing = newest(await coordinator.command("/volunteers"))
    async with app.sessions() as session:
        revoked_id = await session.scalar(select(StaffMember.id).where(StaffMember.role == "volunteer")
                                          .order_by(StaffMember.id.desc()))
    await coordinator.press(plain("en", "staff-revoke", number=revoked_id), listing)
    user = await connected_user(emulator, 690000001)
    await user.send_text("hello")
    await outbox_drained(app)
    thread = topic_of(emulator)
    card = next(m for m in topic_messages(emulator, thread) if m.inline_keyboard)
    async with app.sessions() as session:
        case_id = await session.scalar(select(Case.id))
    ids = {"user": 690000001, "volunteer": 790000001, "revoked": 790000002, "coordinator": COORDINATOR_ID,
           "stranger": 790000099}
    return World(user, thread, card.message_id, case_id, ids)


async def case_state(app) -> tuple:
    async with app.sessions() as session:
        case = await session.scalar(select(Case))
        return case.status, case.priority, case.claimed_by


@pytest.mark.parametrize("actor", ACTORS)
async def test_group_commands_and_buttons(actor: str, volunteer_group, running_bot, emulator) -> None:
    app = running_bot.app
    world = await build_world(emulator, app)
    member = GroupMember(emulator, GROUP_ID, world.ids[actor], actor)
    before_state, before_user = await case_state(app), len(world.user.bot_messages())
    allowed = actor in GROUP_ALLOWED

    replies = await member.send_text("a message meant for the person", topic=world.thread)
    await outbox_drained(app)
    reached = len(world.user.bot_messages()) > before_user
    assert reached == allowed, f"{actor}: relay"
    assert not replies or allowed, f"{actor}: a stranger's message gets no answer at all"

    for command in ("/card", "/note checked", "/faq renew", "/priority high", "/release", "/claim",
                    "/close resolved"):
        answer = await member.command(command, topic=world.thread)
        if not allowed:
            assert [m.text for m in answer] == [plain("en", "cases-unavailable")], f"{actor}: {command}"
    buttons = [CaseAction(action="claim", case_id=world.case_id), CaseAction(action="priority", case_id=world.case_id,
               value="urgent"), CaseAction(action="resolve", case_id=world.case_id, value="resolved")]
    for data in buttons:
        await member.press_data(data.pack(), world.card_id)
        if not allowed:
            assert member.callback_answer()["text"] == plain("en", "cases-unavailable"), f"{actor}: {data}"
    await outbox_drained(app)
    after_state = await case_state(app)
    if allowed:
        assert after_state[0] == "closed", f"{actor} could close the case"
    else:
        assert after_state == before_state, f"{actor} changed the case"
        assert len(world.user.bot_messages()) == before_user, f"{actor} reached the user"


@pytest.mark.parametrize("actor", ["user", "volunteer", "revoked", "coordinator"])
async def test_private_staff_commands_and_forged_buttons(actor: str, volunteer_group, running_bot, emulator) -> None:
    app = running_bot.app
    world = await build_world(emulator, app)
    person = world.user if actor == "user" else UserClient(emulator, world.ids[actor])
    await person.command("/menu")
    unknown = newest(await person.command("/no-such-command")).text
    for command, allowed_for in PRIVATE_ALLOWED.items():
        answer = newest(await person.command(command)).text
        if actor in allowed_for:
            assert answer != unknown, f"{actor}: {command} should work"
        else:
            assert answer == unknown, f"{actor}: {command} must look unknown"
    # Forged coordinator buttons: revoke the other volunteer, or act on the FAQ.
    async with app.sessions() as session:
        volunteer_staff = await session.scalar(select(StaffMember.id).where(StaffMember.role == "volunteer",
                                                                            StaffMember.active.is_(True)))
    if actor == "coordinator":
        return  # their buttons are theirs to press (tests/e2e/test_coordinators.py, test_cases.py)
    screen = person.last_bot_message()
    for data in (StaffAction(action="revoke", staff_id=volunteer_staff).pack(), Co(a="del", i=1).pack()):
        await person.press_data(data, screen.message_id)
        assert person.callback_answer()["text"] in (plain("en", "errors-button-expired"),
                                                    plain("en", "errors-unavailable")), data
    async with app.sessions() as session:
        still_active = await session.scalar(select(StaffMember.active).where(StaffMember.id == volunteer_staff))
    assert still_active, f"{actor} revoked a volunteer with a forged button"
