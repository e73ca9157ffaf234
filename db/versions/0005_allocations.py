"""allocations: the district's share of each project's quota per town (issue 13)

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-05 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'allocations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_code', sa.String(length=32), nullable=False),
        sa.Column('town_code', sa.String(length=32), nullable=False),
        sa.Column('quota', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_allocations'),
        sa.UniqueConstraint('project_code', 'town_code', name='uq_allocations_project_town'),
    )
    op.create_index('ix_allocations_town_code', 'allocations', ['town_code'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_allocations_town_code', table_name='allocations')
    op.drop_table('allocations')
