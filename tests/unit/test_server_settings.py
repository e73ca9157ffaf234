"""设置 → 数据库 (issue 15): the server's fields as a URL, the saved file (never a password),
and which store the next start opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.app_paths import DataDir
from desktop_app.services import server_settings as ss
from desktop_app.services.errors import ServiceError


@pytest.mark.sqlite_only  # about the data folder's own choice (the PostgreSQL run patches it)
def test_saved_server_is_what_the_next_start_opens(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.app import SERVER_FILE, database_target

    monkeypatch.delenv("UNIONLEDGER_DATABASE_URL", raising=False)
    d = DataDir(tmp_path / "data").ensure()
    assert database_target(d) == d.database
    url = ss.ServerFields("db.qp.local", 5433, "台账", "qp office", "require").url()
    assert url == "postgresql://qp%20office@db.qp.local:5433/%E5%8F%B0%E8%B4%A6?sslmode=require"
    ss.save_server(d, url)
    assert (d.root / SERVER_FILE).read_text(encoding="utf-8") == url + "\n"
    assert database_target(d) == url and ss.saved_server(d) == url
    back = ss.ServerFields.from_url(url)
    assert (back.host, back.port, back.database, back.user, back.sslmode) == ("db.qp.local", 5433, "台账", "qp office",
                                                                              "require")
    monkeypatch.setenv("UNIONLEDGER_DATABASE_URL", "postgresql://other@h/db")
    assert database_target(d) == "postgresql://other@h/db"  # the environment wins
    ss.save_server(d, None)
    monkeypatch.delenv("UNIONLEDGER_DATABASE_URL")
    assert database_target(d) == d.database and not (d.root / SERVER_FILE).exists()


def test_bad_fields_and_passwords_are_refused(tmp_path: Path) -> None:
    d = DataDir(tmp_path / "data").ensure()
    with pytest.raises(ServiceError, match="主机名"):
        ss.ServerFields("", 5432, "db", "u").url()
    with pytest.raises(ServiceError, match="端口"):
        ss.ServerFields("h", 70000, "db", "u").url()
    with pytest.raises(ServiceError, match="不能保存密码"):
        ss.save_server(d, "postgresql://u:secret@h/db")
    assert ss.saved_server(d) is None
    with pytest.raises(ServiceError, match="^连接失败："):
        ss.test_connection("postgresql://x@127.0.0.1:1/db?sslmode=disable", timeout=2)
