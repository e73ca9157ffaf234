"""GUI test fixtures (pytest-qt, offscreen, the one QApplication of pytest-qt's `qapp`).

Not autouse, so the form-editor tests keep their own set-up: the shell's test modules ask for
`gui_env` (patched modal dialogs + synchronous task runner) through `pytestmark`.
Modal dialogs are patched (PITFALLS §3.23): QMessageBox statics, QInputDialog statics and
QDialog.exec record the call and return the answer the test chose.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox


@dataclass
class Dialogs:
    question: Any = QMessageBox.StandardButton.Yes
    text: str | None = "材料不全，请补充体检名册"  # QInputDialog.getText answer (None = cancel)
    item: int | None = 0  # QInputDialog.getItem: index of the chosen item (None = cancel)
    exec_result: Any = QDialog.DialogCode.Rejected
    calls: list[tuple[str, str, str]] = field(default_factory=list)
    executed: list[QDialog] = field(default_factory=list)

    def kinds(self) -> list[str]:
        return [k for k, _, _ in self.calls]

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, _, t in self.calls if kind is None or k == kind]


@pytest.fixture()
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    d = Dialogs()

    def box(kind: str, answer: Any):  # type: ignore[no-untyped-def]
        def show(parent: Any, title: str, text: str = "", *args: Any, **kw: Any) -> Any:
            d.calls.append((kind, title, text))
            return d.question if kind == "question" else answer
        return staticmethod(show)

    ok = QMessageBox.StandardButton.Ok
    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, box(kind, ok))
    monkeypatch.setattr(QMessageBox, "about", box("about", None))

    def get_text(parent: Any, title: str, label: str, *args: Any, **kw: Any) -> tuple[str, bool]:
        d.calls.append(("getText", title, label))
        return (d.text or "", d.text is not None)

    def get_item(parent: Any, title: str, label: str, items: list[str], *args: Any, **kw: Any) -> tuple[str, bool]:
        d.calls.append(("getItem", title, label))
        return (items[d.item], True) if d.item is not None else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))

    def exec_(self: QDialog) -> Any:
        d.executed.append(self)
        d.calls.append(("exec", self.windowTitle(), type(self).__name__))
        return d.exec_result

    monkeypatch.setattr(QDialog, "exec", exec_)
    crashes: list[BaseException] = []
    monkeypatch.setattr("desktop_app.gui.messages.show_crash", lambda parent, exc: crashes.append(exc))
    d.crashes = crashes  # type: ignore[attr-defined]
    return d


@pytest.fixture()
def sync_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The synchronous stand-in for the worker pool (Picard's test set-up does the same)."""
    from desktop_app.gui import tasks

    monkeypatch.setattr(tasks, "SYNCHRONOUS", True)


@pytest.fixture()
def gui_env(qapp, dialogs: Dialogs, sync_tasks: None) -> Dialogs:  # type: ignore[no-untyped-def]
    from desktop_app.gui.main import configure_application

    # Once per run, as the program does once per start: re-applying the application style
    # sheet to a QApplication full of widgets from earlier tests (some half-deleted) crashed
    # PySide6 6.12 now and then (a segfault in setStyleSheet under load).
    if not getattr(qapp, "_unionledger_configured", False):
        configure_application(qapp)
        qapp._unionledger_configured = True
    return dialogs


@pytest.fixture()
def demo_app(town_app):  # type: ignore[no-untyped-def]
    from desktop_app.services.demo import create_demo_data

    create_demo_data(town_app, people=60)
    return town_app


@pytest.fixture()
def window(qtbot, gui_env, town_app):  # type: ignore[no-untyped-def]
    from desktop_app.gui.main_window import MainWindow

    w = MainWindow(town_app)
    qtbot.addWidget(w)
    w.resize(1200, 760)
    w.show()
    return w


def bulk_people(app: Any, n: int, *, seed: int = 11) -> list[dict[str, Any]]:
    """`n` people inserted in one bulk statement of the store (valid identity numbers; an
    executemany on SQLite, COPY on PostgreSQL), without audit rows; returns them."""
    from desktop_app.services.demo import fake_people
    from desktop_app.store.bulk import insert_many, sql_date

    people = list(fake_people(n, seed=seed))
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
    with app.transaction() as s:
        insert_many(s, "people", ["id_number", "name", "gender", "birth_date", "phone", "work_unit",
                                  "industry", "is_member", "created_at", "updated_at"],
                    [(p["id_number"], p["name"], p["gender"], sql_date(p["birth_date"]), p["phone"],
                      p["work_unit"], p["industry"], bool(p["is_member"]), now, now) for p in people],
                    constants={"revision": 1})
    return people
