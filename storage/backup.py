"""Encrypted logical backups: `tirek backup PATH` and `tirek restore PATH`.

The dump is every table of storage.models as JSON lines (bytes base64, dates ISO), compressed and
then sealed whole with AES-256-GCM, so a copied backup shows nothing, not even the public FAQ or
which tables hold how much. File: MAGIC, format version, key id length, key id, nonce, ciphertext;
the header is the associated data, so altering it fails like altering the body. The backup key is
derived from an ENCRYPTION_KEYS key with HKDF, never the key itself, so no column ciphertext and
the backup ever share a key. Keep an old key in the ring while backups sealed with it are kept.

Being logical, a backup restores across SQLite and PostgreSQL, but only into the same schema
revision: it records its revision and restore refuses another one. Restore also refuses a backup
whose users were keyed with another ID_PEPPER (checked on one user: the HMAC of their sealed
Telegram id), since the bot could then find none of them.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Column, Date, DateTime, LargeBinary, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.crypto import Cipher, DecryptionError, IdHasher
from storage.migrations import alembic_config, upgrade
from storage.models import Base, User
from storage.sealed import SEALED_COLUMNS, USER_TG_ID

MAGIC = b"TIREKBAK"
FORMAT_VERSION = 1
HKDF_INFO = b"tirek-backup-v1"
NONCE_BYTES = 12
INSERT_BATCH = 500
READ_CHUNK = 1 << 16

KeyRing = list[tuple[str, bytes]]


class BackupError(Exception):
    """One line for the operator; the target database is untouched when it is raised."""


# --- file format --------------------------------------------------------------------------------


def backup_key(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(key)


def seal_backup(payload: bytes, key_ring: KeyRing) -> bytes:
    key_id, key = key_ring[0][0].encode(), key_ring[0][1]
    header = MAGIC + bytes([FORMAT_VERSION, len(key_id)]) + key_id
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + AESGCM(backup_key(key)).encrypt(nonce, payload, header)


def open_backup(blob: bytes, key_ring: KeyRing) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 2:
        raise BackupError("not a Tirek backup file")
    version, id_length = blob[len(MAGIC)], blob[len(MAGIC) + 1]
    if version != FORMAT_VERSION:
        raise BackupError(f"backup format {version} is not supported (expected {FORMAT_VERSION})")
    header_end = len(MAGIC) + 2 + id_length
    key_id = blob[len(MAGIC) + 2 : header_end].decode("ascii", "replace")
    key = dict(key_ring).get(key_id)
    if key is None:
        raise BackupError(f"backup was sealed with key id {key_id!r}, which is not in ENCRYPTION_KEYS")
    nonce, sealed = blob[header_end : header_end + NONCE_BYTES], blob[header_end + NONCE_BYTES :]
    try:
        return AESGCM(backup_key(key)).decrypt(nonce, sealed, blob[:header_end])
    except (InvalidTag, ValueError):
        raise BackupError(f"backup does not open: wrong key for key id {key_id!r}, or the file was altered") from None


# --- rows as JSON ---------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value


def _decoder(column: Column) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    if isinstance(kind, DateTime):
        return _aware_datetime if kind.timezone else datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    return lambda v: v


def _aware_datetime(value: str) -> datetime:
    # SQLite hands back naive UTC for timezone-aware columns; say so for PostgreSQL.
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


@dataclass(frozen=True)
class Backup:
    """A backup that opened and parsed completely; `rows()` decodes it again for the restore."""

    revision: str
    counts: dict[str, int]
    payload: bytes  # compressed JSON lines, authenticated

    def rows(self) -> Iterator[tuple[Table, dict[str, Any]]]:
        lines = _json_lines(self.payload)
        next(lines)  # header, checked by read_backup
        tables, order = Base.metadata.tables, {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
        decoders = {name: {c.name: _decoder(c) for c in table.columns} for name, table in tables.items()}
        last = -1
        for record in lines:
            name, row = record["table"], record["row"]
            if order[name] < last or set(row) != set(decoders[name]):
                raise BackupError(f"backup rows of {name} are out of order or do not match the schema")
            last = order[name]
            yield tables[name], {key: None if v is None else decoders[name][key](v) for key, v in row.items()}


def _json_lines(payload: bytes) -> Iterator[dict]:
    """Decompressed a chunk at a time: a large backup is never held as plain text in memory."""
    decompressor, pending = zlib.decompressobj(), b""
    for start in range(0, len(payload) + READ_CHUNK, READ_CHUNK):
        chunk = payload[start : start + READ_CHUNK]
        pending += decompressor.decompress(chunk) if chunk else decompressor.flush()
        *lines, pending = pending.split(b"\n")
        yield from map(json.loads, lines)
    if pending or not decompressor.eof or decompressor.unused_data:
        raise BackupError("backup content is truncated or has trailing data")


def read_backup(path: str | Path, key_ring: KeyRing, hasher: IdHasher) -> Backup:
    """Open, decompress and check every row, before any database is touched. `hasher` holds the
    ID_PEPPER the restored bot will use: the backup's users must have been keyed with it."""
    try:
        blob = Path(path).read_bytes()
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from None
    payload = open_backup(blob, key_ring)
    cipher, ring_ids, sealed_columns = Cipher(key_ring), {key_id for key_id, _ in key_ring}, {}
    for entry in SEALED_COLUMNS:
        sealed_columns.setdefault(entry.table.name, []).append(entry.column)
    try:
        header = next(_json_lines(payload), None)
        if not isinstance(header, dict) or header.get("format") != "tirek-backup":
            raise BackupError("backup content has no Tirek header")
        backup = Backup(header["revision"], {t.name: 0 for t in Base.metadata.sorted_tables}, payload)
        # Restoring values whose key is gone would give a bot that cannot read its own data.
        missing_keys: set[str] = set()
        a_user: dict[str, Any] | None = None
        for table, row in backup.rows():
            backup.counts[table.name] += 1
            missing_keys.update(_key_id(cipher, row[c]) for c in sealed_columns.get(table.name, ()))
            if a_user is None and table.name == User.__tablename__:
                a_user = row
        missing_keys -= ring_ids
    except (zlib.error, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"backup content is malformed ({type(error).__name__})") from None
    if missing_keys:
        raise BackupError(f"backup holds values sealed with key ids {sorted(missing_keys)} not in ENCRYPTION_KEYS")
    if a_user is not None and not _keyed_with(a_user, cipher, hasher):
        # Every lookup by Telegram id would miss: each user would start again as a stranger,
        # their papers, cases and settings kept but out of reach.
        raise BackupError("backup's users were keyed with another ID_PEPPER: "
                          "restore with the ID_PEPPER of the installation that wrote it")
    return backup


def _keyed_with(user: dict[str, Any], cipher: Cipher, hasher: IdHasher) -> bool:
    """Whether this user's lookup key is the HMAC of their (sealed) Telegram id under `hasher`."""
    telegram_id = int(cipher.open_text(user["tg_id_sealed"], USER_TG_ID.context(user)))
    return hmac.compare_digest(hasher.user(telegram_id), user["tg_key"])


def _key_id(cipher: Cipher, blob: bytes) -> str:
    try:
        return cipher.key_id_of(blob)
    except DecryptionError:
        return "?"


# --- database -------------------------------------------------------------------------------------


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def database_revision(connection: AsyncConnection) -> str | None:
    return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


async def write_backup(engine: AsyncEngine, path: str | Path, key_ring: KeyRing) -> dict[str, int]:
    compressor, chunks = zlib.compressobj(9), []
    counts: dict[str, int] = {}
    async with engine.connect() as connection:
        await _begin_snapshot(connection)
        revision = await database_revision(connection)
        if revision != head_revision():
            raise BackupError(f"database is at schema revision {revision}, this Tirek expects {head_revision()}: "
                              "run `tirek db upgrade` first")
        header = {"format": "tirek-backup", "revision": revision, "created_at": datetime.now(UTC).isoformat()}
        chunks.append(compressor.compress(_line(header)))
        for table in Base.metadata.sorted_tables:
            counts[table.name] = 0
            result = await connection.stream(select(table).order_by(*table.primary_key.columns))
            async for row in result.mappings():
                record = {"table": table.name, "row": {k: _encode(v) for k, v in row.items()}}
                chunks.append(compressor.compress(_line(record)))
                counts[table.name] += 1
        await connection.rollback()
    chunks.append(compressor.flush())
    _write_private(Path(path), seal_backup(b"".join(chunks), key_ring))
    return counts


async def _begin_snapshot(connection: AsyncConnection) -> None:
    """All tables from one consistent moment, even while the bot writes (no FK-broken dumps)."""
    if connection.dialect.name == "postgresql":
        await connection.execution_options(isolation_level="REPEATABLE READ")
    elif connection.dialect.name == "sqlite":
        await connection.exec_driver_sql("BEGIN")  # the driver opens none for reads; WAL keeps the snapshot


def _write_private(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a crash never leaves a half backup under the final name. Mode 0600."""
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise BackupError(f"cannot write {path}: {error.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


async def restore_backup(
    engine: AsyncEngine, path: str | Path, key_ring: KeyRing, hasher: IdHasher, *, force: bool = False
) -> dict[str, int]:
    """Replace every row with the backup's, in one transaction. Stop the bot first."""
    backup = read_backup(path, key_ring, hasher)
    if backup.revision != head_revision():
        raise BackupError(f"backup is from schema revision {backup.revision}; this Tirek expects {head_revision()}")
    await upgrade(engine)  # a fresh database gets its tables; an existing one is already at head
    async with engine.begin() as connection:
        users = await connection.scalar(select(func.count()).select_from(User.__table__))
        if users and not force:
            raise BackupError(f"the database already has {users} users; pass --force to replace everything in it")
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
        batch: list[dict] = []
        current: Table | None = None
        for table, row in backup.rows():
            if batch and (table is not current or len(batch) >= INSERT_BATCH):
                await connection.execute(current.insert(), batch)
                batch = []
            current = table
            batch.append(row)
        if batch:
            await connection.execute(current.insert(), batch)
        if connection.dialect.name == "postgresql":
            await _reset_sequences(connection)
    return backup.counts


async def _reset_sequences(connection: AsyncConnection) -> None:
    """Explicit ids do not advance PostgreSQL sequences; without this the next insert collides."""
    quote = connection.dialect.identifier_preparer.quote
    for table in Base.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is not None:
            await connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                     f"COALESCE(MAX({quote(column.name)}), 0) + 1, false) FROM {quote(table.name)}"),
                {"table": quote(table.name), "column": column.name},
            )
