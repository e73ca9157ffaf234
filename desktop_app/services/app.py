"""The opened application: data folder, migrated store, catalogue, form specs.

Both the GUI and the CLI start here, so everything a clerk can do by hand a test can do headless.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop_app.app_paths import DataDir, resource_path
from desktop_app.store.db import Store
from desktop_app.store.migrate import MigrationResult, migrate

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec
    from desktop_app.services.backups import DailyBackup
    from desktop_app.services.office import OfficeInfo
    from desktop_app.services.operators import CurrentOperator

log = logging.getLogger(__name__)


SERVER_FILE = "database-server.txt"  # 设置 → 数据库: the server's URL, one line (no password)


def database_target(data_dir: DataDir, db: str | None = None) -> Path | str:
    """The store to open: ``db`` when given (``--db``), else UNIONLEDGER_DATABASE_URL, else the
    server saved in 设置 → 数据库, else the SQLite file of the data folder."""
    import os

    from desktop_app.store.db import ENV_DATABASE_URL, is_server_url

    for candidate in (db, os.environ.get(ENV_DATABASE_URL)):
        if candidate:
            if not is_server_url(candidate):
                from desktop_app.store.db import StoreError

                raise StoreError(f"数据库地址“{candidate}”不是 PostgreSQL 服务器地址"
                                 "（应以 postgresql:// 开头）；本机数据库无需指定地址。")
            return candidate
    saved = data_dir.root / SERVER_FILE
    try:
        text = saved.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text if is_server_url(text) else data_dir.database


class App:
    def __init__(self, data_dir: DataDir, store: Store, migration: MigrationResult, catalog_added: int) -> None:
        self.data_dir = data_dir
        self.store = store
        self.migration = migration
        self.catalog_added = catalog_added
        self.daily_backup: DailyBackup | None = None

    @classmethod
    def open(cls, root: Path, db: str | None = None, *, backup_delay: float = 0.0) -> "App":
        """Open the data folder and its store: the SQLite file in the folder, or the server named
        by ``db``, the environment (UNIONLEDGER_DATABASE_URL) or 设置 → 数据库 (database_target)."""
        from desktop_app.packaging_guard import check_data_dir_location
        from desktop_app.services.catalog import ensure_catalog

        data_dir = DataDir(check_data_dir_location(root)).ensure()
        target = database_target(data_dir, db)
        result = migrate(target, data_dir.backups)
        store = Store(target)
        with store.transaction() as session:
            added = ensure_catalog(session)
            from desktop_app.services.units import ensure_providers

            ensure_providers(session)  # the catalogue's check centres (stores of any age)
            from desktop_app.services.audit import protect_existing

            protect_existing(session)  # once: audit rows of older versions lose their full numbers
        if added:
            log.info("catalogue loaded: %d projects", added)
        app = cls(data_dir, store, result, added)
        if not store.server:
            from desktop_app.services.backups import start_daily_backup

            # First start of the day: a verified backup in a background thread (not for a store
            # created just now). close() waits for it. A server's backups are the server's.
            app.daily_backup = start_daily_backup(data_dir, created_now=result.before is None, delay=backup_delay)
        return app

    @property
    def operator(self) -> CurrentOperator | None:
        """The logged-in operator or None."""
        from desktop_app.services.operators import CurrentOperator

        op = self.store.operator  # the store holds it untyped (it does not import the services)
        return op if isinstance(op, CurrentOperator) else None

    def login(self, name: str, password: str) -> CurrentOperator:
        """Log in (issue 15): from now on every session names this operator."""
        from desktop_app.services.operators import log_in

        return log_in(self.store, name, password)

    def login_required(self) -> bool:
        """True when the store has active accounts (a login is then needed to work)."""
        from desktop_app.services.operators import accounts_exist

        with self.session() as s:
            return accounts_exist(s)

    def wait_for_backup(self, timeout: float | None = None) -> None:
        if self.daily_backup is not None:
            self.daily_backup.wait(timeout)

    def after_restore(self) -> None:
        """The store file was replaced: forget what was read from the old one."""
        from desktop_app.services.people_index import forget

        forget(self.store.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.store.transaction() as session:
            yield session

    def session(self) -> Session:
        return self.store.session()

    @cached_property
    def specs(self) -> dict[str, "FormSpec"]:
        from desktop_app.core.forms import load_specs

        return load_specs(resource_path("forms"))

    def office(self) -> "OfficeInfo | None":
        from desktop_app.services.office import get_office

        with self.session() as session:
            return get_office(session, required=False)

    def close(self) -> None:
        self.wait_for_backup()
        self.store.close()
