"""Every sealed column in one place, with the associated data (context) that binds it to its row.

Repositories take their contexts from here, and key rotation walks this list, so a sealed column
that is not listed would silently stay under an old key: tests/test_keys_and_backup.py fails when
a `*_sealed` or `sealed` column in storage.models is missing. The context strings are part of
the stored data: changing one makes existing ciphertexts unreadable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table

from storage.models import Base, Case, FsmRecord, OutboxMessage, Paper, StaffMember, User, UserSettings, UserStep


@dataclass(frozen=True)
class SealedColumn:
    model: type[Base]
    column: str
    # Context from the row's column values (a RowMapping, or a dict of just the columns it reads).
    context: Callable[[Mapping[str, Any]], str]
    # Rows per rotation batch, when a row can be large (an evidence file, up to 20 MB).
    max_batch: int | None = None

    @property
    def table(self) -> Table:
        return self.model.__table__

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column}"

    @property
    def sealed(self) -> Column:
        return self.table.c[self.column]

    @property
    def primary_key(self) -> tuple[Column, ...]:
        # Derived, not repeated, so it cannot drift from the model.
        return tuple(self.table.primary_key.columns)


USER_TG_ID = SealedColumn(User, "tg_id_sealed", lambda row: f"users.tg_id:{row['tg_key'].hex()}")
FSM_RECORD = SealedColumn(FsmRecord, "sealed", lambda row: f"fsm:{row['key'].hex()}")

# The paper's owner is part of the context: a ciphertext moved to another user's row fails.
PAPER = SealedColumn(Paper, "sealed", lambda row: f"papers:{row['id']}:{row['user_id']}")
USER_SETTINGS = SealedColumn(UserSettings, "sealed", lambda row: f"user_settings:{row['user_id']}")

# A "My steps" row: step code and status together, bound to the row and its owner.
USER_STEP = SealedColumn(UserStep, "sealed", lambda row: f"user_steps:{row['id']}:{row['user_id']}")

# A volunteer's or coordinator's Telegram id (to notify them) and the alias users see.
STAFF = SealedColumn(StaffMember, "sealed", lambda row: f"staff:{row['tg_key'].hex()}")
# What the user agreed to share with volunteers (the case card), bound to the case and its user.
CASE = SealedColumn(Case, "sealed", lambda row: f"cases:{row['id']}:{row['user_id']}")
# A pending Bot API call (chat ids, message ids, sometimes a text): bound to its row and lane.
OUTBOX = SealedColumn(OutboxMessage, "sealed", lambda row: f"outbox:{row['id']}:{row['lane']}")

SEALED_COLUMNS: tuple[SealedColumn, ...] = (
    USER_TG_ID, FSM_RECORD, PAPER, USER_SETTINGS, USER_STEP, STAFF, CASE, OUTBOX,
)

# A safe report (answers, consent) bound to its row and owner; its evidence bound to its row and
# report, the metadata and the bytes under different contexts so one cannot stand in for the other.
from storage.models import Evidence, Report  # noqa: E402  (kept apart: an additive block)

REPORT = SealedColumn(Report, "sealed", lambda row: f"reports:{row['id']}:{row['user_id']}")
EVIDENCE = SealedColumn(Evidence, "sealed", lambda row: f"evidence:{row['id']}:{row['report_id']}", max_batch=8)
EVIDENCE_BLOB = SealedColumn(Evidence, "blob_sealed", lambda row: f"evidence.blob:{row['id']}:{row['report_id']}",
                             max_batch=8)

SEALED_COLUMNS += (REPORT, EVIDENCE, EVIDENCE_BLOB)

# A webhook update waiting to be handled (it may carry a user's message): bound to its id and lane.
from storage.models import InboxUpdate  # noqa: E402  (kept apart: an additive block)

INBOX = SealedColumn(InboxUpdate, "sealed", lambda row: f"inbox:{row['update_id']}:{row['lane']}")

SEALED_COLUMNS += (INBOX,)

# A /forget confirmed and not yet completed: the chat id and the user's language, bound to the
# chat's keyed hash (the row's key).
from storage.models import PendingErasure  # noqa: E402  (kept apart: an additive block)

PENDING_ERASURE = SealedColumn(PendingErasure, "sealed", lambda row: f"pending_erasures:{row['owner'].hex()}")

SEALED_COLUMNS += (PENDING_ERASURE,)
