"""operators: accounts of the people who use a store (issue 15)

A district office's server is shared by several seats: each clerk logs in with a name and a
password (scrypt hash with its parameters), has a role (admin / clerk / reviewer / viewer),
and is locked out for a while after repeated failures. A single-seat SQLite store needs no
account until one is created.

Also: on PostgreSQL, ix_people_changed_at becomes partial as it is on SQLite since 0003 (that
migration named only SQLite's WHERE): the people search's freshness stamp, max(updated_at) of
rows changed after creation, took ~165 ms at 400,000 people scanning the whole index; ~0.2 ms
partial.

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-05 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'operators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('disabled', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('failed_count', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('last_login_at', sa.DateTime(), nullable=True),
        sa.Column('password_changed_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_operators')),
        sa.UniqueConstraint('name', name=op.f('uq_operators_name')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_people_changed_at', table_name='people')
        op.create_index('ix_people_changed_at', 'people', ['updated_at'], unique=False,
                        postgresql_where=sa.text('updated_at > created_at'))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_people_changed_at', table_name='people')
        op.create_index('ix_people_changed_at', 'people', ['updated_at'], unique=False)
    op.drop_table('operators')
