"""exchange_keys: one exchange key per town, kept by the district (issue 20)

Every town had the same passphrase, so a package's sender was never authenticated. The
district now issues each town its own key; each version is kept, sealed under the
district's own passphrase, and a re-issued key revokes the one before it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'exchange_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('town_code', sa.String(length=32), nullable=False),
        sa.Column('town_name', sa.String(length=120), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('sealed', sa.Text(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_keys')),
        sa.UniqueConstraint('town_code', 'version', name=op.f('uq_exchange_keys_town_version')),
    )


def downgrade() -> None:
    op.drop_table('exchange_keys')
