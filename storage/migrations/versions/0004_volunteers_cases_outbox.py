"""volunteers, cases, relay links, outbox, audit log, duress words

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', BigId, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.BigInteger(), nullable=True),
    sa.Column('staff_id', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_case_id'), ['case_id'], unique=False)

    op.create_table('staff',
    sa.Column('id', BigId, nullable=False),
    sa.Column('tg_key', sa.LargeBinary(length=32), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('tg_key', name=op.f('uq_staff_tg_key'))
    )
    op.create_table('cases',
    sa.Column('id', BigId, nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('user_id', BigId, nullable=False),
    sa.Column('open_for', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('priority', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('topic_id', sa.BigInteger(), nullable=True),
    sa.Column('claimed_by', BigId, nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=32), nullable=True),
    sa.Column('urgent_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkin_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checkin_state', sa.String(length=16), nullable=True),
    sa.Column('keep', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by'], ['staff.id'], name=op.f('fk_cases_claimed_by_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cases_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('code', name=op.f('uq_cases_code')),
    sa.UniqueConstraint('open_for', name=op.f('uq_cases_open_for'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_status_priority', ['status', 'priority'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_user_id'), ['user_id'], unique=False)

    op.create_table('duress_words',
    sa.Column('user_id', BigId, nullable=False),
    sa.Column('word_key', sa.LargeBinary(length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_duress_words_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_duress_words'))
    )
    op.create_table('invite_codes',
    sa.Column('id', BigId, nullable=False),
    sa.Column('code_key', sa.LargeBinary(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('issued_by', BigId, nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['staff.id'], name=op.f('fk_invite_codes_issued_by_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite_codes')),
    sa.UniqueConstraint('code_key', name=op.f('uq_invite_codes_code_key'))
    )
    op.create_table('outbox',
    sa.Column('id', BigId, nullable=False),
    sa.Column('lane', sa.String(length=48), nullable=False),
    sa.Column('user_id', BigId, nullable=True),
    sa.Column('case_id', BigId, nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_owner', sa.String(length=64), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_outbox_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_outbox_lane_id', ['lane', 'id'], unique=False)
        batch_op.create_index('ix_outbox_next_attempt_at', ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_user_id'), ['user_id'], unique=False)

    op.create_table('relay_links',
    sa.Column('id', BigId, nullable=False),
    sa.Column('case_id', BigId, nullable=False),
    sa.Column('direction', sa.String(length=4), nullable=False),
    sa.Column('user_message_id', sa.BigInteger(), nullable=True),
    sa.Column('group_message_id', sa.BigInteger(), nullable=True),
    sa.Column('media', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_relay_links_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relay_links'))
    )
    with op.batch_alter_table('relay_links', schema=None) as batch_op:
        batch_op.create_index('ix_relay_links_case_group_message', ['case_id', 'group_message_id'], unique=False)
        batch_op.create_index('ix_relay_links_case_user_message', ['case_id', 'user_message_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('relay_links', schema=None) as batch_op:
        batch_op.drop_index('ix_relay_links_case_user_message')
        batch_op.drop_index('ix_relay_links_case_group_message')

    op.drop_table('relay_links')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_user_id'))
        batch_op.drop_index('ix_outbox_next_attempt_at')
        batch_op.drop_index('ix_outbox_lane_id')
        batch_op.drop_index(batch_op.f('ix_outbox_case_id'))

    op.drop_table('outbox')
    op.drop_table('invite_codes')
    op.drop_table('duress_words')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_user_id'))
        batch_op.drop_index('ix_cases_status_priority')

    op.drop_table('cases')
    op.drop_table('staff')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_case_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
