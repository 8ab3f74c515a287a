"""user_steps ("My steps" checklist, code and status sealed together)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "user_steps",
        sa.Column("id", BigId, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_steps_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_steps")),
    )
    with op.batch_alter_table("user_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_steps_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_steps_user_id"))
    op.drop_table("user_steps")
