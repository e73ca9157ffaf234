"""First-run dialog and start-up (run_gui): the office is set; bad stores exit with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import text as sql_text

from tests.pg import base_url

pytestmark = pytest.mark.usefixtures("gui_env", "restore_hooks")


@pytest.fixture()
def restore_hooks(monkeypatch):  # type: ignore[no-untyped-def]
    """run_gui installs the crash hook; give the process its own back afterwards."""
    import sys

    from desktop_app.gui import crash

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    saved = dict(crash._state)
    yield
    crash._state.clear()
    crash._state.update(saved)


def _dialog(qtbot, app):  # type: ignore[no-untyped-def]
    from desktop_app.gui.first_run import FirstRunDialog

    d = FirstRunDialog(app)
    qtbot.addWidget(d)
    d.show()
    return d


def test_first_run_sets_the_office(qtbot, app) -> None:
    d = _dialog(qtbot, app)
    assert app.office() is None
    d.name.setText("朱家角镇总工会")
    d.code.setText("ZJJ")
    d.parent_name.setText("青浦区总工会")
    d.parent_code.setText("QP")
    d.accept()
    assert d.result() == QDialog.DialogCode.Accepted
    office = app.office()
    assert (office.name, office.code, office.level) == ("朱家角镇总工会", "ZJJ", "town")
    assert (office.parent_name, office.parent_code) == ("青浦区总工会", "QP")


def test_first_run_validation_in_chinese(qtbot, app) -> None:
    d = _dialog(qtbot, app)
    d.code.setText("Z")
    d.accept()
    assert d.result() != QDialog.DialogCode.Accepted
    assert app.office() is None
    text = d.error.text()
    assert "请填写单位名称" in text and "单位代码应为 2–32 位" in text and "请填写上级单位名称" in text
    d.name.setText("某镇总工会")
    d.code.setText("QP")
    d.parent_name.setText("青浦区总工会")
    d.parent_code.setText("QP")
    d.accept()
    assert "上级单位代码不能与本单位代码相同" in d.error.text()
    assert app.office() is None


def test_district_has_no_parent_fields(qtbot, app) -> None:
    d = _dialog(qtbot, app)
    d.district.setChecked(True)
    assert d.parent_box.isHidden()
    d.name.setText("青浦区总工会")
    d.code.setText("QP")
    d.accept()
    office = app.office()
    assert office.is_district and office.parent_code is None


def test_edit_existing_office_prefills(qtbot, town_app) -> None:
    from desktop_app.gui.first_run import FirstRunDialog

    d = FirstRunDialog(town_app, office=town_app.office())
    qtbot.addWidget(d)
    assert d.name.text() == "朱家角镇总工会" and d.parent_code.text() == "QP"
    d.name.setText("朱家角镇总工会（新）")
    d.accept()
    assert town_app.office().name == "朱家角镇总工会（新）"


def test_newer_database_refused_with_message(tmp_path: Path, gui_env) -> None:
    from desktop_app.gui.main import run_gui
    from desktop_app.services.app import App

    root = tmp_path / "data"
    app = App.open(root)
    with app.store.engine.begin() as con:  # the SQLite file, or the folder's database on the PostgreSQL run
        con.execute(sql_text("UPDATE alembic_version SET version_num = '9999_future'"))
    app.close()
    assert run_gui(root) == 1
    kind, title, text = gui_env.calls[-1]
    assert kind == "critical" and "更新版本" in text and "无法启动" in title


def test_first_run_cancelled_exits_quietly(tmp_path: Path, gui_env) -> None:
    from desktop_app.gui.main import run_gui

    gui_env.exec_result = QDialog.DialogCode.Rejected
    assert run_gui(tmp_path / "data") == 0
    assert ("exec", "工会实事台账 — 初次设置", "FirstRunDialog") in gui_env.calls


def test_program_shows_window_writes_marker_and_quits(tmp_path: Path, town_app, store_env) -> None:
    """The real start-up in a child process (QApplication.exec() must not run on the test
    session's shared QApplication: after it returns, Qt stops delivering timers)."""
    import os
    import subprocess
    import sys

    marker = tmp_path / "shown.txt"
    root = town_app.data_dir.root
    town_app.close()
    env = dict(store_env(root), QT_QPA_PLATFORM="offscreen", UNIONLEDGER_STARTUP_MARKER=str(marker),
               UNIONLEDGER_SMOKE_EXIT_MS="10",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(root)], env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert 0 < float(marker.read_text()) < 60


@pytest.mark.sqlite_only  # the start-up migration of the data folder's SQLite file
def test_a_store_of_an_earlier_version_is_upgraded_before_the_window(qtbot, data_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """upgrade_store_first: the migration runs in a worker thread behind a progress window;
    the store is then current (App.open has nothing left to do) and a backup was made."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desktop_app.gui.main import upgrade_store_first
    from desktop_app.store.migrate import current_revision, head_revision
    from tests.unit.test_store import _store_at

    data_root.mkdir(parents=True, exist_ok=True)
    db = data_root / "unionledger.sqlite3"
    _store_at(db, "0001")
    shown: list[str] = []
    real_show = QProgressDialog.show
    monkeypatch.setattr(QProgressDialog, "show", lambda self: (shown.append(self.labelText()), real_show(self)))
    assert upgrade_store_first(QApplication.instance(), data_root) is None
    assert current_revision(db) == head_revision()
    assert shown and "正在升级数据库" in shown[0]
    assert len(list((data_root / "backups").glob("*before-0001*"))) == 1
    # current now: nothing shown the second time
    assert upgrade_store_first(QApplication.instance(), data_root) is None and len(shown) == 1


@pytest.mark.sqlite_only  # the start-up migration of the data folder's SQLite file
def test_a_failed_upgrade_is_a_sentence_and_the_store_is_left_as_it_was(qtbot, data_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main import upgrade_store_first
    from desktop_app.store import migrate as mig
    from tests.unit.test_store import _store_at

    data_root.mkdir(parents=True, exist_ok=True)
    db = data_root / "unionledger.sqlite3"
    _store_at(db, "0001")
    before = db.read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mig, "migrate", full_disk)
    problem = upgrade_store_first(QApplication.instance(), data_root)
    assert problem is not None and "无法使用数据文件夹" in problem and "磁盘空间" in problem
    assert db.read_bytes() == before


@pytest.mark.skipif(base_url() is None, reason="needs a PostgreSQL server (UNIONLEDGER_TEST_PG)")
def test_an_old_file_left_in_the_folder_of_a_server_seat_is_not_upgraded(qtbot, data_root) -> None:  # type: ignore[no-untyped-def]
    """A seat that moved to the server (db copy) keeps its old SQLite file: the start neither
    migrates it (no progress window, no backup, the file unchanged) nor fails on it."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main import open_store, upgrade_store_first
    from tests.unit.test_store import _store_at

    data_root.mkdir(parents=True, exist_ok=True)
    db = data_root / "unionledger.sqlite3"
    _store_at(db, "0001")
    before = db.read_bytes()
    assert upgrade_store_first(QApplication.instance(), data_root) is None
    assert db.read_bytes() == before and not list(data_root.glob("backups/*before-0001*"))
    app, problem = open_store(data_root)
    assert problem is None and app is not None and app.store.url is not None
    app.close()
