"""A user talks to a volunteer through a case topic: relay by copy both ways, edits, notes, close, reopen."""

from __future__ import annotations

import pytest
import telegram
from sqlalchemy import select

from bot.routers.private.staff import MAX_ALIAS
from storage.cases import StaffRepository
from storage.models import AuditEntry, Case, RelayLink
from tests.e2e.handoff_support import (
    GROUP_ID,
    connected_user,
    enroll_volunteer,
    outbox_drained,
    topic_messages,
    topic_of,
)
from tests.support.screens import plain
from tests.support.telegram_client import UserClient


async def test_round_trip_by_copy_with_media_edits_and_notes(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 780000001, alias="Aigul")
    user = await connected_user(emulator, 640100001)
    thread = topic_of(emulator)
    topic = emulator.topics(GROUP_ID)[thread]
    assert "C-" in topic["name"] and "Test" not in topic["name"]
    card = topic_messages(emulator, thread)[0]
    assert card.inline_keyboard, "the topic opens with the case card and its buttons"

    # User -> topic: text, photo, document, voice, a forwarded threat; all copies, in order.
    await user.send_text("Hello, I need help")
    await user.send_photo(b"\xff\xd8 screenshot bytes", caption="screenshot")
    await user.send_document("letter.pdf", b"%PDF summons")
    await user.send_voice(b"OggS voice")
    await user.forward_text("You must come back", hidden_sender="Unknown Officer")
    relayed = topic_messages(emulator, thread)[-6:]  # the forwarded one comes after a note on its origin
    assert [m.kind for m in relayed] == ["text", "photo", "document", "voice", "text", "text"]
    assert relayed[0].text == "Hello, I need help" and relayed[-1].text == "You must come back"
    assert all(m.forward_origin is None for m in topic_messages(emulator, thread)), "copied, never forwarded"
    assert any("Unknown Officer" in (m.text or "") for m in topic_messages(emulator, thread))

    # Topic -> user: text and photo, shown as the alias only.
    replies = await volunteer.send_text("Hello, I am here. <b>not bold</b>", topic=thread)
    assert not replies or all(r.chat_id == GROUP_ID for r in replies)
    last = user.last_bot_message()
    assert last.text.startswith("💬 Aigul") and "<b>not bold</b>" in last.text and last.forward_origin is None
    await volunteer.send_photo(b"\x89PNG guide", topic=thread, caption="the guide")
    last = user.last_bot_message()
    assert last.kind == "photo" and last.text.startswith("💬 Aigul") and "the guide" in last.text

    # A note stays in the topic.
    before = len(user.bot_messages())
    await volunteer.command("/note she sounds scared", topic=thread)
    assert len(user.bot_messages()) == before

    # Edits follow both ways.
    user_text = next(m for m in emulator.chat_history(user.chat_id) if not m.from_bot and m.text == "Hello, I need help")
    await user.edit_text(user_text.message_id, "Hello, I need help urgently")
    assert any("Hello, I need help urgently" in (m.text or "") for m in topic_messages(emulator, thread))
    volunteer_text = next(m for m in emulator.chat_history(GROUP_ID) if not m.from_bot and (m.text or "").startswith("Hello, I am"))
    await volunteer.edit_text(volunteer_text.message_id, "Hello, I am here now")
    assert any("Hello, I am here now" in (m.text or "") for m in user.bot_messages())

    async with running_bot.app.sessions() as session:
        case = await session.scalar(select(Case))
        assert case.claimed_by is not None and case.first_response_at is not None
        actions = [a.action for a in await session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert {"case_opened", "topic_created", "case_claimed", "case_noted"} <= set(actions)
        assert await session.scalar(select(RelayLink).where(RelayLink.direction == "out")) is not None


async def test_close_tells_the_user_and_writing_again_reopens(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 780000002)
    user = await connected_user(emulator, 640100002)
    thread = topic_of(emulator)
    await user.send_text("first question")
    await volunteer.send_text("answer", topic=thread)
    card = next(m for m in topic_messages(emulator, thread) if m.inline_keyboard)
    [choices] = [m for m in await volunteer.press(plain("en", "cases-button-close"), card) if m.inline_keyboard]
    await volunteer.press(plain("en", "cases-resolution-resolved"), choices)
    assert plain("en", "cases-closed") in user.last_bot_message().text
    assert emulator.topics(GROUP_ID)[thread]["closed"]
    # The volunteer cannot write into a closed case.
    await volunteer.send_text("anything else?", topic=thread)
    assert plain("en", "cases-relay-closed") in topic_messages(emulator, thread)[-1].text

    await user.send_text("one more thing")
    assert not emulator.topics(GROUP_ID)[thread]["closed"]
    assert topic_messages(emulator, thread)[-1].text == "one more thing"


async def test_deleted_topic_is_recreated_on_the_next_message(volunteer_group, running_bot, emulator) -> None:
    user = await connected_user(emulator, 640100003)
    thread = topic_of(emulator)
    emulator.topics(GROUP_ID)[thread]["deleted"] = True  # a volunteer deleted it by hand
    await user.send_text("are you there?")
    new_thread = topic_of(emulator)
    assert new_thread != thread
    texts = [m.text for m in topic_messages(emulator, new_thread)]
    assert texts[-1] == "are you there?" and any(m.inline_keyboard for m in topic_messages(emulator, new_thread))
    # Telegram says nothing when a topic is deleted: the one refused copy is how the bot finds out.
    refused = emulator.rejected_calls()
    assert [c.error for c in refused] == ["Bad Request: message thread not found"]
    emulator.calls.remove(refused[0])


async def test_two_messages_at_once_from_a_new_user_make_one_topic(volunteer_group, running_bot, emulator) -> None:
    user = await connected_user(emulator, 640100004)
    await user.send_text("one", wait=False)
    await user.send_text("two", wait=False)
    await user.send_text("three")
    thread = topic_of(emulator)
    assert [m.text for m in topic_messages(emulator, thread)][-3:] == ["one", "two", "three"]


async def test_volunteer_sends_a_faq_answer_in_the_users_language(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 780000005)
    user = await connected_user(emulator, 640100005, locale="ru")
    thread = topic_of(emulator)
    offers = await volunteer.command("/faq renew asylum certificate", topic=thread)
    offer = next(m for m in offers if m.inline_keyboard)
    await volunteer.press(offer.inline_keyboard[0][0]["text"], offer)
    answer = user.last_bot_message()
    assert answer.text.startswith("💬 " + plain("ru", "cases-volunteer"))
    assert any(ch in answer.text for ch in "абвгдежз"), "the answer is in Russian"
    assert plain("ru", "faq-helpful-question") not in answer.text


async def test_volunteer_faq_without_words_or_without_a_match(volunteer_group, running_bot, emulator) -> None:
    """No words: how to use /faq. Words that match nothing: said so, not the usage again."""
    volunteer = await enroll_volunteer(emulator, 780000006)
    await connected_user(emulator, 640100006)
    thread = topic_of(emulator)
    [usage] = await volunteer.command("/faq", topic=thread)
    assert usage.text == plain("en", "cases-faq-usage")
    [nothing] = await volunteer.command("/faq zqxv wplk", topic=thread)
    assert nothing.text == plain("en", "cases-faq-none")
    assert not nothing.inline_keyboard


async def test_an_alias_that_could_reveal_the_subject_is_refused(volunteer_group, running_bot, emulator) -> None:
    """The alias heads every message the person gets, so a locked phone shows it: it is held to
    the rules of the -title lines (no sensitive word, any language) and is a short plain name."""
    volunteer = await enroll_volunteer(emulator, 780000007)
    private = UserClient(emulator, 780000007)
    usage = plain("en", "staff-alias-usage", limit=MAX_ALIAS)
    for alias, refusal in [("Asylum help", "staff-alias-not-neutral"), ("Полиция", "staff-alias-not-neutral"),
                           ("ساقچى ئاكا", "staff-alias-not-neutral"), ("Aigul 🚔", usage),
                           ("Aigul\u202eluga", usage), ("<b>Aigul</b>", usage), ("A" * (MAX_ALIAS + 1), usage)]:
        [answer] = await private.command(f"/alias {alias}")
        assert (plain("en", refusal) if refusal.startswith("staff-") else refusal) in answer.text, alias
    [answer] = await private.command("/alias Aigul-2 (Almaty)")
    assert plain("en", "staff-alias-set", alias="Aigul-2 (Almaty)") in answer.text

    # An alias accepted before a word joined the list is not shown either: the person sees "Volunteer".
    user = await connected_user(emulator, 640100007)
    thread = topic_of(emulator)
    app = running_bot.app
    async with app.sessions() as session:
        staff = await StaffRepository(session, app.cipher, app.hasher).find(780000007)
        await StaffRepository(session, app.cipher, app.hasher).set_alias(staff.id, "Refugee desk")
        await session.commit()
    await volunteer.send_text("Hello", topic=thread)
    await outbox_drained(app)
    reply = user.last_bot_message()
    assert reply.text.split("\n")[0] == "💬 " + plain("en", "cases-volunteer")


async def test_forwarding_ones_own_message_does_not_show_ones_name(volunteer_group, running_bot, emulator) -> None:
    """Telegram names the origin of a forward; when that is the person themselves (what they told
    someone else, say), volunteers are told so, without the name, visible or hidden."""
    await enroll_volunteer(emulator, 780000041, alias="Aigul")
    user = await connected_user(emulator, 640100041)
    user.user = telegram.User(id=user.user.id, first_name="Gulnar", last_name="Tursun", is_bot=False, language_code="en")
    thread = topic_of(emulator)

    await user.forward_text("I will not come back", own=True)
    await user.forward_text("I said no", hidden_sender="gulnar  TURSUN", own=True)
    await user.forward_text("Come to the station", hidden_sender="Officer Li")

    seen = [m.text or "" for m in topic_messages(emulator, thread)]
    assert not any("Gulnar" in text or "Tursun" in text.title() for text in seen), seen
    own_notice = plain("en", "cases-topic-forwarded-own", date="").split("(")[0]
    assert sum(own_notice in text for text in seen) == 2, seen
    assert any("Officer Li" in text for text in seen), "someone else's name is still shown"
    assert seen[-1] == "Come to the station"


def _volunteer_messages(emulator, volunteer_id: int):
    return [m for m in emulator.chat_history(GROUP_ID) if not m.from_bot and (m.sender or {}).get("id") == volunteer_id]


@pytest.mark.parametrize("kind", ["text", "caption"])
async def test_a_reply_near_telegrams_limit_reaches_the_user_unchanged(kind, volunteer_group, running_bot, emulator) -> None:
    """Within Telegram's limits for the volunteer, past them with the "💬 alias" header in front
    (it was refused before, and the volunteer's retry failed the same way): the reply arrives
    whole, and every message still starts with the header, the only line a lock screen shows."""
    volunteer = await enroll_volunteer(emulator, 780000051, alias="Aigul")
    user = await connected_user(emulator, 640100051)
    thread = topic_of(emulator)
    await user.send_text("Hello, I need help")
    before = len(user.bot_messages())
    if kind == "text":
        content = ("Here is what you can do. " * 170)[:4090]
        await volunteer.send_text(content, topic=thread)
    else:
        content = ("Read this guide. " * 70)[:1019]
        await volunteer.send_photo(b"\x89PNG guide", topic=thread, caption=content)
    await outbox_drained(running_bot.app)
    received = user.bot_messages()[before:]
    assert len(received) == 2 and all(m.text.startswith("💬 Aigul") for m in received)
    assert all(m.forward_origin is None for m in received)
    if kind == "text":  # in two parts, each under the header, together the whole reply
        pieces = [m.text.removeprefix("💬 Aigul\n\n") for m in received]
        assert " ".join(pieces).split() == content.split()
    else:  # the photo under the header alone, then its caption as a text under the header
        photo, caption = received
        assert (photo.kind, photo.text) == ("photo", "💬 Aigul")
        assert caption.kind == "text" and caption.text == f"💬 Aigul\n\n{content}"


async def test_an_edit_that_grows_past_the_limit_goes_on_in_a_new_part(volunteer_group, running_bot, emulator) -> None:
    volunteer = await enroll_volunteer(emulator, 780000052, alias="Aigul")
    user = await connected_user(emulator, 640100052)
    thread = topic_of(emulator)
    await user.send_text("Hello, I need help")
    await volunteer.send_text("Short answer", topic=thread)
    await outbox_drained(running_bot.app)
    reply = user.last_bot_message()
    assert reply.text == "💬 Aigul\n\nShort answer"
    grown = ("Here is what you can do. " * 170)[:4090]
    await volunteer.edit_text(_volunteer_messages(emulator, 780000052)[-1].message_id, grown)
    await outbox_drained(running_bot.app)
    first, rest = emulator.message(user.chat_id, reply.message_id).text, user.last_bot_message().text
    assert first.startswith("💬 Aigul\n\n") and rest.startswith("💬 Aigul\n\n") and first != rest
    assert " ".join(text.removeprefix("💬 Aigul") for text in (first, rest)).split() == grown.split()

    # The person's own edit, too long for the "edited" mark, reaches the topic without it.
    await user.send_text("x" * 4000)
    await outbox_drained(running_bot.app)
    mine = [m for m in emulator.chat_history(user.chat_id) if not m.from_bot][-1]
    copy = topic_messages(emulator, thread)[-1]
    await user.edit_text(mine.message_id, "y" * 4090)
    await outbox_drained(running_bot.app)
    assert emulator.message(GROUP_ID, copy.message_id).text == "y" * 4090
    assert not user.bot_messages()[-1].text.endswith(plain("en", "cases-not-passed-on"))


async def test_an_edit_follows_to_every_part_of_a_long_reply(volunteer_group, running_bot, emulator) -> None:
    """A reply that went out in parts, edited: every part shows the new text, once; a shorter
    edit leaves the parts it no longer needs with the header alone."""
    volunteer = await enroll_volunteer(emulator, 780000053, alias="Aigul")
    user = await connected_user(emulator, 640100053)
    thread = topic_of(emulator)
    await user.send_text("Hello, I need help")
    before = len(user.bot_messages())
    content = ("Here is what you can do. " * 170)[:4090]
    await volunteer.send_text(content, topic=thread)
    await outbox_drained(running_bot.app)
    parts = user.bot_messages()[before:]
    original = _volunteer_messages(emulator, 780000053)[-1].message_id

    def shown() -> list[str]:
        return [emulator.message(user.chat_id, m.message_id).text for m in parts]

    edited = content.replace("Here is", "This is", 1)
    await volunteer.edit_text(original, edited)
    await outbox_drained(running_bot.app)
    assert all(text.startswith("💬 Aigul") for text in shown())
    assert " ".join(text.removeprefix("💬 Aigul") for text in shown()).split() == edited.split()

    await volunteer.edit_text(original, "Shorter now")
    await outbox_drained(running_bot.app)
    assert shown() == ["💬 Aigul\n\nShorter now", "💬 Aigul"]
    assert len(user.bot_messages()) == before + 2, "nothing sent anew"
    # Every part is edited, as no copy of what it says is kept: a part an edit left as it was is
    # answered "not modified", which the outbox takes as done.
    unchanged = [c for c in emulator.calls if not c.ok and "not modified" in (c.error or "")]
    assert unchanged and all(c.method == "editMessageText" for c in unchanged)
    emulator.calls[:] = [c for c in emulator.calls if c not in unchanged]
