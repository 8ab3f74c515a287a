"""FAQ versions, unanswered-search counts, periodic job runs

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('faq_versions',
    sa.Column('id', BigId, nullable=False),
    sa.Column('item_id', sa.BigInteger(), nullable=True),
    sa.Column('topic_id', sa.BigInteger(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('locales', sa.String(length=64), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_faq_versions'))
    )
    with op.batch_alter_table('faq_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_faq_versions_item_id'), ['item_id'], unique=False)

    op.create_table('faq_miss_counts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'locale', name=op.f('pk_faq_miss_counts'))
    )
    op.create_table('job_runs',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_runs'))
    )


def downgrade() -> None:
    op.drop_table('job_runs')
    op.drop_table('faq_miss_counts')
    with op.batch_alter_table('faq_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_versions_item_id'))

    op.drop_table('faq_versions')
