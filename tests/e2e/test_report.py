"""Safe report end to end: disclosure, danger alert, every question answered or skipped, evidence
stored encrypted with hashes that match the served bytes, receipts, consent and revocation,
hand-off to a case, adding later, deletion, forged buttons, and nothing readable at rest."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.i18n import format_date
from bot.services.reports import MAX_FILE_BYTES
from storage.cases import HIGH, URGENT, CaseRepository
from storage.models import Case, Evidence, RelayLink, Report
from storage.reports import EvidenceRepository, ReportRepository
from storage.sealed import EVIDENCE_BLOB
from tests.e2e.handoff_support import GROUP_ID, enroll_volunteer, outbox_drained, topic_messages, topic_of
from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest

CODE = re.compile(r"R-[2-9A-HJKMNP-Z]{6}")


@pytest.fixture
def volunteers(volunteer_group) -> None:
    """The volunteers' forum group exists and is configured (tests/e2e/handoff_support.py)."""


def en(message_id: str, **args) -> str:
    return plain("en", message_id, **args)


async def start_report(user: UserClient):
    await user.command("/menu")
    intro = newest(await user.press(en("menu-report")))
    assert first_line(intro.text) == en("report-title")
    assert "not end-to-end encrypted" in intro.text and "/forget" in intro.text
    return newest(await user.press(en("report-accept")))


async def skip_questions(user: UserClient):
    """From the danger question to the evidence screen, skipping everything."""
    for _ in range(8):  # danger, what, when, where, channel, who, demand, relatives
        screen = newest(await user.press(en("report-skip")))
    return screen


async def rows(app, model, *where) -> list:
    async with app.sessions() as session:
        return list(await session.scalars(select(model).where(*where).order_by(model.id)))


async def count(app, model, *where) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def reports_of(app) -> list:
    async with app.sessions() as session:
        found = []
        for row in await session.scalars(select(Report).order_by(Report.id)):
            found.append(await ReportRepository(session, app.cipher).get(row.user_id, row.id))
        return found


async def evidence_of(app, report_id: int):
    async with app.sessions() as session:
        return await EvidenceRepository(session, app.cipher).list(report_id)


async def test_every_question_answered_then_evidence_consent_and_hand_off(volunteers, running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 650000001)
    danger = await start_report(user)
    assert en("report-danger-body") in danger.text
    what = newest(await user.press(en("report-danger-no")))
    assert en("report-what-body") in what.text
    await user.press(en("report-what-relatives"))
    checked = newest(await user.press(en("report-what-inform")))
    assert "✅ " + en("report-what-relatives") in user.buttons(checked)
    when = newest(await user.press(en("report-continue")))
    assert en("report-when-body") in when.text
    # A bad typed date keeps the screen; a good one moves on.
    future = clock.now().date() + timedelta(days=10)
    answer = await user.send_text(future.isoformat())
    assert any(en("report-when-future") in m.text for m in answer)
    assert en("report-when-body") in newest(answer).text
    happened = clock.now().date() - timedelta(days=3)
    where = newest(await user.send_text(f"{happened.day}.{happened.month}.{happened.year}"))
    assert en("report-where-body") in where.text
    channel = newest(await user.send_text("Kazakhstan, Almaty <centre>"))
    assert en("report-channel-body") in channel.text
    who = newest(await user.press(en("report-channel-whatsapp")))
    assert en("report-who-body") in who.text
    demand = newest(await user.send_text("+852 5555 0101, said he is an officer"))
    relatives = newest(await user.send_text("a short introduction of myself and my friends"))
    assert en("report-demand-body") in demand.text and "⚠️" in relatives.text
    evidence = newest(await user.send_text("my brother in Toksun"))
    code = CODE.search(evidence.text).group(0)

    [report] = await reports_of(running_bot.app)
    assert report.code == code and report.case_id is None
    assert report.answers == {
        "danger": "no", "what": ["relatives", "inform"], "when": happened.isoformat(),
        "where": "Kazakhstan, Almaty <centre>", "channel": "whatsapp",
        "who": "+852 5555 0101, said he is an officer",
        "demand": "a short introduction of myself and my friends", "relatives": "my brother in Toksun",
    }

    # Evidence: a photo, a document, a voice message and a forwarded text, each with a receipt.
    photo, document, voice = b"\xff\xd8\xff\xe0 screenshot " * 50, b"%PDF-1.4 summons " * 30, b"OggS voice note"
    sent = {}
    for kind, step in [("photo", user.send_photo(photo)), ("document", user.send_document("summons.pdf", document)),
                       ("voice", user.send_voice(voice)),
                       ("text", user.forward_text("Come to the meeting tomorrow", hidden_sender="Officer Li"))]:
        answer = await step
        receipt = next(m for m in answer if first_line(m.text) == en("report-receipt-title"))
        sent[kind] = receipt
        assert en(f"report-kind-{kind}") in receipt.text and "UTC" in receipt.text
    items = await evidence_of(running_bot.app, report.id)
    assert [e.kind for e in items] == ["photo", "document", "voice", "text"]
    served = {"photo": photo, "document": document, "voice": voice, "text": "Come to the meeting tomorrow".encode()}
    async with running_bot.app.sessions() as session:
        for entry in items:
            expected = served[entry.kind]
            assert entry.sha256 == hashlib.sha256(expected).hexdigest() and entry.size == len(expected)
            assert entry.sha256[:16] in sent[entry.kind].text
            row = await session.get(Evidence, entry.id)
            assert running_bot.app.cipher.open(row.blob_sealed, EVIDENCE_BLOB.context(
                {"id": row.id, "report_id": row.report_id})) == expected
    text_item = items[-1]
    assert text_item.origin["type"] == "hidden_user" and text_item.origin["name"] == "Officer Li"
    assert text_item.origin["date"]
    assert items[1].name == "summons.pdf"

    # Consent: volunteers on, lawyers on, statistics on then off; Finish hands the report off.
    consent = newest(await user.press(en("report-evidence-done")))
    assert code in consent.text
    await user.press("⬜ " + en("report-consent-volunteers"))
    await user.press("⬜ " + en("report-consent-statistics"))
    shown = newest(await user.press("✅ " + en("report-consent-statistics")))
    assert "✅ " + en("report-consent-volunteers") in user.buttons(shown)
    assert "⬜ " + en("report-consent-statistics") in user.buttons(shown)
    await user.press("⬜ " + en("report-consent-lawyers"))
    done = newest(await user.press(en("report-finish")))
    assert code in done.text and en("report-handoff-sent") in done.text

    [report] = await reports_of(running_bot.app)
    assert (report.consent.volunteers, report.consent.lawyers, report.consent.statistics) == (True, True, False)
    [case] = await rows(running_bot.app, Case)
    assert (case.subject, case.priority, case.status) == ("report", HIGH, "open")
    assert report.case_id == case.id and report.handed_off and len(report.shared) == 4
    async with running_bot.app.sessions() as session:
        card = await CaseRepository(session, running_bot.app.cipher).card(case.id)
    assert any(code in line for line in card) and any("my brother in Toksun" in line for line in card)
    assert any("Almaty <centre>" in line for line in card)  # plain text, the case service escapes it
    links = await rows(running_bot.app, RelayLink, RelayLink.case_id == case.id)
    assert sorted(link.user_message_id for link in links) == sorted(m.message_id for m in _user_items(emulator, user))
    # Delivered: the topic opens with the card, and holds copies of the four evidence messages.
    await outbox_drained(running_bot.app)
    in_topic = topic_messages(emulator, topic_of(emulator))
    assert any(code in (m.text or "") for m in in_topic if m.inline_keyboard)
    assert [m.kind for m in in_topic if m.kind != "text"] == ["photo", "document", "voice"]
    assert all(m.forward_origin is None for m in in_topic)


def _user_items(emulator, user: UserClient):
    return [m for m in emulator.chat_history(user.chat_id) if not m.from_bot and not (m.text or "").startswith("/")
            and (m.forward_origin or m.text is None)]


async def test_every_question_skipped_without_volunteers_is_kept_private(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000002)
    await start_report(user)
    evidence = await skip_questions(user)
    code = CODE.search(evidence.text).group(0)
    [report] = await reports_of(running_bot.app)
    assert report.code == code and report.answers == {}
    # Nothing typed on the way: consent stays off, Finish keeps it private; no case.
    await user.press(en("report-evidence-done"))
    await user.press("⬜ " + en("report-consent-volunteers"))
    done = newest(await user.press(en("report-finish")))
    assert en("report-handoff-unavailable") in done.text  # no volunteers' group configured
    assert await count(running_bot.app, Case) == 0
    [report] = await reports_of(running_bot.app)
    assert report.consent.volunteers and not report.handed_off
    listing = newest(await user.press(en("report-my-reports")))
    [entry] = [b for b in user.buttons(listing) if b.startswith(code)]
    view = newest(await user.press(entry))
    assert en("report-summary-empty") in view.text and en("report-evidence-none") in view.text


async def test_back_calendar_guide_and_a_second_report_in_the_same_dialog(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000003)
    await start_report(user)
    await user.press(en("report-danger-no"))
    checked = newest(await user.press(en("report-what-other")))
    assert "✅ " + en("report-what-other") in user.buttons(checked)
    await user.press(en("report-skip"))  # what: Skip drops the checked kind
    await user.press(en("report-skip"))  # when
    await user.send_text("Bishkek")  # where
    back = newest(await user.press(en("common-back")))  # channel -> where
    assert en("report-where-body") in back.text
    back = newest(await user.press(en("common-back")))  # where -> when
    assert en("report-when-body") in back.text
    await user.press("1")  # the calendar: the 1st of this month
    await user.send_text("Osh")
    for _ in range(4):  # channel, who, demand, relatives
        await user.press(en("report-skip"))
    [report] = await reports_of(running_bot.app)
    first = running_bot.app.clock().date().replace(day=1)
    assert report.answers == {"danger": "no", "when": first.isoformat(), "where": "Osh"}

    # The evidence guidance returns to where it was opened; a second report starts blank.
    guide = newest(await user.press(en("report-guide")))
    assert "incident" not in first_line(guide.text) and "SHA" not in guide.text
    assert "own replies" in guide.text and en("report-verified", date=format_date("en", date(2026, 11, 22))) in guide.text
    assert en("report-evidence-done") in user.buttons(newest(await user.press(en("common-back"))))
    await user.press(en("report-evidence-done"))
    await user.press(en("report-finish"))
    await user.press(en("report-my-reports"))
    await user.press(en("report-new"))  # the same dialog, not a fresh one
    await user.press(en("report-guide"))
    assert en("report-accept") in user.buttons(newest(await user.press(en("common-back"))))
    await user.press(en("report-accept"))
    await user.press(en("report-danger-no"))
    what = user.last_keyboard_message()
    assert not any(b.startswith("✅") for b in user.buttons(what))


async def test_danger_opens_an_urgent_case_then_the_report_continues(volunteers, running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000004)
    await start_report(user)
    safety = newest(await user.press(en("report-danger-yes")))
    assert en("report-safety-alerted") in safety.text and "emergency services" in safety.text
    [case] = await rows(running_bot.app, Case)
    assert (case.subject, case.priority, case.status) == ("report", URGENT, "open")
    assert case.checkin_at is not None  # the welfare check-in of urgent cases
    await outbox_drained(running_bot.app)
    assert "🔴" in emulator.topics(GROUP_ID)[topic_of(emulator)]["name"]  # the urgent topic is open
    what = newest(await user.press(en("report-continue")))
    assert en("report-what-body") in what.text
    back = newest(await user.press(en("common-back")))
    await user.press(en("report-danger-yes"), back)  # again: still one case, no second alert
    assert await count(running_bot.app, Case) == 1
    await user.press(en("report-continue"))
    for _ in range(7):
        await user.press(en("report-skip"))
    [report] = await reports_of(running_bot.app)
    assert report.case_id == case.id and report.answers == {"danger": "yes"}



@pytest.mark.parametrize("danger", ["no", "yes"])
async def test_report_with_long_answers_reaches_volunteers_whole(danger, volunteers, running_bot, emulator) -> None:
    """Four answers of about 1500 characters each: together far past Telegram's 4096. The card
    (danger "no": it opens the topic) or the notice flagging the report (danger "yes": the urgent
    case is already open) shows them shortened, and each follows whole, escaped, in notices within
    the limit; /card sends them again. Telegram refused the whole card before, with nobody told."""
    volunteer = await enroll_volunteer(emulator, 780000021)
    user = await onboarded(emulator, 650000021)
    await start_report(user)
    await user.press(en(f"report-danger-{danger}"))
    if danger == "yes":
        await user.press(en("report-continue"))
    await user.press(en("report-skip"))  # what
    await user.press(en("report-skip"))  # when
    answers = {name: (f"{name.title()} <{index}> & more. " + "They called again and again, " * 50).strip()
               for index, name in enumerate(("where", "who", "demand", "relatives"))}
    await user.send_text(answers["where"])
    await user.press(en("report-skip"))  # channel
    for name in ("who", "demand", "relatives"):
        await user.send_text(answers[name])
    await user.press(en("report-evidence-done"))
    await user.press("⬜ " + en("report-consent-volunteers"))
    done = newest(await user.press(en("report-finish")))
    assert en("report-handoff-sent") in done.text
    await outbox_drained(running_bot.app)

    thread = topic_of(emulator)
    in_topic = topic_messages(emulator, thread)
    whole = [m.text for m in in_topic if first_line(m.text).startswith("C-") and en("cases-card-in-full") in m.text]
    for name, answer in answers.items():
        assert sum(answer in text for text in whole) == 1, f"the {name} answer arrived whole, once"
    if danger == "no":
        card = in_topic[0]
        assert card.inline_keyboard and en("cases-card-shortened") in card.text
        assert "Who <1> & more. They called" in card.text and answers["who"] not in card.text
    else:
        flagged = next(m.text for m in in_topic if en("cases-topic-flagged", subject=en("cases-subject-report"),
                                                      priority=en("cases-priority-urgent")) in m.text)
        assert "Who <1> & more. They called" in flagged and answers["who"] not in flagged

    # /card stays within the limit too, and sends what it shortens whole.
    before = len(topic_messages(emulator, thread))
    await volunteer.command("/card", topic=thread)
    again = [m for m in topic_messages(emulator, thread)[before:] if m.from_bot]
    assert again[0].inline_keyboard and en("cases-card-shortened") in again[0].text
    for answer in answers.values():
        assert any(answer in m.text for m in again[1:])


async def test_danger_without_volunteers_says_so_plainly(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000005)
    await start_report(user)
    safety = newest(await user.press(en("report-danger-yes")))
    assert en("report-safety-unavailable") in safety.text
    assert await count(running_bot.app, Case) == 0


async def make_report(user: UserClient) -> str:
    await start_report(user)
    evidence = await skip_questions(user)
    return CODE.search(evidence.text).group(0)


async def open_saved(user: UserClient, code: str):
    await user.command("/menu")
    await user.press(en("menu-report"))
    listing = newest(await user.press(en("report-my-reports")))
    return newest(await user.press(next(b for b in user.buttons(listing) if b.startswith(code))))


async def test_add_later_revoke_consent_and_delete(volunteers, running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000006)
    code = await make_report(user)
    await user.send_text("first note")
    await user.press(en("report-evidence-done"))
    await user.press("⬜ " + en("report-consent-volunteers"))
    await user.press(en("report-finish"))
    [case] = await rows(running_bot.app, Case)
    links = await count(running_bot.app, RelayLink)
    assert links == 1

    # Later: add a photo; Done passes only the new item on, with a line on the case card.
    view = await open_saved(user, code)
    assert "first note" not in view.text  # items are listed by kind, size and hash, not content
    assert en("report-kind-note") in view.text
    await user.press(en("report-add-more"))
    await user.send_photo(b"\x89PNG later screenshot")
    view = newest(await user.press(en("report-evidence-done")))
    assert en("report-handoff-toast") == user.callback_answer()["text"]
    assert en("report-kind-photo") in view.text and code in view.text
    assert await count(running_bot.app, RelayLink) == 2
    assert await count(running_bot.app, Case) == 1

    # Revoke: a clear notice, nothing more goes out.
    await user.press(en("report-sharing"))
    answer = await user.press("✅ " + en("report-consent-volunteers"))
    assert any(en("report-consent-revoked") in m.text for m in answer)
    await user.press(en("report-save"))
    await user.press(en("report-add-more"))
    await user.send_voice(b"OggS after revoking")
    await user.press(en("report-evidence-done"))
    assert await count(running_bot.app, RelayLink) == 2
    [report] = await reports_of(running_bot.app)
    assert not report.consent.volunteers and not report.consent.lawyers
    assert len(await evidence_of(running_bot.app, report.id)) == 3

    # Delete: the report and its evidence are gone; the case (the volunteers' side) stays.
    await user.press(en("report-delete"))
    listing = newest(await user.press(en("report-delete-confirm")))
    assert en("report-list-empty") in listing.text
    assert await count(running_bot.app, Report) == 0 and await count(running_bot.app, Evidence) == 0
    assert await count(running_bot.app, Case) == 1


async def test_forged_buttons_and_unusable_input_are_refused(running_bot, emulator) -> None:
    owner = await onboarded(emulator, 650000007)
    await make_report(owner)
    [theirs] = await reports_of(running_bot.app)
    other = await onboarded(emulator, 650000008)
    mine = await make_report(other)
    # Too big (announced size over the getFile limit), and a sticker: clear answers, nothing stored.
    answer = await other.send_document("big.bin", b"\0" * (MAX_FILE_BYTES + 1), mime_type="application/octet-stream")
    assert any(en("report-evidence-too-big") in m.text for m in answer)
    answer = await other.send_sticker()
    assert any(en("report-evidence-unsupported") in m.text for m in answer)
    assert await count(running_bot.app, Evidence) == 0

    await other.command("/menu")
    await other.press(en("menu-report"))
    listing = newest(await other.press(en("report-my-reports")))
    [own_button] = [b for row in listing.inline_keyboard for b in row if b["text"].startswith(mine)]
    data = own_button["callback_data"]
    prefix, mine_id = data.rsplit(":", 1)
    assert prefix.endswith("report") and mine_id.isdigit()  # the Select's own data: <intent>...report:<id>
    for forged in (f"{prefix}:{theirs.id}", f"{prefix}:999999", f"{prefix}:x"):
        await other.press_data(forged, listing.message_id)
        assert other.callback_answer()["text"] == en("errors-unavailable"), forged
        assert theirs.code not in other.last_keyboard_message().text
    # Positive control: the same data with the user's own id opens it.
    view = newest(await other.press_data(f"{prefix}:{mine_id}", listing.message_id))
    assert mine in view.text and en("report-add-more") in other.buttons(view)
    # A forged channel on the channel screen is refused too.
    await other.press(en("common-back"))
    await other.press(en("report-new"))
    await other.press(en("report-accept"))
    for _ in range(4):
        await other.press(en("report-skip"))  # danger, what, when, where
    channel = other.last_keyboard_message()
    [whatsapp] = [b for row in channel.inline_keyboard for b in row if b["text"] == en("report-channel-whatsapp")]
    await other.press_data(whatsapp["callback_data"].replace("whatsapp", "carrier-pigeon"), channel.message_id)
    assert other.callback_answer()["text"] == en("errors-unavailable")
    assert en("report-channel-body") in other.last_keyboard_message().text  # still asking
    who = newest(await other.press_data(whatsapp["callback_data"], channel.message_id))
    assert en("report-who-body") in who.text
    assert len(await reports_of(running_bot.app)) == 2


async def test_forget_erases_reports_and_evidence(running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000009)
    await make_report(user)
    await user.send_photo(b"\xff\xd8 to be erased")
    assert await count(running_bot.app, Evidence) == 1
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    assert await count(running_bot.app, Report) == 0 and await count(running_bot.app, Evidence) == 0


MARKERS = ["REPORT-MARKER-9c1e", "Қорқыту-Маркер-9c1e", "تەھدىت-9c1e"]


async def test_nothing_planted_is_readable_at_rest(sqlite_file: Path, running_bot, emulator) -> None:
    user = await onboarded(emulator, 650000010, "kk")
    await user.command("/menu")
    await user.press(plain("kk", "menu-report"))
    await user.press(plain("kk", "report-accept"))
    await user.press(plain("kk", "report-danger-no"))
    await user.press(plain("kk", "report-skip"))
    await user.press(plain("kk", "report-skip"))
    for marker in MARKERS:  # where, then (after a channel) who, demand, relatives
        await user.send_text(f"{marker} answer")
        if marker == MARKERS[0]:
            await user.press(plain("kk", "report-channel-phone"))
    await user.send_text(f"{MARKERS[0]} relatives")
    file_bytes = [f"{MARKERS[1]} file bytes".encode() + bytes(range(256)), b"\x89PNG" + MARKERS[2].encode() * 4]
    await user.send_document("threat-letter.pdf", file_bytes[0])
    await user.send_photo(file_bytes[1])
    await user.forward_text(f"{MARKERS[2]} forwarded", hidden_sender="Sender-9c1e")
    await user.send_text(f"{MARKERS[0]} note")
    [report] = await reports_of(running_bot.app)
    assert len(await evidence_of(running_bot.app, report.id)) == 4  # positive control: all stored
    assert report.answers["relatives"] == f"{MARKERS[0]} relatives"

    raw = b"".join(p.read_bytes() for p in sqlite_file.parent.glob(sqlite_file.name + "*"))
    for marker in [*MARKERS, "Sender-9c1e", "threat-letter.pdf"]:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert marker.encode(encoding) not in raw, f"{marker!r} found in {encoding}"
    for data in file_bytes:
        assert data not in raw and data[:24] not in raw
    assert hashlib.sha256(file_bytes[0]).hexdigest().encode() not in raw  # the hash is sealed too
