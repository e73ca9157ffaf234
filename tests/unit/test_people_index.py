"""The in-memory people search index gives exactly what the SQL search (LIKE) gives, in the
same order, and stays fresh after inserts, updates and deletes."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import delete, select

from desktop_app.services.demo import fake_people
from desktop_app.services.people import SORTABLE, _search_filter, search_people_ids, upsert_person
from desktop_app.store.models import Person


def _sql_search(session, query: str, sort: str, descending: bool) -> list[int]:  # type: ignore[no-untyped-def]
    column = SORTABLE[sort]
    stmt = select(Person.id).order_by(column.desc() if descending else column.asc(), Person.id)
    flt = _search_filter(query)
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
    with app.transaction() as s:
        s.execute(delete(Person).where(Person.name == "欧阳娜娜"))
    with app.session() as s:
        assert search_people_ids(s, "欧阳娜娜") == []
        assert len(search_people_ids(s, "")) == 400


def test_limit(app, filled) -> None:
    with app.session() as s:
        assert len(search_people_ids(s, "", limit=10)) == 10
