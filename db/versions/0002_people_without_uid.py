"""people without uid

A person is known everywhere by the identity number (R-ID-5; the exchange links people by it).
The uid column was written on every insert and read nowhere; its unique index cost about a
sixth of the time of a bulk insert of people (roster import, district package import).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_people_uid'), type_='unique')
        batch_op.drop_column('uid')


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uid', sa.String(length=32), nullable=True))
    op.execute("UPDATE people SET uid = lower(hex(randomblob(16)))")
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_people_uid'), ['uid'])
