"""privacy_settings.disappear_hours indexed: the disappearing round finds the users in each mode
without reading every user's settings

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 20:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_privacy_settings_disappear_hours"), "privacy_settings", ["disappear_hours"])


def downgrade() -> None:
    op.drop_index(op.f("ix_privacy_settings_disappear_hours"), table_name="privacy_settings")
