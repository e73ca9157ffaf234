"""db copy (issue 15, point 5): a SQLite store into an empty PostgreSQL database, one
transaction, every table's row count checked; a non-empty target refused. Needs a server:
runs in the PostgreSQL run (UNIONLEDGER_TEST_PG), skipped otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.services import operators as ops
from desktop_app.store import models
from tests.pg import _with_database, base_url

pytestmark = pytest.mark.skipif(base_url() is None, reason="needs a PostgreSQL server (UNIONLEDGER_TEST_PG)")


@pytest.fixture()
def sqlite_source(monkeypatch):  # type: ignore[no-untyped-def]
    """This test's own store is the SQLite file of its data folder (the PostgreSQL run's fixture
    would otherwise give it a server database)."""
    from desktop_app.services import app as app_module

    monkeypatch.setattr(app_module, "database_target", lambda data_dir, db=None: db or data_dir.database)
    monkeypatch.setattr(ops, "SCRYPT_N", 2**10)


@pytest.fixture()
def empty_target(pg_databases):  # type: ignore[no-untyped-def]
    name = f"{pg_databases.prefix}_copy"
    pg_databases._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_databases._exec(f'CREATE DATABASE "{name}"')
    yield _with_database(pg_databases.url, name)
    pg_databases._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_copy_into_an_empty_server_database(sqlite_source, empty_target, data_root: Path, run_cli,
                                            tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.app import App
    from tests.unit.exchange_helpers import add_record

    app = App.open(data_root)
    assert not app.store.server
    from desktop_app.services.office import setup_office

    with app.transaction() as s:
        setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town", parent_name="青浦区总工会", parent_code="QP")
    rid = add_record(app, "甲物流公司", [("李四", "31011819890517002X"), ("王五", "440306198002290519")])
    with app.session() as s:
        source = {t.name: s.scalar(select(func.count()).select_from(t)) for t in models.Base.metadata.sorted_tables}
        digest = s.scalar(select(models.AuditLog.new).where(models.AuditLog.entity == "person").limit(1))
    app.close()
    pw = tmp_path / "pw.txt"
    pw.write_text("server-admin-1\n", encoding="utf-8")
    code, out, err = run_cli("db", "copy", "--to", empty_target, "--admin", "管理员", "--password-file", str(pw), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert "password" not in out and "服务器" in result["target"]
    expected = {**source, "operators": source["operators"] + 1, "audit_log": source["audit_log"] + 1,
                "settings": source["settings"] + 1}
    assert result["tables"] == expected and result["tables"]["records"] == 1 and result["tables"]["people"] == 2
    server = App.open(data_root / "seat2", empty_target)
    try:
        assert server.store.server and server.login_required()
        server.login("管理员", "server-admin-1")
        with server.session() as s:
            rec = s.get(models.Record, rid)
            assert rec is not None and rec.unit_name == "甲物流公司" and len(rec.entries) == 2
            same = s.scalar(select(models.AuditLog.new).where(models.AuditLog.entity == "person").limit(1))
            assert same == digest  # the audit secret came along: same person, same digest
        add_record(server, "乙公司", [("赵六", "11010519491231002X")])  # the sequences were moved on
        with server.session() as s:
            assert s.scalar(select(func.count()).select_from(models.Record)) == 2
            assert s.scalar(select(func.max(models.Record.id))) == rid + 1
    finally:
        server.close()
    code, _, err = run_cli("db", "copy", "--to", empty_target)  # not empty any more
    assert code == 2 and "目标数据库不是空的" in err and "什么也没有改动" in err
    server = App.open(data_root / "seat2", empty_target)
    try:
        with server.session() as s:
            assert s.scalar(select(func.count()).select_from(models.Record)) == 2
    finally:
        server.close()
