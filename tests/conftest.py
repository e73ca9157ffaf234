"""Shared fixtures: a fresh data folder and an opened App per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; skipped on PostgreSQL")


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    from tests.pg import base_url

    if base_url() is None:
        return
    skip = pytest.mark.skip(reason="SQLite only (the run on PostgreSQL skips it)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_databases():
    """PostgreSQL run only: the databases of the data folders tests open (tests/pg.py)."""
    from tests.pg import Databases, base_url

    url = base_url()
    if url is None:
        yield None
        return
    dbs = Databases(url)
    yield dbs
    dbs.close()


@pytest.fixture(autouse=True)
def _store_on_server(pg_databases, monkeypatch):
    """On the PostgreSQL run, every App.open of a data folder opens that folder's own database."""
    if pg_databases is None:
        yield
        return
    from desktop_app.services import app as app_module

    real = app_module.database_target

    def target(data_dir, db=None):  # type: ignore[no-untyped-def]
        return db or pg_databases.for_root(data_dir.root)

    monkeypatch.setattr(app_module, "database_target", target)
    yield
    del real
    _delete_closed_widgets()
    pg_databases.drop_tests()


def _delete_closed_widgets() -> None:
    """Before a test's databases are dropped, really delete the widgets it closed.

    pytest-qt closes the widgets a test registered and calls ``deleteLater`` before the fixtures
    are torn down, but ``processEvents`` does not deliver deferred deletes: a closed editor's
    debounce timer, a closed window's change polling (every 3 s on a server store) or its pages'
    change-signal slots would run in the next test against a database that no longer exists (on
    SQLite the old file is still there, so nobody noticed). Deleting them now ends their timers.
    """
    import sys

    if "PySide6.QtCore" not in sys.modules:  # the unit tests never start Qt
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture()
def store_env(pg_databases):
    """The environment for a child process that opens a data folder: ``store_env(root)``. The
    child cannot see this process's monkeypatch, so on the PostgreSQL run
    UNIONLEDGER_DATABASE_URL names the folder's own database (the one its App here opened)."""

    def env_for(root: Path) -> dict[str, str]:
        env = dict(os.environ)
        if pg_databases is not None:
            env["UNIONLEDGER_DATABASE_URL"] = pg_databases.for_root(root)
        return env

    return env_for


@pytest.fixture()
def data_root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture()
def app(data_root: Path):
    from desktop_app.services.app import App

    a = App.open(data_root)
    yield a
    a.close()


@pytest.fixture()
def town_app(app):
    """An App configured as a town office under the district QP."""
    from desktop_app.services.office import setup_office

    with app.transaction() as s:
        setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town", parent_name="青浦区总工会", parent_code="QP")
    return app


@pytest.fixture()
def run_cli(data_root: Path, capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from desktop_app.__main__ import main

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_root), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run
