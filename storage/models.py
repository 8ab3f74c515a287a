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
    # Failed deletions in disappearing mode; retried until MAX_ATTEMPTS (bot/services/disappearing.py).
    delete_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


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


# --- Issue 4: volunteers, cases, relay, delivery -------------------------------------------


class StaffMember(Base):
    """A volunteer or coordinator. Telegram id and alias sealed; `tg_key` finds them on each update."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tg_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {tg_id, alias}
    role: Mapped[str] = mapped_column(String(16))  # volunteer / coordinator
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_on: Mapped[date] = mapped_column(Date)
    revoked_on: Mapped[date | None] = mapped_column(Date)


class InviteCode(Base):
    """A one-time invite. Only a keyed hash of the code is kept: the database cannot hand one out."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code_key: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Append-only: who did what to which case or role, never any message content.

    Plain integer references (no foreign keys), so the record outlives the case or staff row.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)  # staff id; None: the bot itself
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    staff_id: Mapped[int | None] = mapped_column(BigInteger)  # the staff member a role change concerns


class Case(Base):
    """A conversation handed to volunteers, known to them only by its code.

    `open_for` holds the user id while the case is open and NULL once closed: a unique column,
    so two processes (or two fast messages) can never open two cases for one user.
    """

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status_priority", "status", "priority"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    open_for: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    status: Mapped[str] = mapped_column(String(16))  # open / closed
    priority: Mapped[str] = mapped_column(String(8))  # urgent / high / normal
    subject: Mapped[str] = mapped_column(String(32))  # person / report / papers / steps / triage / duress ...
    locale: Mapped[str] = mapped_column(String(16))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {card: [...]}, what the user agreed to share
    topic_id: Mapped[int | None] = mapped_column(BigInteger)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(String(32))
    urgent_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checkin_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when to ask "are you safe?"
    checkin_state: Mapped[str | None] = mapped_column(String(16))  # scheduled / asked / safe / help / alerted
    keep: Mapped[bool] = mapped_column(Boolean, default=False)  # the user asked to keep it past retention


class RelayLink(Base):
    """Which copy belongs to which original, so edits follow a message both ways. Ids only."""

    __tablename__ = "relay_links"
    __table_args__ = (
        Index("ix_relay_links_case_user_message", "case_id", "user_message_id"),
        Index("ix_relay_links_case_group_message", "case_id", "group_message_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(4))  # in: user -> topic; out: topic -> user
    user_message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the user's private chat
    group_message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the case's topic
    media: Mapped[bool] = mapped_column(Boolean, default=False)  # edits of media change the caption
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    """A Bot API call waiting to be made. Delivered in `id` order within its lane (one chat or
    topic); the row is deleted in the same transaction that records the delivery."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_lane_id", "lane", "id"), Index("ix_outbox_next_attempt_at", "next_attempt_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lane: Mapped[str] = mapped_column(String(48))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON: the call's parameters
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DuressWord(Base):
    """A user's duress word, as a keyed hash only."""

    __tablename__ = "duress_words"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    word_key: Mapped[bytes] = mapped_column(LargeBinary(32))


# --- Issue 5: coordinators' FAQ management and statistics ---------------------------------


class FaqVersion(Base):
    """One change to the FAQ: who (staff id or a keyed hash, never a Telegram id), when, what.

    `snapshot` is the item's whole state after the change (before it, for a deletion), so any
    version can be restored. `locales` lists the languages whose text changed: a translation is
    outdated when the source text changed after it. Plain integer references, so the history
    outlives a deleted item.
    """

    __tablename__ = "faq_versions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    topic_id: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # create / edit / delete / rollback / import / topic ...
    locales: Mapped[str] = mapped_column(String(64), default="")  # comma-separated
    snapshot: Mapped[str] = mapped_column(Text, default="")  # JSON; public FAQ content only


class FaqMissCount(Base):
    """Free-text searches that found nothing good, counted per day and language; never the text."""

    __tablename__ = "faq_miss_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class JobRun(Base):
    """When a periodic job (the weekly review list) last ran, so a restart does not repeat it."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeedRun(Base):
    """A digest of what the FAQ seed ("faq") and the bot's command menu and descriptions
    ("profile") were last made from, so a restart with the same files skips them: both would
    have to parse every locale."""

    __tablename__ = "seed_runs"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


# --- Issue 4, section 1: safe reports and their evidence ---------------------------------------


class Report(Base):
    """A safe report. Answers and consent are sealed together; `code` is what the user is shown.

    Times are kept (not only the day): a report's chronology is part of the evidence.
    """

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {answers, consent, shared}
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    keep: Mapped[bool] = mapped_column(Boolean, default=False)  # the user asked to keep it past retention


class Evidence(Base):
    """One item of a report's evidence: the file or text itself and its metadata, sealed apart so a
    listing never has to open (or load) the bytes."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {kind, size, sha256, name, mime, message_id, origin}
    blob_sealed: Mapped[bytes] = mapped_column(LargeBinary)  # the file's bytes, or a forwarded text
# --- Issue 6: privacy on the user's phone ----------------------------------------------------


class PrivacySettings(Base):
    """Quick-wipe word (a keyed hash only, never the word), disappearing mode (hours, or None) and
    whether the user asked for announcements (None: never chose, which means no)."""

    __tablename__ = "privacy_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    wipe_word_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    disappear_hours: Mapped[int | None] = mapped_column(Integer, index=True)  # the disappearing round
    announcements: Mapped[bool | None] = mapped_column(Boolean)


# --- Issue 5: announcements ------------------------------------------------------------------------


class Announcement(Base):
    """One announcement's progress. Its text is kept nowhere but in the sealed outbox rows that carry it."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))  # who it went to
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    staff_locale: Mapped[str] = mapped_column(String(16))  # the language of the final report
    total: Mapped[int] = mapped_column(Integer)
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InboxUpdate(Base):
    """A webhook update accepted but not yet handled (webhook mode). Any process may handle it,
    under a lease; a lane (one chat) is handled one update at a time, in update_id order."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_lane_update_id", "lane", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lane: Mapped[str] = mapped_column(String(48))  # a keyed hash of the chat, never its id
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # the update as Telegram sent it
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PendingErasure(Base):
    """A confirmed /forget not yet completed: committed with the confirmation, deleted when the
    erasure is complete, so a /forget cut short by a crash or a stop is finished by the next
    process (bot/services/erasure.py `ErasureResumer`). Normally it lives for a second or two."""

    __tablename__ = "pending_erasures"

    owner: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)  # HMAC of the chat, as users.tg_key
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # JSON {chat, locale}: to delete and to say "done"
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
