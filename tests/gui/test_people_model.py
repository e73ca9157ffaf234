"""The lazy people model without widgets (Vorta style): 2,000 people, masking, sort, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.ids import mask_id
from desktop_app.core.phones import mask_phone
from desktop_app.gui.models import lazy
from desktop_app.gui.models.people_model import PeopleModel
from tests.gui.conftest import bulk_people

N = 2000


@pytest.fixture()
def people(app):  # type: ignore[no-untyped-def]
    return bulk_people(app, N)


@pytest.fixture()
def model(qapp, app, people):  # type: ignore[no-untyped-def]
    m = PeopleModel(app)
    m.search("")
    return m


def _col(model: PeopleModel, key: str) -> int:
    return model.column_of(key)


def _text(model: PeopleModel, row: int, key: str) -> str:
    return model.data(model.index(row, _col(model, key)), Qt.ItemDataRole.DisplayRole)


def test_row_count_and_lazy_pages(model) -> None:
    assert model.rowCount() == N and model.columnCount() == 8
    assert model.fetches == 0  # nothing loaded until a row is asked for
    _text(model, 0, "name")
    _text(model, lazy.PAGE_SIZE - 1, "name")
    assert model.fetches == 1
    _text(model, N - 1, "name")
    assert model.fetches == 2


def test_masked_unless_revealed(model, people, app) -> None:
    by_number = {p["id_number"]: p for p in people}
    model.set_revealed(True)
    number = _text(model, 5, "id_number")
    person = by_number[number]
    assert _text(model, 5, "phone") == person["phone"]
    model.set_revealed(False)
    assert _text(model, 5, "id_number") == mask_id(number)
    assert "********" in _text(model, 5, "id_number")
    assert _text(model, 5, "phone") == mask_phone(person["phone"])
    assert person["phone"] not in _text(model, 5, "phone")
    # Revealing is audited (PIPL).
    from sqlalchemy import select

    from desktop_app.store.models import AuditLog

    with app.session() as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.entity == "people_list")))
    assert actions == ["reveal", "mask"]


def test_sort_by_header(model, people) -> None:
    from desktop_app.core.collation import sort_pinyin

    names = sort_pinyin(p["name"] for p in people)  # pinyin, not code point (issue 18)
    assert [_text(model, r, "name") for r in (0, N - 1)] == [names[0], names[-1]]
    model.sort(_col(model, "birth_date"), Qt.SortOrder.DescendingOrder)
    births = sorted((p["birth_date"].isoformat() for p in people), reverse=True)
    assert [_text(model, r, "birth_date") for r in range(5)] == births[:5]
    model.sort(_col(model, "is_member"), Qt.SortOrder.AscendingOrder)  # not sortable: unchanged
    assert model.sort_key == "birth_date"


def test_search_names_units_and_numbers(model, people) -> None:
    target = people[123]
    model.search(target["name"])
    expected = sum(1 for p in people if target["name"] in p["name"] or target["name"] in p["work_unit"])
    assert model.rowCount() == expected >= 1
    assert model.total == N
    model.search(target["id_number"][:10])
    assert model.rowCount() == sum(1 for p in people if p["id_number"].startswith(target["id_number"][:10]))
    model.set_revealed(True)
    model.search(target["id_number"][-4:].lower())  # last digits, lower-case x
    assert target["id_number"] in {_text(model, r, "id_number") for r in range(model.rowCount())}
    unit_part = target["work_unit"][2:6]
    model.search(unit_part)
    assert model.rowCount() == sum(1 for p in people if unit_part in p["work_unit"] or unit_part in p["name"])
    model.search("")
    assert model.rowCount() == N


def test_new_person_found_after_upsert(model, app) -> None:
    from desktop_app.services.people import upsert_person

    with app.transaction() as s:
        upsert_person(s, "11010519491231002X", {"name": "欧阳娜娜", "work_unit": "测试单位"})
    model.search("欧阳娜娜")
    assert model.rowCount() == 1
    with app.transaction() as s:
        upsert_person(s, "11010519491231002X", {"name": "欧阳丽丽"})
    model.search("欧阳娜娜")
    assert model.rowCount() == 0
    model.search("欧阳丽丽")
    assert model.rowCount() == 1
