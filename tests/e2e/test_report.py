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
from sqlalchemy.engine import make_url

from bot.i18n import format_date
from bot.services.reports import MAX_FILE_BYTES
from storage.cases import HIGH, URGENT
from storage.models import Case, Evidence, OutboxMessage, RelayLink, Report
from storage.reports import EvidenceRepository, ReportRepository
from storage.sealed import EVIDENCE, EVIDENCE_BLOB
from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest

VOLUNTEER_CHAT = -1009876543210
CODE = re.compile(r"R-[2-9A-HJKMNP-Z]{6}")


@pytest.fixture
def volunteers(monkeypatch) -> None:
    monkeypatch.setenv("VOLUNTEER_CHAT_ID", str(VOLUNTEER_CHAT))


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
        from storage.cases import CaseRepository
        card = await CaseRepository(session, running_bot.app.cipher).card(case.id)
    assert any(code in line for line in card) and any("my brother in Toksun" in line for line in card)
    assert any("Almaty <centre>" in line for line in card)  # plain text, the case service escapes it
    links = await rows(running_bot.app, RelayLink, RelayLink.case_id == case.id)
    assert sorted(link.user_message_id for link in links) == sorted(m.message_id for m in _user_items(emulator, user))
    assert await count(running_bot.app, OutboxMessage, OutboxMessage.case_id == case.id) >= 5  # opened + 4 copies


def _user_items(emulator, user: UserClient):
    return [m for m in emulator.chat_history(user.chat_id) if not m.from_bot and not (m.text or "").startswith("/")
            and (m.forward_origin or m.text is None)]
