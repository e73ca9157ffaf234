"""Set-up for the exchange page tests: a town and a district App, a 'USB stick' folder, and
the file pickers / passphrase dialog patched to answer as a clerk would."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop_app.documents import package_format as pf
from tests.unit.exchange_helpers import SECRET, TOWN_KEYS, enrol, open_office


@dataclass
class Clerk:
    """What the patched dialogs answer (None = the clerk cancels)."""

    folder: Path | None = None
    files: list[Path] = field(default_factory=list)
    save_as: Path | None = None
    passphrase: str | None = SECRET  # the district's own
    town_passphrase: str | None = TOWN_KEYS["ZJJ"]  # the key on the town's slip
    asked: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture()
def clerk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Clerk:
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)  # test-only scrypt cost
    c = Clerk(folder=tmp_path / "usb")
    c.folder.mkdir()

    def folder(*a: Any, **k: Any) -> str:
        c.asked.append(("folder", a[1] if len(a) > 1 else ""))
        return str(c.folder) if c.folder else ""

    def open_many(*a: Any, **k: Any) -> tuple[list[str], str]:
        c.asked.append(("files", a[1] if len(a) > 1 else ""))
        return [str(f) for f in c.files], ""

    def open_one(*a: Any, **k: Any) -> tuple[str, str]:
        c.asked.append(("file", a[1] if len(a) > 1 else ""))
        return (str(c.files[0]) if c.files else ""), ""

    def save(*a: Any, **k: Any) -> tuple[str, str]:
        c.asked.append(("save", a[1] if len(a) > 1 else ""))
        return (str(c.save_as) if c.save_as else ""), ""

    # The clerk picks files through the file dialog (the package list is tested on its own).
    monkeypatch.setattr("desktop_app.gui.exchange.picker.pick_from_folder", lambda *a, **k: "browse")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(open_many))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_one))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))

    def ask(parent: Any, title: str = "", hint: str = "", role: str = "town") -> str | None:
        c.asked.append(("passphrase", title))
        return c.passphrase if role == "district" else c.town_passphrase

    monkeypatch.setattr("desktop_app.gui.exchange.passphrase.ask_passphrase", ask)
    return c


@pytest.fixture()
def offices(tmp_path: Path):  # type: ignore[no-untyped-def]
    town = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    district = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(district, "ZJJ", "朱家角镇总工会")
    yield town, district
    town.close()
    district.close()


def page_for(qtbot: Any, app: Any) -> Any:
    from desktop_app.gui.pages.exchange import ExchangePage

    page = ExchangePage(app)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    return page


def table_texts(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]
