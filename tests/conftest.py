"""Shared fixtures: a fresh data folder and an opened App per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
