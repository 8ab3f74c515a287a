"""announcements: the users' opt-in, and each announcement's progress (never its text)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("privacy_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("announcements", sa.Boolean(), nullable=True))
    op.create_table(
        "announcements",
        sa.Column("id", BigId, nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("staff_id", BigId, nullable=True),
        sa.Column("staff_locale", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_announcements_staff_id_staff"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )


def downgrade() -> None:
    op.drop_table("announcements")
    with op.batch_alter_table("privacy_settings", schema=None) as batch_op:
        batch_op.drop_column("announcements")
