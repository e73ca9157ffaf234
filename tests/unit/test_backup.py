"""Backups: verified copies under a temporary name, retention, verify, restore and its refusals,
the pre-restore copy, the second place, the CLI contract."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from desktop_app.services import backups
from desktop_app.store import backup as bk
from tests.unit.exchange_helpers import add_record, edit_record, make_id, open_office

pytestmark = pytest.mark.sqlite_only  # backups copy the SQLite file (a server is backed up by pg_dump)


def digest(db: Path) -> str:
    """Contents of every table (order-independent), read through SQLite."""
    con = sqlite3.connect(db)
    h = hashlib.sha256()
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        rows = sorted(repr(r) for r in con.execute(f'SELECT * FROM "{name}"'))
        h.update(name.encode() + "\n".join(rows).encode())
    con.close()
    return h.hexdigest()


@pytest.fixture()
def town(tmp_path):
    app = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    add_record(app, "甲公司", [("王一", make_id(1)), ("李二", make_id(2))])
    yield app
    app.close()


def test_backup_is_verified_and_self_contained(town):
    made = bk.create_backup(town.data_dir.database, town.data_dir.backups, "manual")
    assert made.path.name.startswith("unionledger-manual-") and made.path.suffix == ".sqlite3"
    assert not [p for p in town.data_dir.backups.iterdir() if p.name.startswith("~")]
    with open(made.path, "rb") as fh:
        head = fh.read(20)
    assert head[18:20] == b"\x01\x01"  # rollback journal: one file, no -wal needed beside it
    v = bk.verify_file(made.path)
    assert v.ok and v.revision in bk.known_revisions()
    assert v.counts["records"] == 1 and v.counts["people"] == 2
    assert v.counts["roster_entries"] == 2
    assert digest(made.path) == digest(town.data_dir.database)  # the same contents, readable alone


def test_pre_migration_backup_uses_the_same_path(town):
    from desktop_app.store.migrate import backup_database

    path = backup_database(town.data_dir.database, town.data_dir.backups, "before-0002")
    assert path.name.startswith("unionledger-before-0002-")
    assert bk.parse_name(path.name)[0] == "pre-migration"
    assert bk.verify_file(path).ok


def test_failed_write_leaves_no_partial_file_and_says_why(town, tmp_path, monkeypatch):
    target = tmp_path / "stick"
    target.mkdir()

    def full(src, dst, length=0):
        dst.write(b"SQLite format 3\x00" + b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bk.shutil, "copyfileobj", full)
    with pytest.raises(backups.BackupRefused, match="空间不足.*没有留下不完整的备份文件"):
        backups.create(town, target)
    assert list(target.iterdir()) == []

    def read_only(src, dst, length=0):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(bk.shutil, "copyfileobj", read_only)
    with pytest.raises(backups.BackupRefused, match="只读.*写保护"):
        backups.create(town, target)
    assert list(target.iterdir()) == []


def _auto(folder: Path, when: dt.datetime) -> Path:
    p = folder / bk.backup_name("auto", when)
    p.write_bytes(b"x")
    return p


def test_retention_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    start = dt.datetime(2025, 1, 1, 9, 0)
    for n in range(700):  # one automatic backup every day for almost two years
        _auto(folder, start + dt.timedelta(days=n))
    manual = folder / bk.backup_name("manual", dt.datetime(2024, 5, 1, 8, 0))
    manual.write_bytes(b"m")
    pre = folder / bk.backup_name("pre-migration", dt.datetime(2024, 5, 2, 8, 0), "0001")
    pre.write_bytes(b"p")
    gone = bk.prune(folder)
    kept = sorted(b.at.date().isoformat() for b in bk.list_backups(folder) if b.kind == "auto")
    # last day: 2026-12-01 (a Tuesday). Daily: 11-25…12-01. Weekly (ISO weeks end on Sunday,
    # newest of each): 12-01 (w49), 11-29 (w48), 11-22 (w47), 11-15 (w46). Monthly: 12-01, then
    # the last day of each month back to January 2026.
    assert kept == sorted(set(
        [f"2026-11-{d}" for d in range(25, 31)] + ["2026-12-01", "2026-11-29", "2026-11-22", "2026-11-15"]
        + ["2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30",
           "2026-03-31", "2026-02-28", "2026-01-31"]))
    assert len(gone) == 700 - len(kept)
    assert manual.exists() and pre.exists()  # only automatic backups are pruned


def test_leftovers_are_cleaned_and_never_listed(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "~1234abcd.unionledger-auto-20261201-090000.sqlite3.part").write_bytes(b"half")
    (folder / "~1234abcd.unionledger-auto-20261201-090000.sqlite3.part-journal").write_bytes(b"j")
    old = folder / "unionledger-before-0001-20261201-090000.sqlite3"  # written in place by 0.x, killed
    old.write_bytes(b"\0" * 4096)
    Path(f"{old}-journal").write_bytes(b"j")
    good = _auto(folder, dt.datetime(2026, 12, 2, 9, 0))
    mine = folder / "~报告.partial.docx"  # a clerk's own file that merely looks temporary
    mine.write_bytes(b"doc")
    assert [b.path for b in bk.list_backups(folder)] == [good, old]
    removed = bk.clean_leftovers(folder)
    assert len(removed) == 4
    assert sorted(p.name for p in folder.iterdir()) == sorted([good.name, mine.name])


def test_verify_refuses_damaged_newer_and_foreign_files(town, tmp_path):
    made = bk.create_backup(town.data_dir.database, town.data_dir.backups, "manual").path
    data = made.read_bytes()
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(data[: len(data) // 2])
    smashed = tmp_path / "smashed.sqlite3"
    page = 4096
    smashed.write_bytes(data[:page * 2] + bytes(b ^ 0x5A for b in data[page * 2:page * 4]) + data[page * 4:])
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(data)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    text = tmp_path / "notes.sqlite3"
    text.write_text("不是数据库", encoding="utf-8")
    for f, why in ((cut, "损坏"), (smashed, "损坏"), (newer, "更新版本"), (text, "不是工会实事台账")):
        v = backups.verify(town.data_dir, f)
        assert not v.ok and why in v.message(), (f.name, v.problems)
        assert f.name in v.message()
    assert backups.verify(town.data_dir, made).ok
    assert not [p for p in town.data_dir.backups.iterdir() if p.name.startswith("~")]


def test_restore_refuses_bad_files_with_nothing_changed(town, tmp_path):
    made = bk.create_backup(town.data_dir.database, town.data_dir.backups, "manual").path
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(made.read_bytes()[:8192])
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(made.read_bytes())
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = digest(town.data_dir.database)
    listed = sorted(p.name for p in town.data_dir.backups.iterdir())
    for f in (bad, newer, tmp_path / "missing.sqlite3"):
        with pytest.raises(backups.BackupRefused):
            backups.restore(town.data_dir, f, town)
    assert digest(town.data_dir.database) == before
    assert sorted(p.name for p in town.data_dir.backups.iterdir()) == listed  # no pre-restore copy either


def test_restore_with_the_app_open_counts_and_loses_later_changes(town):
    from sqlalchemy import func, select

    from desktop_app.store.models import AuditLog, Record

    made = bk.create_backup(town.data_dir.database, town.data_dir.backups, "manual").path
    add_record(town, "乙公司", [("张三", make_id(3))])
    first = 1
    edit_record(town, first, contact="李四")
    pv = backups.preview(town.data_dir, made)
    assert pv.lost["records"] == {"added": 1, "changed": 1, "deleted": 0}
    assert pv.lost["people"]["added"] == 1
    assert "新增 1 条、修改 1 条" in pv.warning()
    current = digest(town.data_dir.database)
    result = backups.restore(town.data_dir, made, town)
    # the App's engine keeps working, on the restored file
    with town.session() as s:
        assert s.scalar(select(func.count()).select_from(Record)) == 1
        assert s.scalar(select(func.count()).where(AuditLog.action == "restore")) == 1
    # the pre-restore copy holds exactly what was there before
    assert result.pre_restore is not None and bk.parse_name(result.pre_restore.name)[0] == "pre-restore"
    assert digest(result.pre_restore) == current
    db = town.data_dir.database
    assert not Path(f"{db}-journal").exists()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_restore_refused_while_another_program_has_the_store_open(town):
    made = bk.create_backup(town.data_dir.database, town.data_dir.backups, "manual").path
    other = sqlite3.connect(town.data_dir.database)  # e.g. the GUI
    other.execute("SELECT count(*) FROM records").fetchall()
    try:
        before = digest(town.data_dir.database)
        with pytest.raises(backups.BackupRefused, match="另一个程序窗口"):
            backups.restore(town.data_dir, made)
        assert digest(town.data_dir.database) == before
    finally:
        other.close()


def test_daily_backup_second_place_and_home_line(town, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    d = town.data_dir
    assert "尚未设置" in backups.offsite_line(d)
    with pytest.raises(backups.BackupRefused, match="不存在"):
        backups.set_second_place(d, tmp_path / "nowhere")
    with pytest.raises(backups.BackupRefused, match="不能在数据文件夹之内"):
        backups.set_second_place(d, d.backups)
    backups.set_second_place(d, stick)
    assert "还没有" in backups.offsite_line(d)
    assert backups.auto_due(d)
    job = backups.start_daily_backup(d, created_now=False)
    assert job is not None
    job.wait()
    assert job.error is None
    assert not backups.auto_due(d)
    assert [b.kind for b in bk.list_backups(stick)] == ["auto"]
    assert bk.verify_file(bk.list_backups(stick)[0].path).ok
    line = backups.offsite_line(d)
    assert line.startswith("最近一次异地备份：") and "今天" in line and str(stick) in line
    assert backups.start_daily_backup(d, created_now=False) is None  # once a day
    assert backups.start_daily_backup(d, created_now=True) is None
    kinds = {(b.kind, b.place) for b in backups.list_all(d)}
    assert kinds == {("auto", "local"), ("auto", "offsite")}


def test_app_open_makes_the_days_backup_but_not_for_a_new_store(tmp_path, monkeypatch):
    from desktop_app.services.app import App

    monkeypatch.delenv(backups.ENV_AUTO, raising=False)
    app = App.open(tmp_path / "d")
    app.close()
    assert bk.list_backups(tmp_path / "d" / "backups") == []
    app = App.open(tmp_path / "d")
    app.close()
    assert [b.kind for b in bk.list_backups(tmp_path / "d" / "backups")] == ["auto"]


def test_cli_contract(town, tmp_path, capsys):
    from desktop_app.__main__ import main

    root = str(town.data_dir.root)
    town.close()

    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", root, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    out_dir = tmp_path / "usb"
    out_dir.mkdir()
    code, out, _ = cli("backup", "create", "--out", str(out_dir), "--json")
    assert code == 0
    made = json.loads(out)
    assert Path(made["path"]).parent == out_dir and made["kind"] == "manual" and made["size"] > 0
    code, out, _ = cli("backup", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and {"path", "kind", "at", "size"} <= set(listed[0])
    assert {b["kind"] for b in listed} <= {"auto", "manual", "pre-migration", "pre-restore"}
    assert made["path"] in {b["path"] for b in listed}
    assert dt.datetime.fromisoformat(listed[0]["at"])
    code, out, err = cli("backup", "verify", made["path"])
    assert code == 0 and "备份文件完好" in out
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(5000))
    code, out, err = cli("backup", "verify", str(junk))
    assert code == 2 and "junk.sqlite3" in err and "Traceback" not in err
    code, out, err = cli("backup", "restore", made["path"])
    assert code == 1 and "--yes" in out
    code, out, err = cli("backup", "restore", str(junk), "--yes")
    assert code == 2 and "数据未作改动" in err
    code, out, err = cli("backup", "restore", made["path"], "--yes", "--json")
    assert code == 0, err
    assert Path(json.loads(out)["pre_restore"]).exists()


def test_gui_backup_waits_for_the_window_and_a_quick_close_skips_it(town):
    job = backups.start_daily_backup(town.data_dir, created_now=False, delay=30)
    assert job is not None
    job.wait()  # the program closed within the delay
    assert job.skipped and job.result is None
    assert backups.auto_due(town.data_dir)  # the next start makes it
    job = backups.start_daily_backup(town.data_dir, created_now=False, delay=0.01)
    job._thread.join()
    assert not job.skipped and job.result is not None and not backups.auto_due(town.data_dir)


def test_a_store_file_copied_by_hand_after_closing_can_be_restored(town, tmp_path):
    """The clerk copied unionledger.sqlite3 itself (program closed): still marked WAL, but whole."""
    import shutil

    town.store.engine.dispose()
    con = sqlite3.connect(town.data_dir.database)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    copy = tmp_path / "我的备份.sqlite3"
    shutil.copyfile(town.data_dir.database, copy)
    assert copy.read_bytes()[18:20] == b"\x02\x02"
    before = copy.read_bytes()
    v = backups.verify(town.data_dir, copy)
    assert v.ok and v.counts["records"] == 1, v.problems
    assert copy.read_bytes() == before  # the clerk's file itself is never changed
    assert not Path(f"{copy}-wal").exists()
    result = backups.restore(town.data_dir, copy, town)
    assert result.pre_restore is not None
