"""leaner people and roster entries

- people.uid dropped: a person is known everywhere by the identity number (R-ID-5; the
  exchange links people by it). The column was written on every insert and read nowhere; its
  unique index cost about a sixth of the time of a bulk insert of people (roster import,
  district package import).
- ix_people_name dropped: search is the in-memory people index; the people list's
  ORDER BY name is computed once per change (~55 ms at 100,000 people without the index,
  ~30 ms with it). New people's names fall all over the alphabet, so every bulk insert
  rewrote most of that index's pages: 36 % of the bytes written by 20 district package
  imports (87 of 240 MB).
- ix_people_work_unit dropped: only the people list's sort by 单位 used it (SQLite sorts
  100,000 rows in ~50 ms); every insert into a large registry paid for it — 12 % of the WAL
  bytes of 20 district package imports (31 of 271 MB).
- ix_roster_entries_record_id dropped: the unique (record_id, person_id) index already serves
  every look-up by record and the ON DELETE CASCADE; the second index only cost time on each of
  the district's 20,000 roster entries per package.

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
        batch_op.drop_index(batch_op.f('ix_people_work_unit'))
        batch_op.drop_index(batch_op.f('ix_people_name'))
        batch_op.drop_constraint(batch_op.f('uq_people_uid'), type_='unique')
        batch_op.drop_column('uid')
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_entries_record_id'))


def downgrade() -> None:
    with op.batch_alter_table('roster_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entries_record_id'), ['record_id'], unique=False)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uid', sa.String(length=32), nullable=True))
    op.execute("UPDATE people SET uid = lower(hex(randomblob(16)))")
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_people_uid'), ['uid'])
        batch_op.create_index(batch_op.f('ix_people_work_unit'), ['work_unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_name'), ['name'], unique=False)
