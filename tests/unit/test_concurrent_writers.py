"""Two writer processes at once (issue 20, point 4): writers wait their turn.

Before: a write transaction began as a reader (deferred BEGIN); under WAL, once another
process had committed, its first write failed at once with "database is locked" whatever
the busy timeout — "内部错误" on up to one write in three, 4 of 6 roster imports failed next
to an adding loop. Now writes BEGIN IMMEDIATE and wait; a lock held past the timeout is a
Chinese, retryable message.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.unit import xlsx_factory as xf

pytestmark = pytest.mark.sqlite_only  # SQLite's write lock (BEGIN IMMEDIATE, busy timeout)

ROOT = Path(__file__).resolve().parents[2]

ADDER = textwrap.dedent("""
    import io, json, sys, contextlib
    from desktop_app.__main__ import main
    root, files = sys.argv[1], sys.argv[2:]
    results = []
    for data in files:
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["--data-dir", root, "record", "add", "--form", "2-3-6",
                         "--project", "QP2023-03", "--data", data, "--json"])
        results.append([code, err.getvalue()])
    print(json.dumps(results))
""")

IMPORTER = textwrap.dedent("""
    import io, json, sys, contextlib
    from desktop_app.__main__ import main
    root, files = sys.argv[1], sys.argv[2:]
    results = []
    for f in files:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--data-dir", root, "roster", "import", f, "--valid-only", "--json"])
        added = json.loads(out.getvalue())["added"] if out.getvalue().strip() else None
        results.append([code, err.getvalue(), added])
    print(json.dumps(results))
""")


def _rows(batch: int, n: int) -> list[list[object]]:
    rows = []
    for i in range(n):
        seq = batch * 400 + i + 1
        number = xf.make_id(birth=f"19{70 + seq % 20}0{1 + seq % 9}1{seq % 9}", seq=(seq % 999) or 1)
        gender = "男" if int(number[16]) % 2 else "女"
        rows.append(xf.person(i + 1, f"职工{seq}", gender, None, None, number))
    return rows


def test_record_adds_and_roster_imports_at_once(tmp_path: Path) -> None:
    from desktop_app.services.app import App

    root = tmp_path / "data"

    App.open(root).close()  # migrations done once, before the race
    datas = []
    for i in range(25):
        datas.append(tmp_path / f"rows{i}.json")
        number = xf.make_id(birth="19850101", seq=600 + i)
        datas[-1].write_text(json.dumps([{"name": f"张{i}", "id_number": number, "unit": "甲公司"}]),
                             encoding="utf-8")
    files = [xf.roster_236(tmp_path / f"r{b}.xlsx", _rows(b, 300)) for b in range(4)]
    adder = subprocess.Popen([sys.executable, "-c", ADDER, str(root), *map(str, datas)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER, str(root), *map(str, files)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_a, err_a = adder.communicate(timeout=280)
    out_i, err_i = importer.communicate(timeout=280)
    assert adder.returncode == 0 and importer.returncode == 0, err_a + err_i
    adds = json.loads(out_a)
    imports = json.loads(out_i)
    messages = "".join(e for _c, e in adds) + "".join(e for _c, e, _n in imports)
    assert "内部错误" not in messages and "locked" not in messages, messages
    assert [c for c, _e in adds] == [0] * 25, adds
    assert all(c in (0, 1) and n and n > 250 for c, _e, n in imports), imports
    with _opened(root) as app:
        from sqlalchemy import func, select

        from desktop_app.store.models import Person, Record

        with app.session() as s:
            assert s.scalar(select(func.count()).select_from(Record)) == 25
            assert s.scalar(select(func.count()).select_from(Person)) == 25 + sum(n for _c, _e, n in imports)


class _opened:
    def __init__(self, root: Path) -> None:
        from desktop_app.services.app import App

        self.app = App.open(root)

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.app

    def __exit__(self, *exc: object) -> None:
        self.app.close()


def test_lock_held_past_the_timeout_is_a_chinese_retryable_message(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from sqlalchemy import text

    from desktop_app.store import db
    from desktop_app.store.db import StoreBusy

    blocker = sqlite3.connect(app.store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
        app.store.engine.dispose()  # new connections take the short timeout
        with pytest.raises(StoreBusy) as err, app.transaction() as s:
            s.execute(text("INSERT INTO settings(key, value) VALUES ('x', '1')"))
        assert "另一个窗口或程序" in str(err.value) and "再试" in str(err.value)
        with app.session() as s:  # readers are not held up by the writer (WAL)
            assert s.execute(text("SELECT count(*) FROM settings")).scalar() is not None
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with app.transaction() as s:  # and once the lock is free, the same write goes through
        s.execute(text("INSERT INTO settings(key, value) VALUES ('x', '1')"))
