"""设置 → 备份与恢复, the 文件 menu's 备份…/恢复…, the home page's off-PC backup line."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.gui.pages import backup_panel
from desktop_app.services import backups
from desktop_app.store import backup as bk
from desktop_app.store.models import Record
from tests.pg import base_url
from tests.unit.exchange_helpers import add_record, make_id

pytestmark = pytest.mark.usefixtures("gui_env")


def records(app) -> int:  # type: ignore[no-untyped-def]
    with app.session() as s:
        return int(s.scalar(select(func.count()).select_from(Record)) or 0)


@pytest.mark.sqlite_only  # copies of the SQLite file (a server seat: test_a_server_seat_… below)
def test_panel_lists_backs_up_and_sets_the_second_place(window, town_app, gui_env, tmp_path, monkeypatch) -> None:
    page = window.show_page("settings")
    panel = page.backup_panel
    assert panel.table.rowCount() == 0
    assert "尚未设置" in window.pages["home"].offsite.text()
    page.backup()
    assert panel.table.rowCount() == 1
    assert [panel.table.item(0, c).text() for c in (1, 2)] == ["手动", "本机"]
    assert "备份完成" in gui_env.texts("information")[-1]
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(backup_panel, "pick_folder", lambda *a, **k: str(stick))
    panel.set_place()
    assert [p.name for p in stick.iterdir() if p.suffix == ".sqlite3"]  # the latest backup copied at once
    assert str(stick) in panel.offsite.text()
    home = window.show_page("home")
    assert home.offsite.text().startswith("最近一次异地备份：") and "今天" in home.offsite.text()
    # a write-protected place is refused with the reason, nothing set
    monkeypatch.setattr(backup_panel, "pick_folder", lambda *a, **k: str(tmp_path / "nowhere"))
    panel.set_place()
    assert "不存在" in gui_env.texts("warning")[-1]
    assert backups.second_place(town_app.data_dir) == stick


@pytest.mark.sqlite_only  # restores the SQLite file (a server is restored on the server)
def test_restore_says_what_is_lost_and_reloads_the_window(window, town_app, gui_env) -> None:
    add_record(town_app, "甲公司", [("王一", make_id(1))])
    made = bk.create_backup(town_app.data_dir.database, town_app.data_dir.backups, "manual")
    add_record(town_app, "乙公司", [("李二", make_id(2))])
    assert records(town_app) == 2
    page = window.show_page("settings")
    panel = page.backup_panel
    row = next(r for r, b in enumerate(panel.items) if b.path == made.path)
    gui_env.question = gui_env.question.No  # first: the clerk reads the warning and says no
    panel.table.selectRow(row)
    panel.restore_selected()
    question = gui_env.texts("question")[-1]
    assert "新增 1 条" in question and "恢复前会先自动备份当前数据" in question
    assert records(town_app) == 2
    gui_env.question = gui_env.question.Yes
    panel.table.selectRow(row)
    panel.restore_selected()
    assert "已从" in gui_env.texts("information")[-1]
    assert records(town_app) == 1
    assert "settings" not in window.pages and window.current_key() == "home"  # pages rebuilt from the restored store
    assert any(b.kind == "pre-restore" for b in bk.list_backups(town_app.data_dir.backups))


@pytest.mark.sqlite_only  # a damaged SQLite backup file, a verified copy of the SQLite file
def test_restore_refuses_a_damaged_file_from_the_file_menu(window, town_app, gui_env, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "坏备份.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    monkeypatch.setattr(backup_panel, "pick_file", lambda *a, **k: str(bad))
    labels = [a.text() for a in window.backup_actions]
    assert labels == ["备份(&B)…", "恢复(&R)…"]
    assert all(a in window.menuBar().actions()[0].menu().actions() for a in window.backup_actions)
    window.backup_actions[1].trigger()
    assert "坏备份.sqlite3" in gui_env.texts("warning")[-1]
    assert gui_env.texts("question") == []
    out = tmp_path / "usb"
    out.mkdir()
    monkeypatch.setattr(backup_panel, "pick_folder", lambda *a, **k: str(out))
    window.backup_actions[0].trigger()
    files = list(Path(out).iterdir())
    assert len(files) == 1 and bk.verify_file(files[0]).ok


@pytest.mark.skipif(base_url() is None, reason="needs a PostgreSQL server (UNIONLEDGER_TEST_PG)")
def test_a_server_seat_dumps_lists_and_leaves_restore_to_the_server(window, town_app, gui_env, tmp_path,
                                                                    monkeypatch) -> None:
    """Issue 15 on screen: 立即备份 writes a pg_dump the table then lists; 备份到文件夹 exports
    there; restore (panel and 文件 menu) and the second place are greyed out with the reason."""
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    add_record(town_app, "甲公司", [("王一", make_id(1))])
    page = window.show_page("settings")
    panel = page.backup_panel
    assert panel.table.rowCount() == 0
    assert panel.offsite.text().startswith("数据在服务器数据库上")
    assert window.pages["home"].offsite.text() == panel.offsite.text()
    assert not panel.place_button.isEnabled() and "备份到文件夹" in panel.place_button.toolTip()
    assert not panel.file_button.isEnabled() and "pg_restore" in panel.file_button.toolTip()
    restore = window.backup_actions[1]
    assert not restore.isEnabled() and restore.statusTip() == backups.SERVER_RESTORE
    page.backup()
    assert "备份完成" in gui_env.texts("information")[-1]
    assert panel.table.rowCount() == 1
    assert [panel.table.item(0, c).text() for c in (1, 2)] == ["服务器", "本机"]
    dump = Path(panel.table.item(0, 4).text())
    assert dump.parent == town_app.data_dir.backups and dump.suffix == ".dump"
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public records" in listing
    panel.table.selectRow(0)
    assert panel.selected() == dump
    assert not panel.restore_button.isEnabled() and panel.restore_button.toolTip() == backups.SERVER_RESTORE
    out = tmp_path / "usb"
    out.mkdir()
    monkeypatch.setattr(backup_panel, "pick_folder", lambda *a, **k: str(out))
    window.backup_actions[0].trigger()
    [exported] = list(out.iterdir())
    assert exported.suffix == ".dump" and str(exported) in gui_env.texts("information")[-1]
    assert "本机备份文件夹中也保存了一份" not in gui_env.texts("information")[-1]  # a dump goes only there
    panel.refresh()
    assert sorted(panel.table.item(r, 2).text() for r in range(panel.table.rowCount())) == ["另存", "本机"]
    assert records(town_app) == 1
