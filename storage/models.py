"""Database models. Database-neutral (SQLite and PostgreSQL); migrations live in storage/migrations.

What a seized database shows in readable form is deliberately small: hashes of Telegram ids,
message ids and timestamps, the user's chosen language, and the public FAQ. Everything a user
wrote and every Telegram id needed for sending is sealed (storage.crypto).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identities.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tg_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)  # HMAC(ID_PEPPER, id)
    tg_id_sealed: Mapped[bytes] = mapped_column(LargeBinary)  # AES-GCM, for sending later
    locale: Mapped[str | None] = mapped_column(String(16))
    onboarded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[date] = mapped_column(Date)  # a day, not a time: enough for retention


class FsmRecord(Base):
    """aiogram / aiogram-dialog state, sealed. `owner` finds a user's rows for erasure."""

    __tablename__ = "fsm_records"

    key: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    owner: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProcessedUpdate(Base):
    """Telegram update ids already taken: the same update delivered twice has one effect."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ChatMessage(Base):
    """Ids of recent messages in a private chat, so /forget can delete them within 48 hours."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("owner", "message_id", name="uq_chat_messages_owner_message"),
        Index("ix_chat_messages_sent_at", "sent_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    owner: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    message_id: Mapped[int] = mapped_column(BigInteger)
    from_bot: Mapped[bool] = mapped_column(Boolean)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FaqTopic(Base):
    __tablename__ = "faq_topics"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class FaqTopicTitle(Base):
    __tablename__ = "faq_topic_titles"

    topic_id: Mapped[int] = mapped_column(ForeignKey("faq_topics.id", ondelete="CASCADE"), primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str] = mapped_column(String(128))


class FaqItem(Base):
    __tablename__ = "faq_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("faq_topics.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    verified_on: Mapped[date] = mapped_column(Date)
    recheck_by: Mapped[date | None] = mapped_column(Date)
    # Digest of the seed this item was last written from. Editing an item in the bot clears it,
    # and the seeder leaves items with no digest alone, so a coordinator's edit is never lost.
    seed_digest: Mapped[str | None] = mapped_column(String(64))
    helpful_yes: Mapped[int] = mapped_column(Integer, default=0)
    helpful_no: Mapped[int] = mapped_column(Integer, default=0)


class FaqTranslation(Base):
    __tablename__ = "faq_translations"

    item_id: Mapped[int] = mapped_column(ForeignKey("faq_items.id", ondelete="CASCADE"), primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    keywords: Mapped[str] = mapped_column(Text, default="")


class FaqSource(Base):
    __tablename__ = "faq_sources"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("faq_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str] = mapped_column(String(16), default="")
    confidence: Mapped[str] = mapped_column(String(4), default="")


class Paper(Base):
    """A document a user keeps track of ("My papers"). Kind, expiry and place are sealed together."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {kind, expires, place}
    remind: Mapped[bool] = mapped_column(Boolean, default=True)  # False after "stop reminders"


class Reminder(Base):
    """One staged reminder. `due_at` is plaintext so the scheduler can query what is due."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    stage: Mapped[int] = mapped_column(Integer)  # days before expiry; -1: "remind me tomorrow"
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/sent/cancelled/failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserSettings(Base):
    """Reminder days and time zone, sealed (a time zone tells where someone lives)."""

    __tablename__ = "user_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {days: [30, 7, 1], tz: "Asia/Almaty"}


class UserStep(Base):
    """One step of a user's "My steps" checklist. Step code and status are sealed together:
    the codes reveal the user's situation. Rows go with the user (ON DELETE CASCADE)."""

    __tablename__ = "user_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {code, status}
    updated_on: Mapped[date] = mapped_column(Date)  # a day, not a time
