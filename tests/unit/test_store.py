"""Store: migrations at start-up, backups, newer schema refused, SQLite pragmas, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.services.app import App
from desktop_app.store.migrate import NewerSchemaError, current_revision, head_revision, migrate


@pytest.mark.sqlite_only  # the SQLite file, its pragmas and its start-up migration
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


@pytest.mark.sqlite_only  # the SQLite file, its pragmas and its start-up migration
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


@pytest.mark.sqlite_only  # the SQLite file, its pragmas and its start-up migration
def test_unknown_revision_is_refused(data_root):
    App.open(data_root).close()
    db = data_root / "unionledger.sqlite3"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='0000_unknown'")
    con.commit()
    con.close()
    with pytest.raises(NewerSchemaError):
        migrate(db, data_root / "backups")


@pytest.mark.sqlite_only  # the SQLite file, its pragmas and its start-up migration
def test_backup_is_a_consistent_copy(app, tmp_path):
    from desktop_app.services.people import upsert_person
    from desktop_app.store.migrate import backup_database

    with app.transaction() as s:
        upsert_person(s, "31011819890517002X", {"name": "李娟"})
    copy = backup_database(app.data_dir.database, tmp_path / "bk", "manual")
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


def _store_at(db, revision: str) -> None:
    """A database at an older revision, as an earlier release left it."""
    from desktop_app.store.migrate import upgrade_sqlite

    upgrade_sqlite(db, revision)


@pytest.mark.sqlite_only  # the SQLite file, its pragmas and its start-up migration
def test_store_of_release_0001_upgrades_keeping_people_and_rosters(data_root):
    """0002 drops people.uid (a table rebuild): people, their ids and the roster entries
    pointing at them survive; a backup of the old file is made first."""
    db = data_root / "unionledger.sqlite3"
    data_root.mkdir(parents=True, exist_ok=True)
    _store_at(db, "0001")
    con = sqlite3.connect(db)
    with con:
        now = "2026-01-02 03:04:05.000000"
        con.execute("INSERT INTO projects (id, code, year, name, category, quota, quota_unit, forms, params)"
                    " VALUES (1, 'X2023', 2023, '体检', 'health', 10, '人', '[]', '{}')")
        con.execute("INSERT INTO people (id, uid, id_number, name, gender, birth_date, work_unit, revision,"
                    " created_at, updated_at) VALUES (7, 'aa', '31011819890517002X', '李娟', '女', '1989-05-17',"
                    " '快递公司', 3, ?, ?)", (now, now))
        con.execute("INSERT INTO records (id, uid, project_id, form_code, status, data, computed, findings, headcount,"
                    " subsidy_fen, revision, created_at, updated_at) VALUES (5, 'r5', 1, '2-3-2', 'draft', '{}', '{}',"
                    " '[]', 1, 0, 1, ?, ?)", (now, now))
        con.execute("INSERT INTO roster_entries (record_id, person_id, seq, data) VALUES (5, 7, 1, '{}')")
    con.close()
    app = App.open(data_root)
    try:
        assert current_revision(db) == head_revision()
        with app.session() as s:
            conn = s.connection()
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(people)")]
            assert "uid" not in columns and "id_number" in columns
            assert conn.exec_driver_sql(
                "SELECT id, id_number, name, birth_date, revision FROM people").all() == [
                (7, "31011819890517002X", "李娟", "1989-05-17", 3)]
            assert conn.exec_driver_sql("SELECT record_id, person_id FROM roster_entries").all() == [(5, 7)]
            # a record's roster is found through the unique (record_id, person_id) index
            plan = " ".join(r[-1] for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT * FROM roster_entries WHERE record_id = 5"))
            assert "uq_roster_entries_record_person" in plan or "sqlite_autoindex_roster_entries" in plan, plan
            indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(people)")}
            assert "ix_people_changed_at" in indexes and "ix_people_updated_at" not in indexes  # 0003
            assert not {"ix_people_name", "ix_people_work_unit", "uq_people_uid"} & indexes
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # the identity number stays unique
            with pytest.raises(Exception, match="UNIQUE"):
                conn.exec_driver_sql("INSERT INTO people (id_number, name, revision, created_at, updated_at)"
                                     " VALUES ('31011819890517002X', '重复', 1, 'x', 'x')")
    finally:
        app.close()
    backups = list((data_root / "backups").glob("*before-0001*"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT uid FROM people").fetchall() == [("aa",)]
    old.close()


def test_models_match_the_migrated_schema(app):
    """Every column, index and constraint of the models is what the migrations build (no
    migration forgotten after a model change)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop_app.store.models import Base

    with app.session() as s:
        ctx = MigrationContext.configure(s.connection(), opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


@pytest.mark.sqlite_only  # the SQLite file, its pragmas and its start-up migration
def test_store_of_release_0002_upgrades_to_the_partial_people_index(data_root):
    """0003 replaces ix_people_updated_at by ix_people_changed_at, which holds only the people
    changed after their creation; the search index's stamp reads it."""
    db = data_root / "unionledger.sqlite3"
    data_root.mkdir(parents=True, exist_ok=True)
    _store_at(db, "0002")
    con = sqlite3.connect(db)
    with con:
        con.executemany("INSERT INTO people (id, id_number, name, revision, created_at, updated_at)"
                        " VALUES (?, ?, ?, 1, ?, ?)",
                        [(1, "31011819890517002X", "李娟", "2026-01-02 03:04:05.000000", "2026-01-02 03:04:05.000000"),
                         (2, "440306198002290519", "王五", "2026-01-02 03:04:05.000000", "2026-03-01 09:00:00.000000")])
    con.close()
    app = App.open(data_root)
    try:
        assert current_revision(db) == head_revision()
        with app.session() as s:
            conn = s.connection()
            indexes = {r[1]: r for r in conn.exec_driver_sql("PRAGMA index_list(people)")}
            assert "ix_people_changed_at" in indexes and "ix_people_updated_at" not in indexes
            assert indexes["ix_people_changed_at"][4] == 1  # partial
            assert conn.exec_driver_sql("SELECT id FROM people INDEXED BY ix_people_changed_at"
                                        " WHERE updated_at > created_at").all() == [(2,)]
            plan = " ".join(r[-1] for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT max(updated_at) FROM people WHERE updated_at > created_at"))
            assert "ix_people_changed_at" in plan, plan
            assert conn.exec_driver_sql("SELECT count(*) FROM people").scalar() == 2
    finally:
        app.close()
