"""pending_erasures: a confirmed /forget not yet completed, finished by the next process

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_erasures",
        sa.Column("owner", sa.LargeBinary(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_pending_erasures")),
    )
    op.create_index(op.f("ix_pending_erasures_lease_until"), "pending_erasures", ["lease_until"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_erasures_lease_until"), table_name="pending_erasures")
    op.drop_table("pending_erasures")
