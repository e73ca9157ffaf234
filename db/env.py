"""Alembic environment for UnionLedger.

No fileConfig(): it would disable the application's loggers (PITFALLS §4.31).
Foreign keys are switched OFF (by the runner, before the migration transaction) because batch
table rebuilds DROP the old table, which would fire ON DELETE CASCADE (PITFALLS §4.30);
foreign_key_check runs afterwards and a violation aborts start-up.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from desktop_app.store.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("UnionLedger migrations run through desktop_app.store.migrate")
    # desktop_app.store.migrate has already run PRAGMA foreign_keys=OFF on the raw
    # connection, outside any transaction, where the pragma takes effect.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        # SQLite DDL is transactional: a failed migration leaves the old schema intact.
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL checks foreign keys on every statement
    problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if problems:
        raise RuntimeError(f"foreign_key_check failed after migration: {problems[:5]}")


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
