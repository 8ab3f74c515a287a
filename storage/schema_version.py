"""Is the database at the newest migration? Answered without importing Alembic.

Alembic (with Mako and Pygments) costs start-up time and about 11 MB of memory for the life of
the process, and on a restart, the usual case, there is nothing to migrate. The newest revision
is read from the migration files themselves; anything unexpected (no version table, a branch,
an unreadable file) answers "not current", and Alembic decides as before.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def head_revision(versions: Path = VERSIONS) -> str | None:
    """The one revision no other revision builds on; None if that is not exactly one."""
    revisions, parents = set(), set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            if path.name != "__init__.py":
                return None
            continue
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def schema_is_current(engine: AsyncEngine) -> bool:
    head = head_revision()
    if head is None:
        return False
    try:
        async with engine.connect() as connection:
            stored = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    except Exception:  # no version table yet (empty database): Alembic creates it
        return False
    return stored == [head]
