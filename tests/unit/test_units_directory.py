"""The units directory keeps what applications say about a unit; check centres and travel
agencies are lists, the plan's five centres shipped with the catalogue (issue 18)."""

from __future__ import annotations

import pytest

from desktop_app.core.forms import SpecError, load_spec
from desktop_app.services.units import (
    directory_entries,
    fill_values,
    find_unit_by_name,
    remember_directory_values,
    remember_unit,
)

CENTRES = ["复旦大学附属中山医院青浦分院体检中心", "上海淀山湖门诊部健康体检中心", "上海华医淀山湖疗养院",
           "上海美馨健康体检中心有限公司", "上海瑞慈瑞青门诊部有限公司"]  # pinyin order


def test_five_check_centres_ship_with_the_catalogue(app) -> None:
    with app.session() as s:
        centres = directory_entries(s, "check_centres")
        assert [c["name"] for c in centres] == CENTRES
        assert {c["role"] for c in centres} == {"check_centre"}
        assert next(c for c in centres if "美馨" in c["name"])["address"] == "青浦区公园路 435 号"
        assert directory_entries(s, "travel_agencies") == []
        assert all(u["role"] in ("enterprise", "town") for u in directory_entries(s, "units"))


def test_application_fills_the_units_directory(app) -> None:
    spec = app.specs["2-3-2"]
    values = {"unit_name": "青浦示例精密机械有限公司", "contact": "王建国", "contact_phone": "13912345678",
              "unit_address": "青浦区华青路 88 号", "ownership": "private"}
    with app.transaction() as s:
        remember_unit(s, spec, values)
    with app.transaction() as s:  # a later application: newer contact, blank address kept
        remember_unit(s, spec, {**values, "contact": "李娜", "unit_address": None})
    with app.session() as s:
        unit = find_unit_by_name(s, "青浦示例精密机械有限公司")
        assert (unit.contact, unit.phone, unit.address, unit.ownership) == (
            "李娜", "13912345678", "青浦区华青路 88 号", "私营企业")
        entry = next(e for e in directory_entries(s, "units") if e["name"] == "青浦示例精密机械有限公司")
    # Picking it in another form fills that form's own fields (ownership label → choice value).
    assert fill_values(spec, entry) == {"unit_name": "青浦示例精密机械有限公司", "contact": "李娜",
                                        "contact_phone": "13912345678", "unit_address": "青浦区华青路 88 号",
                                        "ownership": "private"}
    assert fill_values(app.specs["2-3-3"], entry) == {"enterprise_name": "青浦示例精密机械有限公司",
                                                      "contact": "李娜", "mobile": "13912345678",
                                                      "enterprise_address": "青浦区华青路 88 号"}


def test_a_new_travel_agency_joins_its_list(app) -> None:
    with app.transaction() as s:
        remember_directory_values(s, app.specs["2-1-1"], {"travel_agency": "上海青旅国际旅行社"})
        remember_directory_values(s, app.specs["2-3-2"], {"check_place": CENTRES[0]})  # known: no copy
    with app.session() as s:
        assert [e["name"] for e in directory_entries(s, "travel_agencies")] == ["上海青旅国际旅行社"]
        assert len(directory_entries(s, "check_centres")) == 5


def test_saving_a_record_keeps_the_unit_contact(town_app) -> None:
    from desktop_app.gui.forms.examples import example_values  # plain data, no widgets
    from desktop_app.services.records import RecordInput, save_record

    spec = town_app.specs["2-3-2"]
    values = {**example_values(spec), "unit_name": "上海练塘食品有限公司", "contact": "赵敏",
              "contact_phone": "13800001111"}
    with town_app.transaction() as s:
        save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                    data=RecordInput(values=values), draft=True)
    with town_app.session() as s:
        unit = find_unit_by_name(s, "上海练塘食品有限公司")
        assert (unit.contact, unit.phone) == ("赵敏", "13800001111")


def test_spec_checks_unit_fields_and_directories(tmp_path) -> None:
    import json

    from desktop_app.core.forms import default_forms_dir

    data = json.loads((default_forms_dir() / "2-3-2.json").read_text(encoding="utf-8"))
    data["unit_fields"]["phone"] = "no_such_field"
    bad = tmp_path / "2-3-2.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError, match="unit_fields.phone"):
        load_spec(bad)
    data = json.loads((default_forms_dir() / "2-3-2.json").read_text(encoding="utf-8"))
    next(f for f in data["fields"] if f["key"] == "check_place")["directory"] = "hotels"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SpecError, match="unknown directory"):
        load_spec(bad)
