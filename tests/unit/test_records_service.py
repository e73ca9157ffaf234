"""Records service: worked examples through save_record, subsidy and headcount, cross-record rules."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.ids import check_char
from desktop_app.services.catalog import progress
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.records import RecordInput, get_record, record_dict, save_record, set_status


def _id(n: int, female: bool) -> str:
    seq = f"{(n % 499) * 2 + (0 if female else 1):03d}"
    body = f"31011819{80 + n % 15:02d}0{1 + n % 9}1{n % 9}{seq}"
    return body + check_char(body)


def _roster(men: int, women: int) -> list[dict]:
    rows = []
    for i in range(men + women):
        female = i >= men
        rows.append({"unit": "青浦快递", "name": f"职工{i}", "gender": "女" if female else "男",
                     "married": "已婚", "id_number": _id(i, female)})
    return rows


HC = {"unit_name": "青浦快递有限公司", "contact": "王芳", "contact_phone": "13812345678", "headcount": 65,
      "check_place": "中山医院青浦分院", "check_date": "2023-06-10", "ownership": "private", "plan": "B", "male_count": 40, "female_count": 25,
      "fill_date": "2023-06-01"}


def test_health_check_plan_b_worked_example(town_app):
    with town_app.transaction() as s:
        res = save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                          data=RecordInput(values=dict(HC), roster=_roster(40, 25)), today=dt.date(2023, 6, 1))
        c = res.evaluation.computed
        assert (c["price_total"], c["subsidy_total"], c["enterprise_total"]) == (3_327_000, 975_000, 2_352_000)
        stored = res.record.computed  # what the database holds and packages carry
        assert (stored["price_total"], stored["subsidy_total"], stored["enterprise_total"]) == (
            "33,270.00", "9,750.00", "23,520.00")
        assert (stored["male_count"], stored["roster_count"]) == (40, 65)
        assert res.to_dict()["computed"] == stored
        assert res.record.subsidy_fen == 975_000 and res.record.headcount == 65
        assert len(res.record.entries) == 65
        set_status(s, res.record.id, "ready")
        prog = progress(s)[res.record.project_id]
        assert (prog.headcount, prog.subsidy_fen) == (65, 975_000)


def test_roster_headcount_mismatch_is_an_error(town_app):
    with town_app.transaction() as s:
        with pytest.raises(ValidationFailed) as exc:
            save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                        data=RecordInput(values=dict(HC), roster=_roster(40, 24)), today=dt.date(2023, 6, 1))
    assert "R-HC-3" in {f.rule for f in exc.value.findings}


def test_same_person_twice_in_a_project_year(town_app):
    roster = _roster(40, 25)
    with town_app.transaction() as s:
        save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                    data=RecordInput(values=dict(HC), roster=roster), today=dt.date(2023, 6, 1))
        other = dict(HC, unit_name="另一家公司")
        res = save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                          data=RecordInput(values=other, roster=roster), draft=True, today=dt.date(2023, 6, 1))
        rules = [f.rule for f in res.findings if f.severity == "error"]
        assert rules.count("R-ID-5") == 65


def test_draft_with_bad_rows_reopens_as_typed(town_app):
    roster = _roster(2, 1)
    roster[1]["id_number"] = "310118198905170021"  # wrong check character
    values = dict(HC, headcount=3, male_count=2, female_count=1)
    with town_app.transaction() as s:
        res = save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                          data=RecordInput(values=values, roster=roster), draft=True, today=dt.date(2023, 6, 1))
        assert "R-ID-1" in {f.rule for f in res.findings}
        d = record_dict(get_record(s, res.record.id), town_app.specs)
        assert [r["id_number"] for r in d["roster"]] == [r["id_number"] for r in roster]


def test_pin_shanghai_yearly_cap_across_records(town_app):
    base = {"name": "李娟", "id_number": "31011819890517002X", "goods": "品上海礼盒", "purchase_date": "2023-06-01"}
    with town_app.transaction() as s:
        save_record(s, town_app.specs, project_code="QP2023-01", form_code="PSH",
                    data=RecordInput(values=dict(base, amount="300")))
        save_record(s, town_app.specs, project_code="QP2023-01", form_code="PSH",
                    data=RecordInput(values=dict(base, amount="200")))  # exactly 500: allowed
        with pytest.raises(ValidationFailed) as exc:
            save_record(s, town_app.specs, project_code="QP2023-01", form_code="PSH",
                        data=RecordInput(values=dict(base, amount="0.01")))
    assert [f.rule for f in exc.value.findings] == ["R-TRIP-3"]


def test_one_person_records_are_unique_per_project(town_app):
    ins = {"name": "张伟", "id_number": "440306198002290519", "mobile": "13812345678", "industry": "快递物流",
           "plan": "E", "enrol_mode": "individual", "pay_date": "2023-05-20"}
    with town_app.transaction() as s:
        first = save_record(s, town_app.specs, project_code="QP2023-02", form_code="INS",
                            data=RecordInput(values=dict(ins)), today=dt.date(2023, 5, 20))
        assert first.evaluation.computed["months"] == 7
        with pytest.raises(ValidationFailed) as exc:
            save_record(s, town_app.specs, project_code="QP2023-02", form_code="INS",
                        data=RecordInput(values=dict(ins)), today=dt.date(2023, 5, 20))
    assert "R-ID-5" in {f.rule for f in exc.value.findings}


def test_quota_warning(town_app):
    with town_app.transaction() as s:
        from desktop_app.services.catalog import update_project

        update_project(s, "QP2023-03", quota=60)
        res = save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-2",
                          data=RecordInput(values=dict(HC), roster=_roster(40, 25)), today=dt.date(2023, 6, 1))
        quota = [f for f in res.findings if f.rule == "R-QUOTA-1"]
        assert quota and quota[0].severity == "warning" and "超出名额 5" in quota[0].message
