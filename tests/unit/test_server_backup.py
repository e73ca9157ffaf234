"""Backups of a server store (issue 15, point 6): pg_dump when installed, else a clear word
that the server's own backups apply; restore refused on a seat. PostgreSQL run only."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pg import base_url

pytestmark = pytest.mark.skipif(base_url() is None, reason="needs a PostgreSQL server (UNIONLEDGER_TEST_PG)")


def test_backup_create_runs_pg_dump(run_cli, data_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    assert run_cli("setup", "--name", "青浦区总工会", "--code", "QP", "--level", "district")[0] == 0
    out_dir = tmp_path / "usb"
    code, out, err = run_cli("backup", "create", "--out", str(out_dir), "--json")
    assert code == 0, err
    made = json.loads(out)
    path = Path(made["path"])
    assert made["kind"] == "server" and path.parent == out_dir and path.name.endswith(".dump")
    assert not list(out_dir.glob("~*"))
    listing = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public records" in listing and "TABLE DATA public operators" in listing
    code, out, err = run_cli("backup", "create")
    assert code == 0 and "服务器数据库 pg_dump 备份完成" in out, err
    assert len(list((data_root / "backups").glob("server-*.dump"))) == 1


def test_without_pg_dump_the_servers_backup_applies(run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run_cli("backup", "create")
    assert code == 2 and "本机没有安装 PostgreSQL 的 pg_dump" in err and "由服务器负责" in err
    code, _, err = run_cli("backup", "restore", "whatever.sqlite", "--yes")
    assert code == 2 and "不能在座席上恢复" in err and "pg_restore" in err
