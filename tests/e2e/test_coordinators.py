"""Coordinators' tools end to end: editing with preview and versions, export/import, review,
statistics, and that nobody else can reach any of it."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from storage.cases import StaffRepository
from storage.faq_admin import FaqAdminRepository
from storage.models import Case, FaqItem, FaqTranslation, FaqVersion, User
from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import UserClient, newest

COORDINATOR = 640000001
SLUG = "renewal-where"


@pytest.fixture
def coordinator_env(monkeypatch, env):
    monkeypatch.setenv("COORDINATOR_IDS", str(COORDINATOR))
    monkeypatch.setenv("REMINDER_INTERVAL_SECONDS", "0.2")
    return env


@pytest.fixture
async def bot(coordinator_env, running_bot):
    return running_bot


async def coordinator(emulator) -> UserClient:
    return await onboarded(emulator, COORDINATOR, "en")


async def open_item(user: UserClient, slug: str = SLUG):
    await user.command("/faqadmin")
    await user.press(plain("en", "coordinator-topics-button"))
    await user.press(plain("en", "faq-topic-renewal"))
    [screen] = await user.press(slug)
    return screen


async def texts(app, slug: str = SLUG) -> dict[str, tuple[str, str]]:
    async with app.sessions() as session:
        item_id = await session.scalar(select(FaqItem.id).where(FaqItem.slug == slug))
        rows = await session.scalars(select(FaqTranslation).where(FaqTranslation.item_id == item_id))
        return {r.locale: (r.question, r.answer) for r in rows}


async def texts_of(app, slug: str = SLUG) -> dict[str, tuple[str, str, str]]:
    async with app.sessions() as session:
        item_id = await session.scalar(select(FaqItem.id).where(FaqItem.slug == slug))
        rows = await session.scalars(select(FaqTranslation).where(FaqTranslation.item_id == item_id))
        return {r.locale: (r.question, r.answer, r.keywords) for r in rows}


async def snapshot(app) -> list[tuple]:
    async with app.sessions() as session:
        rows = await session.execute(select(FaqTranslation.item_id, FaqTranslation.locale, FaqTranslation.question,
                                            FaqTranslation.answer, FaqTranslation.keywords))
        items = await session.execute(select(FaqItem.id, FaqItem.slug, FaqItem.verified_on, FaqItem.recheck_by))
        return sorted(rows.all()) + sorted(items.all())


async def test_edit_preview_publish_outdated_and_rollback(bot, emulator) -> None:
    app = bot.app
    user = await coordinator(emulator)
    reader_en = await onboarded(emulator, 640000010, "en")
    original = await texts(app)
    screen = await open_item(user)
    assert first_line(screen.text) == plain("en", "coordinator-title")
    assert "ru: ✅" in screen.text

    await user.press(plain("en", "coordinator-edit-locale", language="en"))
    messages = await user.send_text("Where do I renew now?\nAt the new office on Abay street.\n---\nrenew office")
    preview = newest(messages)
    assert first_line(preview.text) == plain("en", "faq-title")  # exactly what users see
    assert "Where do I renew now?" in preview.text and "Abay street" in preview.text
    assert await texts(app) == original  # nothing published yet
    await user.press(plain("en", "coordinator-publish"))
    assert (await texts(app))["en"] == ("Where do I renew now?", "At the new office on Abay street.")
    async with app.sessions() as session:
        digest = await session.scalar(select(FaqItem.seed_digest).where(FaqItem.slug == SLUG))
    assert digest is None  # the seeder will leave it alone

    # Users in English see the new text, through search too (index rebuilt); others keep theirs.
    results = newest(await reader_en.send_text("Abay street office"))
    assert "Where do I renew now?" in reader_en.buttons(results)
    reader_ru = await onboarded(emulator, 640000011, "ru")
    [topics] = await reader_ru.press(plain("ru", "menu-faq"))
    [questions] = await reader_ru.press(plain("ru", "faq-topic-renewal"))
    assert original["ru"][0] in reader_ru.buttons(questions)

    # The translations are now outdated for coordinators.
    screen = await open_item(user)
    for locale in ("ru", "kk", "ug"):
        assert f"{locale}: ⚠" in screen.text
    assert "en: ✅" in screen.text

    # History and rollback to the seed text.
    [history] = await user.press(plain("en", "coordinator-history-button"))
    assert "baseline" in history.text and "edit" in history.text
    assert str(COORDINATOR) not in history.text
    baseline_button = user.buttons(history)[-2]  # the oldest version, before "Back"
    await user.press(baseline_button)
    assert await texts(app) == original
    screen = newest(user.bot_messages())
    assert "ru: ✅" in screen.text
    async with app.sessions() as session:
        actors = set(await session.scalars(select(FaqVersion.actor)))
    assert all(str(COORDINATOR) not in actor for actor in actors)


async def test_edit_one_locale_users_in_that_locale_see_it(bot, emulator) -> None:
    user = await coordinator(emulator)
    await open_item(user)
    await user.press(plain("en", "coordinator-edit-locale", language="kk"))
    preview = newest(await user.send_text("Куәлікті қайда ұзартамын?\nЖаңа кеңседе."))
    assert first_line(preview.text) == plain("kk", "faq-title")
    await user.press(plain("en", "coordinator-publish"))
    reader = await onboarded(emulator, 640000012, "kk")
    await reader.press(plain("kk", "menu-faq"))
    [questions] = await reader.press(plain("kk", "faq-topic-renewal"))
    assert "Куәлікті қайда ұзартамын?" in reader.buttons(questions)
    [answer] = await reader.press("Куәлікті қайда ұзартамын?")
    assert "Жаңа кеңседе." in answer.text


async def test_a_photo_or_sticker_while_text_is_awaited_asks_for_text_and_the_editor_waits(bot, emulator) -> None:
    user = await coordinator(emulator)
    await open_item(user)
    await user.press(plain("en", "coordinator-edit-locale", language="en"))
    for send in (user.send_photo, user.send_sticker, user.send_voice):
        [notice] = await send()  # only this: not the users' menu and "type your question"
        assert first_line(notice.text) == plain("en", "coordinator-title")
        assert plain("en", "coordinator-send-text") in notice.text
    # Still editing: the text now sent is previewed.
    preview = newest(await user.send_text("Where do I renew now?\nAt the new office."))
    assert first_line(preview.text) == plain("en", "faq-title")
    assert plain("en", "coordinator-publish") in user.buttons(preview)


async def test_sources_editor_shows_the_current_sources_and_keeps_reported_labels(bot, emulator) -> None:
    app = bot.app
    user = await coordinator(emulator)
    await open_item(user, "renewal-refugee-term")
    prompt = newest(await user.press(plain("en", "coordinator-sources-button")))
    assert "title | link | date | confidence" in prompt.text  # the fourth field is documented
    # The current sources, in the line format the editor reads, marks included, ready to copy.
    assert "RFE/RL, 30 October 2020: refugee status granted for one year to four Xinjiang Kazakhs |  | 2020-10-30 | M" \
        in prompt.text
    before = await snapshot(app)

    # Retyped without the fourth field, the reported sources would read as official: refused.
    retyped = ("RFE/RL, 30 October 2020: refugee status granted for one year to four Xinjiang Kazakhs | | 2020-10-30\n"
               "Azattyq (RFE/RL Kazakh Service), September 2023 | | 2023-09 | M")
    refusal = newest(await user.send_text(retyped))
    assert plain("en", "coordinator-sources-mark-needed", line="1") in refusal.text
    assert plain("en", "faq-title") not in refusal.text and await snapshot(app) == before

    # Marked, even H on purpose, it is accepted; the reported label stays where it was kept.
    preview = newest(await user.send_text(retyped.replace("2020-10-30\n", "2020-10-30 | H\n")))
    assert first_line(preview.text) == plain("en", "faq-title")
    assert preview.text.count(plain("en", "faq-source-confidence-m")) == 1
    await user.press(plain("en", "coordinator-publish"))

    # Text that looks like HTML is shown as typed, not as markup.
    await open_item(user, "renewal-refugee-term")
    await user.press(plain("en", "coordinator-sources-button"))
    await user.send_text("Law <No. 5> & <b>rules</b> | | 2020 | H")
    await user.press(plain("en", "coordinator-publish"))
    await open_item(user, "renewal-refugee-term")
    prompt = newest(await user.press(plain("en", "coordinator-sources-button")))
    assert "Law <No. 5> & <b>rules</b> |  | 2020 | H" in prompt.text


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


async def export(user: UserClient, emulator) -> list[list[str]]:
    await user.command("/faqadmin")
    [document] = [m for m in await user.press(plain("en", "coordinator-export-button")) if m.kind == "document"]
    return rows_of(emulator._files[document.media["document"]["file_id"]].data)


async def test_export_edit_import_round_trip_changes_exactly_what_was_edited(bot, emulator) -> None:
    app = bot.app
    user = await coordinator(emulator)
    rows = await export(user, emulator)
    header = rows[0]
    assert header[:4] == ["item_id", "slug", "topic", "locale"]
    assert {r[3] for r in rows[1:]} == {"en", "ru", "kk", "ug"}
    before = await snapshot(app)

    # Unchanged file: nothing to do.
    messages = await user.send_document("faq.csv", to_csv(rows), mime_type="text/csv")
    assert plain("en", "coordinator-import-nothing") in newest(messages).text

    target = next(i for i, r in enumerate(rows) if r[1] == SLUG and r[3] == "ug")
    rows[target][5] = "يېڭى جاۋاب: ئىشخانا كۆچتى."
    summary = newest(await user.send_document("faq.csv", to_csv(rows), mime_type="text/csv"))
    assert SLUG in summary.text and "ug" in summary.text
    assert await snapshot(app) == before  # nothing until confirmed
    await user.press(plain("en", "coordinator-import-apply"))
    after = await snapshot(app)
    changed = [r for r in after if r not in before]
    assert len(changed) == 1 and changed[0][1] == "ug" and changed[0][3] == "يېڭى جاۋاب: ئىشخانا كۆچتى."
    assert len(after) == len(before)


async def test_export_neutralises_formulas_and_the_import_reads_them_back(bot, emulator) -> None:
    """A cell starting with = + - or @ is a formula to a spreadsheet (an answer "=HYPERLINK(...)"
    would act when a coordinator opens the file): written after a "'", read back as it was."""
    app = bot.app
    user = await coordinator(emulator)
    rows = await export(user, emulator)
    target = next(i for i, r in enumerate(rows) if r[1] == SLUG and r[3] == "en")
    texts = ['=HYPERLINK("https://example.org","Renew here")', "- bring your passport\n- and the old paper",
             "@office +renew 'quoted"]
    rows[target][4:7] = texts
    sources = "'=Order No. 118 | https://example.org | 2026-01-01 | H"  # a "'" of its own before "="
    for row in rows:
        if row[1] == SLUG:
            row[7] = "'" + sources  # as the export writes it; the same in every language's row
    summary = newest(await user.send_document("faq.csv", to_csv(rows), mime_type="text/csv"))
    await user.press(plain("en", "coordinator-import-apply"), summary)
    assert (await texts_of(app))["en"] == tuple(texts)
    before = await snapshot(app)

    exported = await export(user, emulator)
    assert not [cell for row in exported for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    row = next(r for r in exported if r[1] == SLUG and r[3] == "en")
    assert row[4:8] == ["'" + texts[0], "'" + texts[1], "'" + texts[2], "'" + sources]
    messages = await user.send_document("faq.csv", to_csv(exported), mime_type="text/csv")
    assert plain("en", "coordinator-import-nothing") in newest(messages).text
    assert await snapshot(app) == before


def _bad_files(rows: list[list[str]]) -> list[tuple[str, bytes, str]]:
    """(case, file, text the refusal must contain)"""
    header, first = rows[0], rows[1]
    cases = []
    wrong = [["id", *header[1:]], *rows[1:]]
    cases.append(("columns", to_csv(wrong), "Wrong columns"))
    latin1 = to_csv(rows[:3]).replace(codecs.BOM_UTF8, b"") + "ä".encode("latin-1")
    cases.append(("encoding", latin1, "not UTF-8 text (line"))
    empty = [header, first[:5] + [""] + first[6:]]
    cases.append(("empty answer", to_csv(empty), "Row 2: the answer is empty"))
    unknown = [header, first, first[:3] + ["de"] + first[4:]]
    cases.append(("locale", to_csv(unknown), "Row 3: unknown language de"))
    duplicate = [header, first, rows[2], list(first)]
    cases.append(("duplicate", to_csv(duplicate), "Row 4: answer " + first[0]))
    return cases


async def test_malformed_files_are_refused_with_a_precise_message_and_no_change(bot, emulator) -> None:
    app = bot.app
    user = await coordinator(emulator)
    rows = await export(user, emulator)
    before = await snapshot(app)
    for case, data, expected in _bad_files(rows):
        refusal = newest(await user.send_document("faq.csv", data, mime_type="text/csv"))
        assert plain("en", "coordinator-import-refused") in refusal.text, case
        assert expected in refusal.text, (case, refusal.text)
        assert plain("en", "coordinator-import-apply") not in user.buttons(refusal), case
    gets_before = sum(1 for c in emulator.calls if c.method == "getFile")
    huge = b"\xef\xbb\xbf" + b"x" * (10 * 1024 * 1024 + 1)
    refusal = newest(await user.send_document("faq.csv", huge, mime_type="text/csv"))
    assert "larger than 10 MB" in refusal.text
    assert sum(1 for c in emulator.calls if c.method == "getFile") == gets_before  # never downloaded
    assert await snapshot(app) == before


async def enroll_directly(app, telegram_id: int, role: str = "volunteer") -> None:
    async with app.sessions() as session:
        await StaffRepository(session, app.cipher, app.hasher).enroll(telegram_id, role, datetime.now(UTC).date())
        await session.commit()


async def test_users_and_volunteers_cannot_reach_coordinator_tools(bot, emulator) -> None:
    app = bot.app
    volunteer_id = 640000020
    await enroll_directly(app, volunteer_id)
    coordinator_user = await coordinator(emulator)
    item_screen = await open_item(coordinator_user)
    forged = [b["callback_data"] for row in item_screen.inline_keyboard for b in row]
    assert forged and all(data.startswith("co:") for data in forged)
    before = await snapshot(app)
    for telegram_id in (640000021, volunteer_id):
        other = await onboarded(emulator, telegram_id, "en")
        unknown = newest(await other.command("/nosuchcommand"))
        tools = newest(await other.command("/faqadmin"))
        assert tools.text == unknown.text
        assert plain("en", "coordinator-title") not in tools.text
        screen = other.last_keyboard_message()
        for data in [*forged, "co:publish:1::0", "co:rollback:1::1", "co:export:0::0", "co:import_ok:0::0",
                     "co:stats:0::0", "co:delitem_ok:1::0"]:
            replies = await other.press_data(data, screen.message_id)
            assert not any(plain("en", "coordinator-title") in (m.text or "") for m in replies), data
            assert not any(m.kind in ("document", "photo") for m in replies), data
        forged_answer = other.callback_answer()
        await other.press_data("zz:nothing", screen.message_id)
        assert forged_answer is not None and forged_answer.get("text") == other.callback_answer().get("text")
        doc = newest(await other.send_document("faq.csv", to_csv([["item_id"]]), mime_type="text/csv"))
        assert plain("en", "coordinator-title") not in doc.text
    assert await snapshot(app) == before


async def test_help_lists_the_tools_of_coordinators_and_volunteers(bot, emulator) -> None:
    app = bot.app
    volunteer_id = 640000022
    await enroll_directly(app, volunteer_id)
    help_title = plain("en", "menu-help-body").split("\n")[0]

    sent = await (await coordinator(emulator)).command("/help")  # a coordinator from COORDINATOR_IDS
    shown = " ".join(m.text or "" for m in sent)
    assert plain("en", "staff-help-coordinator") in shown and "/faqadmin" in shown
    assert help_title in newest(sent).text  # the user help still follows, as the live screen

    sent = await (await onboarded(emulator, volunteer_id, "en")).command("/help")
    shown = " ".join(m.text or "" for m in sent)
    assert plain("en", "staff-help-volunteer") in shown and "/faqadmin" not in shown
    assert help_title in newest(sent).text

    sent = await (await onboarded(emulator, 640000023, "en")).command("/help")  # anyone else: no trace
    shown = " ".join(m.text or "" for m in sent)
    assert help_title in newest(sent).text
    assert plain("en", "staff-help-volunteer").split("\n")[0] not in shown and "/faqadmin" not in shown


async def test_statistics_never_show_a_count_under_five(bot, emulator) -> None:
    app = bot.app
    now = datetime.now(UTC)
    async with app.sessions() as session:
        user_ids = []
        for n in range(9):
            session.add(User(tg_key=bytes([n]) * 32, tg_id_sealed=b"x", locale="ru", onboarded=True,
                             created_on=now.date()))
        await session.flush()
        user_ids = list(await session.scalars(select(User.id)))
        # 6 "papers" cases (shown), 3 "person" cases (shown as <5), 2 open urgent.
        for n, user_id in enumerate(user_ids[:9]):
            subject = "papers" if n < 6 else "person"
            session.add(Case(code=f"C{n}", user_id=user_id, open_for=user_id if n < 2 else None,
                             status="open" if n < 2 else "closed", priority="urgent" if n < 2 else "normal",
                             subject=subject, locale="ru" if n < 7 else "kk", sealed=b"x", opened_at=now,
                             first_response_at=now + timedelta(minutes=10 + n), keep=False))
        await session.commit()
    user = await coordinator(emulator)
    await user.send_text("zzqx wvvk")  # an unanswered search: counted, 1 (<5)
    await user.command("/faqadmin")
    messages = await user.press(plain("en", "coordinator-stats-button"))
    text = next(m.text for m in messages if m.kind == "text")
    assert any(m.kind == "photo" for m in messages)
    assert "papers: " in text and "6" in text
    assert "person: " in text
    counts = re.findall(r"(?<![\d-])([1-4])(?![\d-])", text.split("\n", 1)[1].replace("90%", ""))
    assert counts == [], (counts, text)
    assert "<5" in text
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 9


async def test_statistics_name_subjects_priorities_and_languages_in_the_coordinators_language(bot, emulator) -> None:
    app = bot.app
    now = datetime.now(UTC)
    async with app.sessions() as session:
        for n in range(6):
            session.add(User(tg_key=bytes([n + 50]) * 32, tg_id_sealed=b"x", locale="kk", onboarded=True,
                             created_on=now.date()))
        await session.flush()
        for n, user_id in enumerate(list(await session.scalars(select(User.id)))[:6]):
            session.add(Case(code=f"D{n}", user_id=user_id, open_for=user_id, status="open", priority="urgent",
                             subject="person" if n < 5 else "duress", locale="kk", sealed=b"x", opened_at=now,
                             keep=False))
        await session.commit()
    user = await onboarded(emulator, COORDINATOR, "ru")
    await user.command("/faqadmin")
    messages = await user.press(plain("ru", "coordinator-stats-button"))
    text = next(m.text for m in messages if m.kind == "text")
    for label in (plain("ru", "cases-subject-person"), plain("ru", "cases-subject-duress"), "Қазақша",
                  plain("ru", "cases-priority-urgent"), plain("ru", "cases-priority-normal")):
        assert f"{label}: " in text, (label, text)
    for raw in ("person", "duress", "kk", "urgent", "normal"):
        assert not re.search(rf"(^|\n|, ){raw}: ", text), (raw, text)
    assert re.search(rf"{plain('ru', 'cases-subject-duress')}: (0 \| )*<5$", text, re.M), text  # still hidden


async def test_review_list_on_demand_and_weekly(bot, emulator, clock) -> None:
    app = bot.app
    user = await coordinator(emulator)
    async with app.sessions() as session:
        item = await session.scalar(select(FaqItem).where(FaqItem.slug == SLUG))
        item.recheck_by = (clock.now() - timedelta(days=1)).date()
        await session.commit()
    await user.command("/faqadmin")
    [listing] = await user.press(plain("en", "coordinator-review-button"))
    assert SLUG in listing.text and plain("en", "coordinator-review-list") in listing.text

    async def started() -> bool:
        async with app.sessions() as session:
            return await FaqAdminRepository(session).last_run("faq-review") is not None

    for _ in range(50):
        if await started():
            break
        await emulator.wait_idle()
    assert await started()
    count = len(user.bot_messages())
    clock.advance(timedelta(days=7, minutes=1))
    await emulator.wait_for(lambda: len(user.bot_messages()) > count, timeout=10)
    weekly = user.bot_messages()[-1]
    assert SLUG in weekly.text and "Weekly reminder" in weekly.text


async def test_deleted_items_and_renamed_topics_survive_a_restart(bot, emulator) -> None:
    user = await coordinator(emulator)
    await open_item(user)
    await user.press(plain("en", "coordinator-delete-item-button"))
    await user.press(plain("en", "coordinator-yes-delete"))
    await user.press(plain("en", "coordinator-rename", language="ru"))
    await user.send_text("Продление справки")
    app = await bot.restart()
    async with app.sessions() as session:
        assert await session.scalar(select(FaqItem.id).where(FaqItem.slug == SLUG)) is None
    reader = await onboarded(emulator, 640000030, "ru")
    [topics] = await reader.press(plain("ru", "menu-faq"))
    assert "Продление справки" in reader.buttons(topics)
