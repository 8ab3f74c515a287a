"""seed_runs: the digest of the files the FAQ was last seeded from, so a restart can skip the seed

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 01:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seed_runs",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_seed_runs")),
    )


def downgrade() -> None:
    op.drop_table("seed_runs")
