"""Storage: migrations both ways, FAQ seeding that respects edits, housekeeping, sealed FSM."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select, update

from bot.i18n import Translator, locales_root
from bot.services.faq_seed import load_seed, seed_faq
from storage.crypto import Cipher, DecryptionError, IdHasher
from storage.db import create_session_factory
from storage.fsm import SealedSqlStorage
from storage.migrations import downgrade, upgrade
from storage.models import FaqItem, FaqTranslation, FsmRecord
from storage.repositories import ChatMessageRepository, UpdateRepository
from tests.conftest import table_names as tables


async def test_migrations_upgrade_downgrade_upgrade(engine) -> None:
    assert {"users", "fsm_records", "processed_updates", "chat_messages", "faq_items"} <= await tables(engine)
    await downgrade(engine, "base")
    assert await tables(engine) <= {"alembic_version"}
    await upgrade(engine)
    assert "users" in await tables(engine)


async def test_seed_is_idempotent_and_keeps_coordinator_edits(engine) -> None:
    sessions = create_session_factory(engine)
    translator = Translator()
    async with sessions() as session:
        first = await seed_faq(session, translator)
    seed = load_seed()
    assert first.written == len(seed["items"]) and first.topics == len(seed["topics"])
    async with sessions() as session:
        again = await seed_faq(session, translator)
    assert (again.written, again.kept) == (0, len(seed["items"]))

    slug = seed["items"][0]["slug"]
    async with sessions() as session:  # a coordinator edits an item: its digest is cleared
        item_id = await session.scalar(select(FaqItem.id).where(FaqItem.slug == slug))
        await session.execute(update(FaqItem).where(FaqItem.id == item_id).values(seed_digest=None))
        await session.execute(
            update(FaqTranslation).where(FaqTranslation.item_id == item_id, FaqTranslation.locale == "en").values(answer="edited")
        )
        await session.commit()
    async with sessions() as session:
        await seed_faq(session, translator)
        answer = await session.scalar(
            select(FaqTranslation.answer).where(FaqTranslation.item_id == item_id, FaqTranslation.locale == "en")
        )
    assert answer == "edited"


class CountingTranslator(Translator):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rendered = 0

    def get(self, locale: str, message_id: str, **args) -> str:
        self.rendered += 1
        return super().get(locale, message_id, **args)


async def test_a_restart_with_the_same_files_skips_the_seed(engine) -> None:
    sessions = create_session_factory(engine)
    async with sessions() as session:
        first = await seed_faq(session, CountingTranslator())
    restarted = CountingTranslator()
    async with sessions() as session:
        again = await seed_faq(session, restarted)
    assert first.written > 0
    assert (again.written, again.kept, again.topics) == (0, first.written, first.topics)
    assert restarted.rendered == 0  # nothing rendered, so no locale parsed


async def test_a_changed_translation_seeds_again(engine, tmp_path) -> None:
    sessions = create_session_factory(engine)
    async with sessions() as session:
        await seed_faq(session, Translator())
    root = tmp_path / "locales"
    shutil.copytree(locales_root(), root)
    content = root / "en" / "faq-content.ftl"
    slug = load_seed()["items"][0]["slug"]
    source = content.read_text(encoding="utf-8")
    start = source.index(f"faq-item-{slug}-answer =")
    end = re.compile(r"\n(?=\S)").search(source, start).end()  # the message ends where a line starts unindented
    content.write_text(source[:start] + f"faq-item-{slug}-answer = A corrected answer.\n" + source[end:], encoding="utf-8")
    async with sessions() as session:
        result = await seed_faq(session, Translator(root))
        answer = await session.scalar(
            select(FaqTranslation.answer).join(FaqItem, FaqItem.id == FaqTranslation.item_id)
            .where(FaqItem.slug == slug, FaqTranslation.locale == "en"))
    assert result.written == 1
    assert answer == "A corrected answer."


async def test_every_offered_locale_is_seeded(engine) -> None:
    sessions = create_session_factory(engine)
    translator = Translator()
    async with sessions() as session:
        await seed_faq(session, translator)
        counts = dict((await session.execute(select(FaqTranslation.locale, func.count()).group_by(FaqTranslation.locale))).all())
    assert set(counts) == set(translator.complete_locales)
    assert len(set(counts.values())) == 1


async def test_housekeeping_prunes_old_ids(engine) -> None:
    sessions = create_session_factory(engine)
    now = datetime.now(UTC)
    async with sessions() as session:
        updates, messages = UpdateRepository(session), ChatMessageRepository(session)
        assert await updates.claim(1, now - timedelta(days=4))
        assert await updates.claim(2, now)
        assert not await updates.claim(2, now)  # a second claim of the same update fails
        await messages.record_many([(b"o" * 32, 10, False, now - timedelta(hours=49)), (b"o" * 32, 11, True, now)])
        assert await updates.prune(now - timedelta(days=3)) == 1
        assert await messages.prune(now - timedelta(hours=48)) == 1
        assert await messages.since(b"o" * 32, now - timedelta(hours=48)) == [11]


async def test_fsm_storage_seals_and_binds_rows(engine) -> None:
    sessions = create_session_factory(engine)
    cipher, hasher = Cipher([("k1", os.urandom(32))]), IdHasher(os.urandom(32))
    storage = SealedSqlStorage(sessions, cipher, hasher)
    key = StorageKey(bot_id=1, chat_id=555000111, user_id=555000111, destiny="aiogd:stack:")
    other = StorageKey(bot_id=1, chat_id=555000222, user_id=555000222, destiny="aiogd:stack:")
    await storage.set_data(key, {"answer": "secret words", "ids": [555000111]})
    await storage.set_state(key, "Faq:topics")
    assert await storage.get_data(key) == {"answer": "secret words", "ids": [555000111]}
    assert await storage.get_state(key) == "Faq:topics"
    assert await storage.get_data(other) == {}
    async with sessions() as session:
        row = await session.scalar(select(FsmRecord))
    assert b"secret words" not in row.sealed and row.owner == hasher.user(555000111)
    with pytest.raises(DecryptionError):  # moved to another key, it no longer opens
        cipher.open_json(row.sealed, "fsm:" + "00" * 32)
    await storage.set_state(key, None)
    await storage.set_data(key, {})
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0
