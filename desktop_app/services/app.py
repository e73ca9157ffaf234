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
    from desktop_app.services.office import OfficeInfo

log = logging.getLogger(__name__)


class App:
    def __init__(self, data_dir: DataDir, store: Store, migration: MigrationResult, catalog_added: int) -> None:
        self.data_dir = data_dir
        self.store = store
        self.migration = migration
        self.catalog_added = catalog_added

    @classmethod
    def open(cls, root: Path) -> "App":
        from desktop_app.packaging_guard import check_data_dir_location
        from desktop_app.services.catalog import ensure_catalog

        data_dir = DataDir(check_data_dir_location(root)).ensure()
        result = migrate(data_dir.database, data_dir.backups)
        store = Store(data_dir.database)
        with store.transaction() as session:
            added = ensure_catalog(session)
        if added:
            log.info("catalogue loaded: %d projects", added)
        return cls(data_dir, store, result, added)

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
        self.store.close()
