"""Migration stairway: every Alembic revision upgrades, downgrades and upgrades again.

Runs over the revision list read from storage/migrations, so a new revision is covered without
touching this file; on SQLite by default and on PostgreSQL under `make test-postgres`
(the `database_url` fixture). Each step must leave exactly the schema it found: a downgrade that
forgets an index, or an upgrade that cannot run twice, fails here rather than in production.
"""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import inspect

from storage.db import create_engine
from storage.migrations import alembic_config, downgrade, upgrade
from storage.models import Base


def revisions() -> list[Script]:
    """Every revision, oldest first; the history must be one straight line."""
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, f"several heads, merge them: {script.get_heads()}"
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def schema(sync_connection) -> dict[str, Any]:
    """What a migration can change, in a form that compares equal across runs."""
    inspector = inspect(sync_connection)
    tables: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        tables[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)
            ),
            "foreign_keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in inspector.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
        }
    return tables


def current_revision(sync_connection) -> str | None:
    return MigrationContext.configure(sync_connection).get_current_revision()


@pytest.fixture
async def empty_engine(database_url: str):
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


async def run(engine, function):
    async with engine.connect() as connection:
        return await connection.run_sync(function)


def test_history_is_linear_and_starts_at_base() -> None:
    steps = revisions()
    assert steps and steps[0].down_revision is None
    for older, newer in zip(steps, steps[1:]):
        assert newer.down_revision == older.revision, f"{newer.revision} does not follow {older.revision}"


async def test_stairway_every_revision_up_down_up(empty_engine) -> None:
    assert await run(empty_engine, schema) == {}
    for step in revisions():
        below = step.down_revision or "base"
        before = await run(empty_engine, schema)

        await upgrade(empty_engine, step.revision)
        after = await run(empty_engine, schema)
        assert await run(empty_engine, current_revision) == step.revision

        await downgrade(empty_engine, below)
        assert await run(empty_engine, current_revision) == step.down_revision
        assert await run(empty_engine, schema) == before, f"downgrading {step.revision} does not restore the schema"

        await upgrade(empty_engine, step.revision)
        assert await run(empty_engine, schema) == after, f"upgrading {step.revision} again gives another schema"


async def test_head_matches_the_models(empty_engine) -> None:
    """The models and the migrations describe the same tables, columns and indexes."""
    await upgrade(empty_engine)

    def differences(sync_connection):
        context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    assert await run(empty_engine, differences) == []
