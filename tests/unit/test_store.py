"""Store: migrations at start-up, backups, newer schema refused, SQLite pragmas, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.services.app import App
from desktop_app.store.migrate import NewerSchemaError, current_revision, head_revision, migrate


def test_fresh_store_is_migrated_with_pragmas(app):
    assert current_revision(app.data_dir.database) == head_revision()
    with app.session() as s:
        conn = s.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_catalogue_loaded_once(data_root):
    a = App.open(data_root)
    assert a.catalog_added == 11
    a.close()
    b = App.open(data_root)
    assert b.catalog_added == 0
    b.close()


def test_newer_schema_is_refused_and_left_untouched(data_root):
    App.open(data_root).close()
    db = data_root / "unionledger.sqlite3"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(NewerSchemaError) as exc:
        App.open(data_root)
    assert "更新版本" in str(exc.value)
    assert db.read_bytes() == before


def test_unknown_revision_is_refused(data_root):
    App.open(data_root).close()
    db = data_root / "unionledger.sqlite3"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='0000_unknown'")
    con.commit()
    con.close()
    with pytest.raises(NewerSchemaError):
        migrate(db, data_root / "backups")


def test_backup_is_a_consistent_copy(app, tmp_path):
    from desktop_app.services.people import upsert_person
    from desktop_app.store.migrate import backup_database

    with app.transaction() as s:
        upsert_person(s, "31011819890517002X", {"name": "李娟"})
    copy = backup_database(app.data_dir.database, tmp_path / "bk", "test")
    con = sqlite3.connect(copy)
    assert con.execute("select name from people").fetchall() == [("李娟",)]
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    con.close()


def test_failed_transaction_leaves_nothing(app):
    from desktop_app.services.people import count_people, upsert_person

    with pytest.raises(RuntimeError):
        with app.transaction() as s:
            upsert_person(s, "31011819890517002X", {"name": "张三"})
            raise RuntimeError("boom")
    with app.session() as s:
        assert count_people(s) == 0


def test_foreign_keys_enforced(app):
    from sqlalchemy.exc import IntegrityError

    from desktop_app.store.models import RosterEntry

    with pytest.raises(IntegrityError):
        with app.transaction() as s:
            s.add(RosterEntry(record_id=999, person_id=999, seq=1, data={}))
