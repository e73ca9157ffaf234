"""Office set-up, people registry (R-ID-5), units, catalogue copy, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.services.audit import history
from desktop_app.services.catalog import copy_year, get_project, list_projects
from desktop_app.services.errors import NotConfigured, ValidationFailed
from desktop_app.services.office import get_office, setup_office
from desktop_app.services.people import count_people, search_people_ids, upsert_person


def test_office_required_then_set(app):
    with app.session() as s:
        with pytest.raises(NotConfigured):
            get_office(s)
    with app.transaction() as s:
        info = setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town", parent_name="青浦区总工会", parent_code="QP")
    assert (info.code, info.parent_code, info.is_district) == ("ZJJ", "QP", False)
    with app.transaction() as s:  # re-running set-up edits the same unit
        info2 = setup_office(s, name="朱家角镇总工会（新）", code="ZJJ", level="town", parent_name="青浦区总工会", parent_code="QP")
        assert info2.unit_id == info.unit_id
        assert len(history(s, "office", info.unit_id)) == 2


def test_office_validation_messages(app):
    with app.transaction() as s:
        with pytest.raises(ValidationFailed) as exc:
            setup_office(s, name="", code="z", level="town")
    msg = str(exc.value)
    assert "单位名称不能为空" in msg and "单位代码" in msg and "上级" in msg


def test_district_has_no_parent(app):
    with app.transaction() as s:
        info = setup_office(s, name="青浦区总工会", code="QP", level="district")
    assert info.is_district and info.parent_code is None


def test_one_person_one_record(app):
    with app.transaction() as s:
        a = upsert_person(s, "31011819890517002X", {"name": "李娟", "phone": "13812345678"})
        b = upsert_person(s, "31011819890517002X", {"name": "李娟", "phone": "13812345678"})
        c = upsert_person(s, "31011819890517002X", {"name": "李娟", "work_unit": "青浦快递"})
        assert (a.action, b.action, c.action) == ("added", "unchanged", "updated")
        assert a.person.id == c.person.id
        assert a.person.gender == "女" and a.person.birth_date == dt.date(1989, 5, 17)
        assert count_people(s) == 1
        assert [h.action for h in history(s, "person", a.person.id)] == ["create", "update"]


def test_invalid_number_never_stored(app):
    with app.transaction() as s:
        with pytest.raises(ValidationFailed):
            upsert_person(s, "310118198905170021", {"name": "错号"})
        assert count_people(s) == 0


def test_people_search(app):
    with app.transaction() as s:
        upsert_person(s, "31011819890517002X", {"name": "李娟", "work_unit": "青浦快递"})
        upsert_person(s, "440306198002290519", {"name": "王强", "work_unit": "朱家角环卫所"})
        assert len(search_people_ids(s, "")) == 2
        assert len(search_people_ids(s, "王")) == 1
        assert len(search_people_ids(s, "环卫")) == 1
        assert len(search_people_ids(s, "440306")) == 1
        assert len(search_people_ids(s, "002x")) == 1  # last digits, lower-case x


def test_copy_year(app):
    with app.transaction() as s:
        created = copy_year(s, 2023, 2024)
        assert len(created) == 10
        p = get_project(s, "QP2024-03")
        assert p.year == 2024 and p.quota == 10000
        assert p.period_start == dt.date(2024, 1, 1)
        trips = get_project(s, "QP2024-01")
        assert trips.period_end == dt.date(2024, 11, 30)
        assert copy_year(s, 2023, 2024) == []  # idempotent
        assert len(list_projects(s, 2024)) == 10


def test_every_shipped_catalogue_installs_with_known_forms_and_rule_parameters(app) -> None:  # type: ignore[no-untyped-def]
    """A new catalogue file (a new plan or year) is data only: each one installs, each project
    uses forms that exist, and its parameters are numbers, dates or texts the rules read."""
    from desktop_app.services.catalog import load_templates

    templates = load_templates()
    assert len(templates) >= 2
    with app.session() as s:
        projects = list_projects(s)
    codes_by_year = {(p.year, p.code) for p in projects}
    for template in templates.values():
        year = template["year"]
        installed = {code for y, code in codes_by_year if y == year}
        assert len(installed) == len(template["projects"]), template.get("name")
        for project in template["projects"]:
            assert project["forms"], project
            assert set(project["forms"]) <= set(app.specs), (project["forms"], sorted(app.specs))
