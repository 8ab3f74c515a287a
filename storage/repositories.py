"""Repositories: queries over one session, returning plain dataclasses. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace

from sqlalchemy import Row, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher, IdHasher
from storage.models import (
    ChatMessage,
    FaqItem,
    FaqSource,
    FaqTopic,
    FaqTopicTitle,
    FaqTranslation,
    FsmRecord,
    ProcessedUpdate,
    SeedRun,
    User,
)
from storage.sealed import USER_TG_ID


def _insert_of(backend: str):
    """INSERT that can ignore conflicts on either backend."""
    return pg_insert if backend == "postgresql" else sqlite_insert


def _insert(session: AsyncSession, table):
    return _insert_of(session.bind.dialect.name)(table)


# --- statements of every update, built once ------------------------------------------------------
# Building a statement per call (and SQLAlchemy's cache key for it, and the ORM's handling of an
# entity) cost more CPU than running it: 550-580 us against 220-320 us per statement built once,
# measured with bench/statements.py. These run on every update, so they are built once per backend, as
# Core statements over the tables, with bound parameters.

_users, _fsm, _chat = User.__table__, FsmRecord.__table__, ChatMessage.__table__
_updates = ProcessedUpdate.__table__
_items, _texts, _sources = FaqItem.__table__, FaqTranslation.__table__, FaqSource.__table__


@cache
def _statements(backend: str) -> SimpleNamespace:
    insert = _insert_of(backend)
    fsm_upsert = insert(_fsm)
    fsm_upsert = fsm_upsert.on_conflict_do_update(
        index_elements=[_fsm.c.key],
        set_={"sealed": fsm_upsert.excluded.sealed, "updated_at": fsm_upsert.excluded.updated_at},
    )
    return SimpleNamespace(
        user_by_key=select(_users.c.id, _users.c.tg_key, _users.c.locale, _users.c.onboarded)
        .where(_users.c.tg_key == bindparam("tg_key")),
        claim_update=insert(_updates).on_conflict_do_nothing(index_elements=[_updates.c.update_id]),
        note_message=insert(_chat).on_conflict_do_nothing(index_elements=[_chat.c.owner, _chat.c.message_id]),
        fsm_load=select(_fsm.c.sealed, _fsm.c.updated_at).where(_fsm.c.key == bindparam("key")),
        fsm_load_owner=select(_fsm.c.key, _fsm.c.sealed, _fsm.c.updated_at).where(_fsm.c.owner == bindparam("owner")),
        fsm_upsert=fsm_upsert,
        fsm_delete=delete(_fsm).where(_fsm.c.key == bindparam("key")),
        faq_entry=select(_items.c.id, _items.c.slug, _items.c.topic_id, _texts.c.question, _texts.c.answer,
                         _items.c.verified_on, _items.c.recheck_by)
        .join_from(_items, _texts, _texts.c.item_id == _items.c.id)
        .where(_items.c.id == bindparam("item_id"), _texts.c.locale == bindparam("locale")),
        faq_sources=select(_sources.c.title, _sources.c.url, _sources.c.published, _sources.c.confidence)
        .where(_sources.c.item_id == bindparam("item_id")).order_by(_sources.c.position),
    )


def _prebuilt(session: AsyncSession) -> SimpleNamespace:
    return _statements(session.bind.dialect.name)


# --- users --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserProfile:
    id: int
    tg_key: bytes
    locale: str | None
    onboarded: bool


def _profile(row: Row) -> UserProfile:
    return UserProfile(id=row.id, tg_key=row.tg_key, locale=row.locale, onboarded=row.onboarded)


class UserRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, hasher: IdHasher) -> None:
        self.session, self.cipher, self.hasher = session, cipher, hasher

    async def _by_key(self, key: bytes) -> UserProfile | None:
        row = (await self.session.execute(_prebuilt(self.session).user_by_key, {"tg_key": key})).first()
        return _profile(row) if row else None

    async def find(self, telegram_id: int) -> UserProfile | None:
        return await self._by_key(self.hasher.user(telegram_id))

    async def get_or_create(self, telegram_id: int, today: date) -> UserProfile:
        key = self.hasher.user(telegram_id)
        # Read first: nearly every update comes from a known user, and an INSERT, even one that
        # changes nothing, is a write transaction (on SQLite, a turn at the one write lock).
        profile = await self._by_key(key)
        if profile is None:
            statement = (
                _insert(self.session, User)
                .values(
                    tg_key=key,
                    tg_id_sealed=self.cipher.seal_text(str(telegram_id), USER_TG_ID.context({"tg_key": key})),
                    onboarded=False,
                    created_on=today,
                )
                .on_conflict_do_nothing(index_elements=[User.tg_key])  # another process was first
            )
            await self.session.execute(statement)
            profile = await self._by_key(key)
        assert profile is not None
        return profile

    async def telegram_id(self, user_id: int) -> int:
        row = await self.session.get_one(User, user_id)
        return int(self.cipher.open_text(row.tg_id_sealed, USER_TG_ID.context({"tg_key": row.tg_key})))

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(locale=locale))

    async def set_onboarded(self, user_id: int) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(onboarded=True))

    async def delete(self, tg_key: bytes) -> None:
        await self.session.execute(delete(User).where(User.tg_key == tg_key))


# --- what start-up work was last made from -------------------------------------------------------


class SeedRunRepository:
    """Digests of the inputs of start-up work (the FAQ seed, the command menu), so a restart with
    the same inputs skips it."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def digest(self, name: str) -> str | None:
        return await self.session.scalar(select(SeedRun.digest).where(SeedRun.name == name))

    async def set_digest(self, name: str, digest: str) -> None:
        statement = _insert(self.session, SeedRun).values(name=name, digest=digest)
        await self.session.execute(statement.on_conflict_do_update(index_elements=[SeedRun.name], set_={"digest": digest}))


# --- dialog state ---------------------------------------------------------------------------------


class FsmRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load_dated(self, key: bytes) -> tuple[bytes, datetime] | None:
        """The sealed record and when it was last written."""
        row = (await self.session.execute(_prebuilt(self.session).fsm_load, {"key": key})).first()
        return None if row is None else (row.sealed, row.updated_at)

    async def load_owner(self, owner: bytes) -> list[tuple[bytes, bytes, datetime]]:
        """Every record of one chat: (key, sealed, when last written)."""
        rows = await self.session.execute(_prebuilt(self.session).fsm_load_owner, {"owner": owner})
        return [(row.key, row.sealed, row.updated_at) for row in rows]

    async def save_many(self, records: Sequence[tuple[bytes, bytes, bytes]], now: datetime) -> None:
        """(key, owner, sealed) for each record, in one statement."""
        if records:
            await self.session.execute(_prebuilt(self.session).fsm_upsert, [
                {"key": key, "owner": owner, "sealed": sealed, "updated_at": now} for key, owner, sealed in records
            ])

    async def delete_many(self, keys: Sequence[bytes]) -> None:
        if keys:
            await self.session.execute(_prebuilt(self.session).fsm_delete, [{"key": key} for key in keys])

    async def delete_owner(self, owner: bytes) -> None:
        await self.session.execute(delete(FsmRecord).where(FsmRecord.owner == owner))

    async def prune(self, before: datetime) -> int:
        result = await self.session.execute(delete(FsmRecord).where(FsmRecord.updated_at < before))
        return result.rowcount


# --- updates and chat messages --------------------------------------------------------------------


class UpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, update_id: int, now: datetime) -> bool:
        """True for the first taker of this update id; False when it was taken before."""
        result = await self.session.execute(
            _prebuilt(self.session).claim_update, {"update_id": update_id, "received_at": now})
        return result.rowcount == 1

    async def prune(self, before: datetime) -> int:
        result = await self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.received_at < before))
        return result.rowcount


class ChatMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record_many(self, messages: Sequence[tuple[bytes, int, bool, datetime]]) -> None:
        """(owner, message id, from the bot, when) for each message, in one statement."""
        if messages:
            await self.session.execute(_prebuilt(self.session).note_message, [
                {"owner": owner, "message_id": message_id, "from_bot": from_bot, "sent_at": at,
                 "delete_attempts": 0}
                for owner, message_id, from_bot, at in messages
            ])

    async def since(self, owner: bytes, after: datetime) -> list[int]:
        rows = await self.session.scalars(
            select(ChatMessage.message_id)
            .where(ChatMessage.owner == owner, ChatMessage.sent_at > after)
            .order_by(ChatMessage.message_id)
        )
        return list(rows)

    async def delete_owner(self, owner: bytes) -> None:
        await self.session.execute(delete(ChatMessage).where(ChatMessage.owner == owner))

    async def delete_ids(self, owner: bytes, message_ids: Sequence[int]) -> None:
        if message_ids:
            await self.session.execute(
                delete(ChatMessage).where(ChatMessage.owner == owner, ChatMessage.message_id.in_(message_ids))
            )

    async def prune(self, before: datetime) -> int:
        result = await self.session.execute(delete(ChatMessage).where(ChatMessage.sent_at < before))
        return result.rowcount


# --- FAQ ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicEntry:
    id: int
    slug: str
    title: str


@dataclass(frozen=True)
class QuestionEntry:
    id: int
    slug: str
    question: str


@dataclass(frozen=True)
class SourceEntry:
    title: str
    url: str
    published: str
    confidence: str


@dataclass(frozen=True)
class FaqEntry:
    id: int
    slug: str
    topic_id: int
    question: str
    answer: str
    verified_on: date
    recheck_by: date | None
    sources: tuple[SourceEntry, ...]


@dataclass(frozen=True)
class SearchDocument:
    item_id: int
    locale: str
    question: str
    answer: str
    keywords: str


class FaqRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def topics(self, locale: str) -> list[TopicEntry]:
        rows = await self.session.execute(
            select(FaqTopic.id, FaqTopic.slug, FaqTopicTitle.title)
            .join(FaqTopicTitle, FaqTopicTitle.topic_id == FaqTopic.id)
            .where(FaqTopicTitle.locale == locale)
            .order_by(FaqTopic.position, FaqTopic.id)
        )
        return [TopicEntry(*row) for row in rows]

    async def topic(self, topic_id: int, locale: str) -> TopicEntry | None:
        row = (
            await self.session.execute(
                select(FaqTopic.id, FaqTopic.slug, FaqTopicTitle.title)
                .join(FaqTopicTitle, FaqTopicTitle.topic_id == FaqTopic.id)
                .where(FaqTopic.id == topic_id, FaqTopicTitle.locale == locale)
            )
        ).first()
        return TopicEntry(*row) if row else None

    async def questions(self, topic_id: int, locale: str) -> list[QuestionEntry]:
        rows = await self.session.execute(
            select(FaqItem.id, FaqItem.slug, FaqTranslation.question)
            .join(FaqTranslation, FaqTranslation.item_id == FaqItem.id)
            .where(FaqItem.topic_id == topic_id, FaqTranslation.locale == locale)
            .order_by(FaqItem.position, FaqItem.id)
        )
        return [QuestionEntry(*row) for row in rows]

    async def entry(self, item_id: int, locale: str) -> FaqEntry | None:
        statements = _prebuilt(self.session)
        row = (await self.session.execute(statements.faq_entry, {"item_id": item_id, "locale": locale})).first()
        if row is None:
            return None
        sources = await self.session.execute(statements.faq_sources, {"item_id": item_id})
        return FaqEntry(*row, sources=tuple(SourceEntry(*source) for source in sources))

    async def search_documents(self) -> list[SearchDocument]:
        rows = await self.session.execute(
            select(
                FaqTranslation.item_id,
                FaqTranslation.locale,
                FaqTranslation.question,
                FaqTranslation.answer,
                FaqTranslation.keywords,
            ).order_by(FaqTranslation.item_id)
        )
        return [SearchDocument(*row) for row in rows]

    async def record_vote(self, item_id: int, helpful: bool) -> bool:
        column = FaqItem.helpful_yes if helpful else FaqItem.helpful_no
        result = await self.session.execute(update(FaqItem).where(FaqItem.id == item_id).values({column: column + 1}))
        return result.rowcount == 1

    # seeding ---------------------------------------------------------------------------------

    async def upsert_topic(self, slug: str, position: int, titles: dict[str, str]) -> int:
        topic_id = await self.session.scalar(select(FaqTopic.id).where(FaqTopic.slug == slug))
        if topic_id is None:
            topic = FaqTopic(slug=slug, position=position)
            self.session.add(topic)
            await self.session.flush()
            topic_id = topic.id
        await self.session.execute(delete(FaqTopicTitle).where(FaqTopicTitle.topic_id == topic_id))
        self.session.add_all(FaqTopicTitle(topic_id=topic_id, locale=loc, title=t) for loc, t in titles.items())
        return topic_id

    async def topic_id(self, slug: str) -> int | None:
        return await self.session.scalar(select(FaqTopic.id).where(FaqTopic.slug == slug))

    async def item_seed_digest(self, slug: str) -> tuple[int, str | None] | None:
        row = (await self.session.execute(select(FaqItem.id, FaqItem.seed_digest).where(FaqItem.slug == slug))).first()
        return (row[0], row[1]) if row else None

    async def write_item(
        self,
        *,
        item_id: int | None,
        slug: str,
        topic_id: int,
        position: int,
        verified_on: date,
        recheck_by: date | None,
        seed_digest: str,
        texts: dict[str, tuple[str, str, str]],
        sources: Sequence[SourceEntry],
    ) -> int:
        if item_id is None:
            item = FaqItem(slug=slug, topic_id=topic_id, helpful_yes=0, helpful_no=0, position=position,
                           verified_on=verified_on, recheck_by=recheck_by, seed_digest=seed_digest)
            self.session.add(item)
            await self.session.flush()
            item_id = item.id
        else:
            await self.session.execute(
                update(FaqItem)
                .where(FaqItem.id == item_id)
                .values(topic_id=topic_id, position=position, verified_on=verified_on,
                        recheck_by=recheck_by, seed_digest=seed_digest)
            )
            await self.session.execute(delete(FaqTranslation).where(FaqTranslation.item_id == item_id))
            await self.session.execute(delete(FaqSource).where(FaqSource.item_id == item_id))
        self.session.add_all(
            FaqTranslation(item_id=item_id, locale=loc, question=q, answer=a, keywords=k)
            for loc, (q, a, k) in texts.items()
        )
        self.session.add_all(
            FaqSource(item_id=item_id, position=i, title=s.title, url=s.url, published=s.published,
                      confidence=s.confidence)
            for i, s in enumerate(sources)
        )
        return item_id
