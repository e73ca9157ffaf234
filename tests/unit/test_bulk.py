"""store.bulk helpers write exactly what the ORM would."""

from __future__ import annotations

import json

import pytest

from desktop_app.store.bulk import sql_json, sql_literal


def test_sql_json_is_json_dumps_text() -> None:
    for value in ({"名": "x\n", "n": [1, 2.5, None, True], "d": {}}, {"flag": True}, [1, 2], "text", None):
        assert sql_json(value) == json.dumps(value)


def test_literals_only_for_plain_values() -> None:
    assert [sql_literal(v) for v in (None, 7, "2026-11-23 10:00:00.000001", "T01")] == [
        "NULL", "7", "'2026-11-23 10:00:00.000001'", "'T01'"]
    for bad in ("it's", "镇", True, 1.5, "x" * 65):
        with pytest.raises(ValueError):
            sql_literal(bad)


@pytest.fixture()
def people_store(tmp_path):  # type: ignore[no-untyped-def]
    from desktop_app.services.app import App
    from desktop_app.store.models import Person, utcnow

    app = App.open(tmp_path / "d")
    now = utcnow()
    with app.transaction() as s:
        s.add_all([Person(id_number=f"3101181990010100{i:02d}", name=f"职工{i}", revision=1, created_at=now,
                          updated_at=now) for i in range(2000)])
    yield app
    app.close()


@pytest.mark.parametrize("json_each", [True, False])
@pytest.mark.sqlite_only  # SQLite's json_each and VALUES paths
def test_lookup_finds_the_rows_of_many_keys(people_store, monkeypatch, json_each: bool) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.store import bulk

    if not json_each:  # a SQLite without JSON: chunks of 900 keys as a VALUES table
        monkeypatch.setattr(bulk, "_json_each_works", lambda dbapi: False)
    wanted = {f"3101181990010100{i:02d}" for i in range(0, 2000, 2)} | {"没有这个人", "x\ud800y", "3" * 18}
    with people_store.session() as s:
        rows = bulk.lookup(s, "SELECT p.id_number, p.name FROM {keys} k JOIN people p ON p.id_number = k.value",
                           wanted)
        by_id = bulk.lookup(s, "SELECT p.id, p.name FROM {keys} k JOIN people p ON p.id = k.value AND p.name != ?",
                            [1, 2, 3, 5000], ("职工1",))
        nothing = bulk.lookup(s, "SELECT p.id FROM {keys} k JOIN people p ON p.id = k.value", [])
    assert sorted(rows) == sorted((f"3101181990010100{i:02d}", f"职工{i}") for i in range(0, 2000, 2))
    assert all(type(r) is tuple for r in rows)
    assert sorted(by_id) == [(1, "职工0"), (3, "职工2")] and nothing == []


def test_sql_jsons_is_sql_json_of_each() -> None:
    from desktop_app.store.bulk import sql_jsons

    values = [{"名": "x\n", "n": [1, 2.5, None, True]}, {}, [1, 2], "text", None, {"flag": True}]
    assert sql_jsons(values) == [json.dumps(v) for v in values] and sql_jsons([]) == []


def test_sql_json_is_what_the_json_column_writes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The bulk paths' JSON text is the JSON type's own: stored through the ORM, read back as text
    (both engines)."""
    from sqlalchemy import Text, cast, select

    from desktop_app.store.models import Setting

    from desktop_app.services.app import App

    data = {"名": "x\n", "n": [1, 2.5, None, True], "d": {}, "age": 30}
    app = App.open(tmp_path / "d")
    try:
        with app.transaction() as s:
            s.add(Setting(key="test.sql_json", value=data))
        with app.session() as s:
            text = s.scalar(select(cast(Setting.value, Text)).where(Setting.key == "test.sql_json"))
    finally:
        app.close()
    assert text == sql_json(data)


def test_collector_paused_only_on_the_main_thread() -> None:
    """services.gc_pause: the process-wide switch is never taken from a worker thread (the GUI's)."""
    import gc
    import threading

    from desktop_app.services.gc_pause import gc_paused

    @gc_paused
    def state() -> bool:
        return gc.isenabled()

    seen: list[bool] = []
    worker = threading.Thread(target=lambda: seen.append(state()))
    worker.start()
    worker.join()
    assert gc.isenabled()
    assert state() is False and gc.isenabled()  # main thread: paused, then restored
    assert seen == [True]  # worker: left alone


def test_server_lookup_uses_index_probes_and_puts_the_planner_back(app) -> None:  # type: ignore[no-untyped-def]
    """On PostgreSQL a key look-up runs with hash and merge joins off (stale statistics during a
    bulk import made the planner hash whole tables) and the session's settings are as before
    afterwards; the program's sessions run with JIT off."""
    from sqlalchemy import text

    from desktop_app.store import bulk
    from desktop_app.store.models import Person, utcnow

    if not app.store.server:
        pytest.skip("a PostgreSQL store (UNIONLEDGER_TEST_PG)")
    now = utcnow()
    with app.transaction() as s:
        s.add_all([Person(id_number=f"31011819900101{i:04d}", name=f"职工{i}", revision=1, created_at=now,
                          updated_at=now) for i in range(500)])
    numbers = [f"31011819900101{i:04d}" for i in range(0, 700, 7)]  # some not registered
    sql = "SELECT t.id_number, current_setting('enable_hashjoin') FROM {keys} k JOIN people t ON t.id_number = k.value"
    with app.transaction() as s:
        rows = bulk.lookup(s, sql, numbers)
        assert sorted(r[0] for r in rows) == [n for n in numbers if int(n[-4:]) < 500]
        assert {r[1] for r in rows} == {"off"}  # during the look-up
        after = s.execute(text("SELECT current_setting('enable_hashjoin'), current_setting('enable_mergejoin'),"
                               " current_setting('jit')")).one()
        assert tuple(after) == ("on", "on", "off")
