"""Personal data stays in (issue 20, point 7): logs, CLI findings, the audit log, temporary
previews, file permissions."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.unit import xlsx_factory as xf

POSIX = os.name == "posix"


def test_mask_text() -> None:
    from desktop_app.core.redact import mask_text

    assert mask_text("身份证号码 31011819890517002X 与第 3 行重复") == "身份证号码 310118********002X 与第 3 行重复"
    assert mask_text("电话 13812345678；+86 139-1234-5678") == "电话 138****5678；139****5678"
    assert mask_text("旧号 110105491231002") == "旧号 110105*****1002"
    # not a number standing alone: hashes, amounts and longer runs stay
    assert mask_text("sha 31011819890517002X0a 金额 12345678901234567890") == \
        "sha 31011819890517002X0a 金额 12345678901234567890"


def test_log_file_masks_numbers_even_in_tracebacks(tmp_path: Path) -> None:
    from desktop_app.logging_setup import MaskingFormatter

    handler = logging.FileHandler(tmp_path / "x.log", encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(message)s"))
    log = logging.getLogger("test.mask")
    log.addHandler(handler)
    try:
        try:
            raise ValueError(f"bad row {xf.ID_F} phone 13812345678")
        except ValueError:
            log.exception("failed for %s", xf.ID_M)
    finally:
        log.removeHandler(handler)
        handler.close()
    text = (tmp_path / "x.log").read_text(encoding="utf-8")
    assert xf.ID_F not in text and xf.ID_M not in text and "13812345678" not in text
    assert "310118********002X" in text and "138****5678" in text


@pytest.mark.sqlite_only  # file modes of the SQLite store; PostgreSQL puts the key in the error DETAIL (the log masks it)
def test_database_errors_do_not_log_parameters(app, caplog) -> None:  # type: ignore[no-untyped-def]
    """hide_parameters=True: an SQL error's text carries no bound values."""
    from sqlalchemy.exc import IntegrityError

    from desktop_app.store.models import Person

    with pytest.raises(IntegrityError) as err, app.transaction() as s:
        s.add(Person(id_number=xf.ID_F, name="张三"))
        s.add(Person(id_number=xf.ID_F, name="张三"))
        s.flush()
    assert xf.ID_F not in str(err.value) and "hidden" in str(err.value)


def test_cli_roster_findings_are_masked(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = xf.roster_236(tmp_path / "dup.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F, "13812345678"),
        xf.person(2, "张三", "女", "已婚", 34, xf.ID_F, "13812345678"),
    ])
    code, out, err = run_cli("roster", "import", str(path), "--dry-run")
    assert "R-ID-5" in out and "310118********002X" in out
    assert xf.ID_F not in out + err
    code, out, err = run_cli("roster", "import", str(path), "--dry-run", "--json")
    doc = json.loads(out)
    assert doc["findings"] and all(xf.ID_F not in f["message"] for f in doc["findings"])
    log = (tmp_path / "data" / "logs" / "unionledger.log")
    assert not log.exists() or xf.ID_F not in log.read_text(encoding="utf-8")


def test_audit_log_keeps_masked_numbers_and_a_keyed_digest(app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.audit import KEY_FILE, digest, install_key
    from desktop_app.services.people import upsert_person
    from desktop_app.store.models import AuditLog

    with app.transaction() as s:
        upsert_person(s, xf.ID_F, {"name": "张三", "phone": "13812345678"})
    with app.transaction() as s:
        upsert_person(s, xf.ID_F, {"phone": "13912345678"})
    with app.session() as s:
        rows = list(s.scalars(select(AuditLog).where(AuditLog.entity == "person").order_by(AuditLog.id)))
        raw = s.connection().exec_driver_sql("SELECT old, new, note FROM audit_log").fetchall()
    assert xf.ID_F not in json.dumps([list(r) for r in raw], ensure_ascii=False)
    created = rows[0].new
    assert created["id_number"] == "310118********002X"
    if app.store.server:  # the database's own secret, shared by every seat (settings table)
        from desktop_app.services.audit import SERVER_KEY_SETTING
        from desktop_app.store.models import Setting

        with app.session() as s:
            key = bytes.fromhex(s.get(Setting, SERVER_KEY_SETTING).value)
        assert not (app.data_dir.root / KEY_FILE).exists() and len(key) == 32
    else:
        key_file = app.data_dir.root / KEY_FILE
        assert key_file.exists() and len(key_file.read_bytes()) == 32
        if POSIX:
            assert key_file.stat().st_mode & 0o077 == 0
        key = install_key(app.store.path)
    assert created["id_number_hmac"] == digest(xf.ID_F, key) and len(created["id_number_hmac"]) == 32
    assert created["id_number_hmac"] != digest(xf.ID_M, key)
    assert rows[1].old == {"phone": "138****5678"} and rows[1].new == {"phone": "139****5678"}


def test_bulk_roster_audit_rows_are_protected_too(app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.records import parse_input, save_record

    rows = [{"name": "张三", "id_number": xf.ID_F}, {"name": "李四", "id_number": xf.ID_M}]
    with app.transaction() as s:
        save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-6",
                    data=parse_input(app.specs["2-3-6"], rows), draft=True)
    with app.session() as s:
        raw = s.connection().exec_driver_sql("SELECT old, new, note FROM audit_log").fetchall()
    text = json.dumps([list(r) for r in raw], ensure_ascii=False)
    assert xf.ID_F not in text and xf.ID_M not in text and "id_number_hmac" in text


def test_preview_files_swept_at_start(tmp_path: Path) -> None:
    from desktop_app.temp_files import remove_quietly, sweep, write_private_pdf

    old = write_private_pdf(b"%PDF-1.4 old", folder=str(tmp_path))
    fresh = write_private_pdf(b"%PDF-1.4 new", folder=str(tmp_path))
    other = tmp_path / "other.pdf"
    other.write_bytes(b"x")
    past = time.time() - 3600
    os.utime(old, (past, past))
    assert old.name.startswith("unionledger-预览-")
    if POSIX:
        assert old.stat().st_mode & 0o077 == 0
    assert sweep(str(tmp_path)) == 1
    assert not old.exists() and fresh.exists() and other.exists()  # a viewer may still be opening it
    assert remove_quietly(fresh) and not fresh.exists()


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
@pytest.mark.sqlite_only  # file modes of the SQLite store; PostgreSQL puts the key in the error DETAIL (the log masks it)
def test_data_folder_is_private(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "data"
    (root / "exports").mkdir(parents=True, mode=0o755)
    os.chmod(root, 0o755)
    (root / "exports" / "old-export.xlsx").write_bytes(b"x")  # written by an earlier version
    os.chmod(root / "exports" / "old-export.xlsx", 0o644)
    (root / "说明.txt").write_bytes(b"x")  # the user's own file: not ours to change
    os.chmod(root / "说明.txt", 0o644)
    code, _out, err = run_cli("people", "search")
    assert code == 0, err
    assert root.stat().st_mode & 0o777 == 0o700
    for p in [root / "unionledger.sqlite3", root / "exports" / "old-export.xlsx"]:
        assert p.exists() and p.stat().st_mode & 0o077 == 0, p
    assert (root / "说明.txt").stat().st_mode & 0o777 == 0o644
    for d in [root / "logs", root / "backups"]:
        assert d.stat().st_mode & 0o077 == 0, d


def test_audit_rows_of_older_versions_are_protected_once(data_root: Path) -> None:
    from desktop_app.services.app import App
    from sqlalchemy import text

    from desktop_app.services.audit import PROTECTED_SETTING, _session_key, digest
    from desktop_app.services.settings import set_setting

    app = App.open(data_root)
    try:
        with app.transaction() as s:  # as an older version wrote them: numbers in the clear
            s.execute(text(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, old, new, note) "
                "VALUES ('2023-01-01 00:00:00', 'clerk', 'create', 'person', 1, NULL, :new, :note)"),
                {"new": json.dumps({"id_number": xf.ID_F, "name": "张三", "phone": "13812345678"}),
                 "note": f"导入 {xf.ID_M}"})
            set_setting(s, PROTECTED_SETTING, False)
    finally:
        app.close()
    app = App.open(data_root)
    try:
        with app.session() as s:
            new, note = s.execute(text("SELECT CAST(new AS TEXT), note FROM audit_log WHERE actor = 'clerk'")).one()
            key = _session_key(s)
        doc = json.loads(new)
        assert doc == {"id_number": "310118********002X", "id_number_hmac": digest(xf.ID_F, key),
                       "name": "张三", "phone": "138****5678"}
        assert note == "导入 440306********0519"
    finally:
        app.close()
