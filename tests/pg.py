"""Running the store, service, CLI and GUI tests on PostgreSQL (issue 15).

When UNIONLEDGER_TEST_PG names a PostgreSQL cluster (a URL to its maintenance database, e.g.
``postgresql://postgres@/postgres?host=/tmp/ulpg``; `.ci/run` starts a throwaway one), every
data folder a test opens gets its own fresh database on that server instead of the SQLite file:
a copy of a template database migrated to head once per test session (CREATE DATABASE …
TEMPLATE is a file copy, ~0.1 s). Tests that are about the SQLite file itself (backups, the
start-up migration of a file, pragmas, kill -9 trials of subprocesses) carry the marker
``sqlite_only`` and are skipped in that run.

A test's databases are dropped when it ends (conftest ``_store_on_server``), after the widgets
it closed are really deleted: a closed editor's timer or a window's change polling would
otherwise run in the next test against a database that is gone. A child process cannot see the
monkeypatch: the ``store_env(root)`` fixture gives it UNIONLEDGER_DATABASE_URL.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

ENV = "UNIONLEDGER_TEST_PG"


def base_url() -> str | None:
    return os.environ.get(ENV) or None


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    from desktop_app.store.db import server_url

    return make_url(server_url(url)).set(database=name).render_as_string(hide_password=False)


class Databases:
    """One database per data folder, made from a migrated template; dropped at the end."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        from desktop_app.store.db import server_url

        self.url = url
        self.admin = create_engine(server_url(url), isolation_level="AUTOCOMMIT", future=True)
        self.prefix = f"ult{os.getpid()}"
        self.template = f"{self.prefix}_tpl"
        self.by_root: dict[Path, str] = {}
        self.counter = itertools.count(1)
        self._exec(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._exec(f'CREATE DATABASE "{self.template}"')
        from desktop_app.store.migrate import migrate_server

        migrate_server(_with_database(url, self.template))

    def _exec(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def for_root(self, root: Path) -> str:
        """The database URL of a data folder (made on first use)."""
        key = Path(root).resolve()
        name = self.by_root.get(key)
        if name is None:
            name = f"{self.prefix}_{next(self.counter)}"
            self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            self.by_root[key] = name
        return _with_database(self.url, name)

    def drop_tests(self) -> None:
        for name in self.by_root.values():
            self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.by_root.clear()

    def close(self) -> None:
        self.drop_tests()
        self._exec(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()
