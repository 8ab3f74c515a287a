"""privacy settings (quick-wipe word as a keyed hash, disappearing mode); deletion attempts per message

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 19:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "privacy_settings",
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("wipe_word_key", sa.LargeBinary(length=32), nullable=True),
        sa.Column("disappear_hours", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_privacy_settings_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_privacy_settings")),
    )
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delete_attempts", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_column("delete_attempts")
    op.drop_table("privacy_settings")
