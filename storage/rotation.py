"""Key rotation: re-seal every registered value under the ring's primary key.

Procedure: put the new key first in ENCRYPTION_KEYS (keep the old ones after it), restart the bot,
run `tirek keys rotate`, and drop an old key only once nothing needs it (nor any backup kept).

Each batch is its own short transaction and the walk is keyset-paginated by primary key, so large
tables do not hold locks for long and an interrupted run is finished by running it again: rows
already under the primary key are only counted. A row is written back only if its ciphertext is
still the one read (compare-and-swap), so the running bot's own writes are never overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import Cipher, DecryptionError
from storage.sealed import SEALED_COLUMNS, SealedColumn

BATCH_SIZE = 500


@dataclass
class ColumnRotation:
    resealed: int = 0
    current: int = 0  # already under the primary key
    changed: int = 0  # rewritten or deleted by the bot between read and write: left as it is
    unreadable: int = 0  # no key in the ring opens it: the old key must stay until this is 0


@dataclass
class RotationReport:
    primary_key_id: str
    columns: dict[str, ColumnRotation] = field(default_factory=dict)

    @property
    def resealed(self) -> int:
        return sum(c.resealed for c in self.columns.values())

    @property
    def unreadable(self) -> int:
        return sum(c.unreadable for c in self.columns.values())


async def rotate_keys(
    sessions: async_sessionmaker[AsyncSession],
    cipher: Cipher,
    *,
    batch_size: int = BATCH_SIZE,
    columns: Sequence[SealedColumn] = SEALED_COLUMNS,
) -> RotationReport:
    report = RotationReport(cipher.primary_key_id)
    for entry in columns:
        counts = report.columns[entry.name] = ColumnRotation()
        after: tuple | None = None
        limit = min(batch_size, entry.max_batch or batch_size)
        while True:
            async with sessions() as session, session.begin():
                rows = (await session.execute(_page(entry, after, limit))).mappings().all()
                for row in rows:
                    await _rotate_row(session, entry, cipher, row, counts)
            if len(rows) < limit:
                break
            after = tuple(rows[-1][c.name] for c in entry.primary_key)
    return report


def _page(entry: SealedColumn, after: tuple | None, limit: int):
    pk = entry.primary_key
    statement = select(entry.table).order_by(*pk).limit(limit)
    return statement if after is None else statement.where(_after(pk, after))


def _after(pk, values):
    # (a, b) > (x, y) spelled out: row-value comparison is not portable to every SQLite build.
    return or_(*(and_(*(pk[j] == values[j] for j in range(i)), column > values[i]) for i, column in enumerate(pk)))


async def _rotate_row(session: AsyncSession, entry: SealedColumn, cipher: Cipher, row, counts: ColumnRotation) -> None:
    blob = row[entry.column]
    context = entry.context(row)
    try:
        if cipher.key_id_of(blob) == cipher.primary_key_id:
            counts.current += 1
            return
        resealed = cipher.seal(cipher.open(blob, context), context)
    except DecryptionError:
        counts.unreadable += 1
        return
    where = [c == row[c.name] for c in entry.primary_key] + [entry.sealed == blob]
    result = await session.execute(update(entry.table).where(*where).values({entry.column: resealed}))
    if result.rowcount == 1:
        counts.resealed += 1
    else:
        counts.changed += 1
