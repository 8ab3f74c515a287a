"""The start-up check that skips Alembic agrees with Alembic, and never skips a pending migration."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from storage.db import create_engine
from storage.migrations import alembic_config, downgrade, upgrade
from storage.schema_version import head_revision, schema_is_current


def test_head_is_alembics_head() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_branch_or_an_unreadable_file_gives_no_head(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "b"\ndown_revision: str | None = "a"\n')
    assert head_revision(tmp_path) == "b"
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')  # a second head
    assert head_revision(tmp_path) is None
    (tmp_path / "c.py").write_text("nothing alembic would read\n")
    assert head_revision(tmp_path) is None


@pytest.fixture
async def engine(database_url: str):
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


async def test_current_only_at_head(engine) -> None:
    assert not await schema_is_current(engine)  # empty: no version table
    await upgrade(engine)
    assert await schema_is_current(engine)
    await downgrade(engine, "-1")
    assert not await schema_is_current(engine)  # a migration is pending
    await upgrade(engine)
    assert await schema_is_current(engine)
