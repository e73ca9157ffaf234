"""The in-memory people search index gives exactly what the SQL search (LIKE) gives, in the
same order, and stays fresh after inserts, updates and deletes."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import delete, select

from desktop_app.core.collation import pinyin_key
from desktop_app.services.demo import fake_people
from desktop_app.services.people import SORTABLE, _search_filter, search_people_ids, upsert_person
from desktop_app.services.people_index import PINYIN_SORTS
from desktop_app.store.models import Person


def _sql_search(session, query: str, sort: str, descending: bool) -> list[int]:  # type: ignore[no-untyped-def]
    column = SORTABLE[sort]
    flt = _search_filter(query)
    if sort in PINYIN_SORTS:  # Chinese text in pinyin order (issue 18), ties by id, empty first
        stmt = select(Person.id, column).order_by(Person.id)
        if flt is not None:
            stmt = stmt.where(flt)
        rows = session.execute(stmt).all()
        rows.sort(key=lambda r: pinyin_key(r[1] or ""), reverse=descending)
        return [r[0] for r in rows]
    stmt = select(Person.id).order_by(column.desc() if descending else column.asc(), Person.id)
    if flt is not None:
        stmt = stmt.where(flt)
    return list(session.scalars(stmt))


@pytest.fixture()
def filled(app):  # type: ignore[no-untyped-def]
    people = list(fake_people(400, seed=5))
    with app.transaction() as s:
        for i, p in enumerate(people):
            fields = {k: v for k, v in p.items() if k != "id_number"}
            if i % 37 == 0:
                fields.pop("phone")  # NULLs sort first, as in SQLite
            upsert_person(s, p["id_number"], fields, audit_changes=False)
    return people


@pytest.mark.sqlite_only  # SQLite's query plans (INDEXED BY) and its NULL/text order
def test_same_results_and_order_as_sql(app, filled) -> None:
    rnd = random.Random(1)
    queries = ["", "王", "x", "X", "青浦", "有限公司", "不存在"]
    for p in rnd.sample(filled, 12):
        queries += [p["name"], p["name"][1:], p["id_number"][:6], p["id_number"][:12], p["id_number"][-4:],
                    p["id_number"][-1:], p["phone"][3:8], p["work_unit"][2:5]]
    with app.session() as s:
        for sort in SORTABLE:
            for descending in (False, True):
                for q in queries:
                    assert search_people_ids(s, q, sort=sort, descending=descending) == \
                        _sql_search(s, q, sort, descending), (q, sort, descending)


def test_fresh_after_changes(app, filled) -> None:
    with app.session() as s:
        assert len(search_people_ids(s, "")) == 400
    with app.transaction() as s:
        upsert_person(s, "11010519491231002X", {"name": "欧阳娜娜"})
        upsert_person(s, filled[0]["id_number"], {"name": "改名字"})
    with app.session() as s:
        assert len(search_people_ids(s, "欧阳娜娜")) == 1
        assert len(search_people_ids(s, "改名字")) == 1
        assert search_people_ids(s, "002x") == _sql_search(s, "002x", "name", False)
    if app.store.server:
        return  # the program deletes no person; a server's stamp leaves the row count out (issue 15)
    with app.transaction() as s:  # a deletion made outside the program: the count catches it
        s.execute(delete(Person).where(Person.name == "欧阳娜娜"))
    with app.session() as s:
        assert search_people_ids(s, "欧阳娜娜") == []
        assert len(search_people_ids(s, "")) == 400


def test_limit(app, filled) -> None:
    with app.session() as s:
        assert len(search_people_ids(s, "", limit=10)) == 10


@pytest.mark.sqlite_only  # SQLite's query plans (INDEXED BY) and its NULL/text order
def test_patched_not_rebuilt_after_bulk_inserts_and_edits(app, filled) -> None:  # type: ignore[no-untyped-def]
    """Rows inserted in bulk (created_at = updated_at) are found by id, rows changed later by
    ix_people_changed_at: the index is patched in place, never rebuilt, and stays right."""
    from desktop_app.services.people_index import people_index
    from desktop_app.store.bulk import insert_many

    def changed_rows(s) -> int:  # type: ignore[no-untyped-def]
        return s.connection().exec_driver_sql(
            "SELECT count(*) FROM people INDEXED BY ix_people_changed_at WHERE updated_at > created_at").scalar()

    with app.session() as s:
        first = people_index(s)
        assert first.stamp[2] is None and changed_rows(s) == 0  # ORM inserts: created_at = updated_at
    now = "2026-11-23 08:00:00.000000"
    with app.transaction() as s:  # as the exchange import inserts a town's people
        insert_many(s, "people", ("id_number", "name", "revision"),
                    [("11010519491231002X", "欧阳娜娜", 1), ("110105194912310038", "司马光", 1)],
                    {"created_at": now, "updated_at": now})
    with app.session() as s:
        assert people_index(s) is first and changed_rows(s) == 0
        assert len(search_people_ids(s, "欧阳娜娜")) == 1 and len(search_people_ids(s, "")) == 402
    with app.transaction() as s:
        upsert_person(s, filled[0]["id_number"], {"name": "改名字"})
        upsert_person(s, "110105194912310038", {"work_unit": "宋朝编书局"})
    with app.session() as s:
        assert people_index(s) is first and changed_rows(s) == 2
        assert search_people_ids(s, "改名字") == _sql_search(s, "改名字", "name", False) != []
        assert search_people_ids(s, "编书局") == _sql_search(s, "编书局", "name", False) != []
        assert search_people_ids(s, filled[0]["name"]) == _sql_search(s, filled[0]["name"], "name", False)
        for sort in SORTABLE:  # patched positions need not follow ids: every order is still SQL's
            assert search_people_ids(s, "", sort=sort, descending=True) == _sql_search(s, "", sort, True)
    with app.transaction() as s:  # a second change of a changed row: found past the new stamp
        upsert_person(s, filled[0]["id_number"], {"name": "又改名"})
    with app.session() as s:
        assert people_index(s) is first and search_people_ids(s, "又改名") != []
        assert search_people_ids(s, "改名字") == []


def test_slots_and_numbers_match_a_plain_scan() -> None:
    """The fixed-width slots and the sorted numbers find what a plain loop finds, in order, with
    the awkward values: empty, one far longer than the rest, one holding the separator, numbers
    of other lengths and with a lower-case x."""
    from desktop_app.services.people_index import _BLOB_SEP, _Numbers, _Slots

    rnd = random.Random(7)
    alphabet = "王李张青浦快递物流有限公司ab1"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8))) for _ in range(600)]
    texts[3] = "王" * 300 + "末尾"  # longer than any slot
    texts[4] = "有" + _BLOB_SEP + "限"  # the separator inside a value
    texts[5] = ""
    slots = _Slots(texts)
    assert slots.width < 20 and {r for r, _v in slots.long} >= {3, 4}
    for q in ["王", "末尾", "有限", _BLOB_SEP, "有" + _BLOB_SEP, "ab", "不存在", "王王"]:
        assert slots.find(q) == [r for r, v in enumerate(texts) if q in v], q

    numbers = ["".join(rnd.choice("0123456789") for _ in range(17)) + rnd.choice("0123456789X")
               for _ in range(600)]
    numbers[7], numbers[8] = "12345", "310101199001011234"
    phones = ["1" + "".join(rnd.choice("0123456789") for _ in range(10)) for _ in range(600)]
    phones[9] = ""
    index = _Numbers(numbers, phones)
    for q in ["3", "31", "1234", "X", "x", "01011234", "310101199001011234", "9", "45", "0000000"]:
        lo, hi = index.prefix_range(q)
        got = sorted(index.sorted_pos[lo:hi] + list(index.other_hits(q)))  # no position twice
        u = q.upper()
        want = [p for p, n in enumerate(numbers) if n.startswith(u) or n.endswith(u) or q in phones[p]]
        assert got == want, q
