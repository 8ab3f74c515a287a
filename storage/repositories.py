"""Repositories: queries over one session, returning plain dataclasses. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
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
    User,
)
from storage.sealed import USER_TG_ID


def _insert(session: AsyncSession, table):
    """INSERT that can ignore conflicts on either backend."""
    return (pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert)(table)


# --- users --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserProfile:
    id: int
    tg_key: bytes
    locale: str | None
    onboarded: bool


def _profile(row: User) -> UserProfile:
    return UserProfile(id=row.id, tg_key=row.tg_key, locale=row.locale, onboarded=row.onboarded)


class UserRepository:
    def __init__(self, session: AsyncSession, cipher: Cipher, hasher: IdHasher) -> None:
        self.session, self.cipher, self.hasher = session, cipher, hasher

    async def find(self, telegram_id: int) -> UserProfile | None:
        row = await self.session.scalar(select(User).where(User.tg_key == self.hasher.user(telegram_id)))
        return _profile(row) if row else None

    async def get_or_create(self, telegram_id: int, today: date) -> UserProfile:
        key = self.hasher.user(telegram_id)
        # Read first: nearly every update comes from a known user, and an INSERT, even one that
        # changes nothing, is a write transaction (on SQLite, a turn at the one write lock).
        row = await self.session.scalar(select(User).where(User.tg_key == key))
        if row is None:
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
            row = await self.session.scalar(select(User).where(User.tg_key == key))
        assert row is not None
        return _profile(row)

    async def telegram_id(self, user_id: int) -> int:
        row = await self.session.get_one(User, user_id)
        return int(self.cipher.open_text(row.tg_id_sealed, USER_TG_ID.context({"tg_key": row.tg_key})))

    async def set_locale(self, user_id: int, locale: str) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(locale=locale))

    async def set_onboarded(self, user_id: int) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(onboarded=True))

    async def delete(self, tg_key: bytes) -> None:
        await self.session.execute(delete(User).where(User.tg_key == tg_key))


# --- dialog state ---------------------------------------------------------------------------------


class FsmRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, key: bytes) -> bytes | None:
        return await self.session.scalar(select(FsmRecord.sealed).where(FsmRecord.key == key))

    async def load_dated(self, key: bytes) -> tuple[bytes, datetime] | None:
        """The sealed record and when it was last written."""
        row = (await self.session.execute(
            select(FsmRecord.sealed, FsmRecord.updated_at).where(FsmRecord.key == key)
        )).first()
        return None if row is None else (row.sealed, row.updated_at)

    async def load_owner(self, owner: bytes) -> list[tuple[bytes, bytes, datetime]]:
        """Every record of one chat: (key, sealed, when last written)."""
        rows = await self.session.execute(
            select(FsmRecord.key, FsmRecord.sealed, FsmRecord.updated_at).where(FsmRecord.owner == owner)
        )
        return [(row.key, row.sealed, row.updated_at) for row in rows]

    async def save(self, key: bytes, owner: bytes, sealed: bytes, now: datetime) -> None:
        statement = _insert(self.session, FsmRecord).values(key=key, owner=owner, sealed=sealed, updated_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[FsmRecord.key], set_={"sealed": sealed, "updated_at": now}
        )
        await self.session.execute(statement)

    async def delete(self, key: bytes) -> None:
        await self.session.execute(delete(FsmRecord).where(FsmRecord.key == key))

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
        statement = (
            _insert(self.session, ProcessedUpdate)
            .values(update_id=update_id, received_at=now)
            .on_conflict_do_nothing(index_elements=[ProcessedUpdate.update_id])
        )
        result = await self.session.execute(statement)
        return result.rowcount == 1

    async def prune(self, before: datetime) -> int:
        result = await self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.received_at < before))
        return result.rowcount


class ChatMessageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, owner: bytes, message_id: int, from_bot: bool, at: datetime) -> None:
        statement = (
            _insert(self.session, ChatMessage)
            .values(owner=owner, message_id=message_id, from_bot=from_bot, sent_at=at)
            .on_conflict_do_nothing(index_elements=[ChatMessage.owner, ChatMessage.message_id])
        )
        await self.session.execute(statement)

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
        row = (
            await self.session.execute(
                select(FaqItem, FaqTranslation)
                .join(FaqTranslation, FaqTranslation.item_id == FaqItem.id)
                .where(FaqItem.id == item_id, FaqTranslation.locale == locale)
            )
        ).first()
        if row is None:
            return None
        item, text = row
        sources = await self.session.scalars(
            select(FaqSource).where(FaqSource.item_id == item_id).order_by(FaqSource.position)
        )
        return FaqEntry(
            id=item.id,
            slug=item.slug,
            topic_id=item.topic_id,
            question=text.question,
            answer=text.answer,
            verified_on=item.verified_on,
            recheck_by=item.recheck_by,
            sources=tuple(SourceEntry(s.title, s.url, s.published, s.confidence) for s in sources),
        )

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
