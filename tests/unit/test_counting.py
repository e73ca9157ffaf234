"""What counts (issue 12 point 1): every form spec declares what a record adds to its project's
progress; progress, R-QUOTA-1, list totals, the district's progress and the city summary read
that one declaration. Record status as a core type (issue 16 point 2). R-ID-4 at the record's
reference date (issue 12 point 6)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop_app.app_paths import resource_path
from desktop_app.core import status as st
from desktop_app.core.forms import load_specs, reference_date
from desktop_app.services.catalog import get_project, progress
from desktop_app.services.counting import counted_amount, none_forms
from desktop_app.services.records import RecordInput, get_record, save_record, set_status, totals
from tests.unit.pdf_samples import add_record, sample_roster, sample_values

SPECS = load_specs()
# form → what it counts (the declaration each spec file must state explicitly)
DECLARED = {
    "2-1-1": "field", "2-1-2": "field", "2-1-3": "none", "2-3-2": "field", "2-3-3": "field",
    "2-3-4": "field", "2-3-5": "none", "2-3-6": "roster", "2-8": "unit", "GIFT": "roster",
    "GIFT-LIST": "none", "ILL": "person", "INS": "person", "JS-8": "person", "LR": "unit", "MW": "none",
    "POINT": "unit", "POINT-LOG": "none", "PSH": "person", "WISH": "person",
}


def test_every_shipped_form_declares_what_it_counts() -> None:
    assert set(DECLARED) == set(SPECS)
    for code, what in DECLARED.items():
        raw = json.loads((resource_path("forms") / f"{code}.json").read_text(encoding="utf-8"))
        assert raw.get("counts") == what, code  # stated in the file, not left to a default
        assert SPECS[code].counts == what
    assert none_forms(SPECS) == ("2-1-3", "2-3-5", "GIFT-LIST", "MW", "POINT-LOG")


def _expected(code: str, values: dict, roster: list) -> int:
    spec = SPECS[code]
    what = DECLARED[code]
    if what == "field":
        return int(values[spec.headcount_field])
    if what == "roster":
        return sum(int(r["count"]) for r in roster) if code == "GIFT" else len(roster)
    return {"person": 1, "unit": 1, "none": 0}[what]


def _roster_for(code: str) -> list:
    spec = SPECS[code]
    rspec = SPECS[spec.roster_form] if spec.roster_form else (spec if spec.kind == "roster" else None)
    return sample_roster(rspec, 3) if rspec is not None else []


@pytest.mark.parametrize("code", sorted(DECLARED))
def test_counted_amount_per_form(code: str) -> None:
    spec = SPECS[code]
    values = sample_values(spec) if spec.kind != "roster" else {}
    roster = _roster_for(code)
    amount = counted_amount(spec, values, roster)
    assert amount == _expected(code, values, roster)
    if code in ("2-1-3", "2-3-5"):
        assert amount == 0  # a satisfaction survey counts nobody
    if code == "GIFT":
        assert amount == 1 + 2 + 3  # the sum of the distribution counts (R-GIFT-1), not 3 rows


@pytest.mark.parametrize("code", [c for c in sorted(DECLARED) if c not in ("GIFT-LIST", "POINT-LOG")])
def test_progress_moves_by_the_declaration(town_app, code: str) -> None:  # type: ignore[no-untyped-def]
    spec = SPECS[code]
    values = sample_values(spec) if spec.kind != "roster" else {}
    roster = _roster_for(code)
    rid = add_record(town_app, code, values, roster)
    with town_app.transaction() as s:
        rec = get_record(s, rid)
        before = progress(s).get(rec.project_id)
        assert before is None  # a draft counts nothing
        rec.status = "ready"  # (sample values may carry errors: the counting is what is tested)
        s.flush()
        after = progress(s).get(rec.project_id)
        expected = _expected(code, values, roster)
        assert rec.headcount == expected
        assert (after.headcount if after else 0) == expected
        assert totals(s, [rid])[0] == expected


def test_survey_marked_ready_leaves_health_check_progress(town_app) -> None:  # type: ignore[no-untyped-def]
    """The issue's reproduction: a 2-3-5 marked 待盖章 moved 职工健康体检 from 5 to 6."""
    survey = sample_values(SPECS["2-3-5"])
    survey["contact_phone"] = "13912345678"
    rid = add_record(town_app, "2-3-5", survey, [])
    with town_app.transaction() as s:
        project = get_project(s, "QP2023-03")
        set_status(s, rid, "ready")
        assert get_record(s, rid).headcount == 0
        assert progress(s).get(project.id) is None


def test_old_survey_rows_with_a_headcount_do_not_count(town_app) -> None:  # type: ignore[no-untyped-def]
    """Records saved before the declaration (headcount 1 for a survey) no longer count."""
    rid = add_record(town_app, "2-3-5", None, [])
    with town_app.transaction() as s:
        rec = get_record(s, rid)
        rec.headcount, rec.status = 1, "ready"
        s.flush()
        assert progress(s).get(rec.project_id) is None
        assert totals(s, [rid]) == (0, 0)


def test_quota_rule_reads_the_declaration(town_app) -> None:  # type: ignore[no-untyped-def]
    """R-QUOTA-1: a ready survey uses no quota."""
    with town_app.transaction() as s:
        project = get_project(s, "QP2023-05")  # 关心慰问大病职工 100
        project.quota = 1
    ill = sample_values(SPECS["ILL"])
    first = add_record(town_app, "ILL", ill, [])
    with town_app.transaction() as s:
        get_record(s, first).status = "ready"
    second = dict(ill, id_number="440306198002290519")
    with town_app.transaction() as s:
        res = save_record(s, town_app.specs, project_code="QP2023-05", form_code="ILL",
                          data=RecordInput(second, []), draft=True)
        quota = [f for f in res.findings if f.rule == "R-QUOTA-1"]
        assert quota and "已用 1" in quota[0].message


# -- status as a core type ------------------------------------------------------------------

def test_status_type() -> None:
    assert [s.key for s in st.STATUS_LIST] == ["draft", "ready", "submitted", "approved", "returned",
                                                "settled", "voided"]
    assert st.COUNTED_KEYS == ("ready", "submitted", "approved", "settled")
    assert st.EDITABLE_KEYS == ("draft", "ready", "returned")
    assert st.FINAL_KEYS == ("approved", "settled")
    assert st.label("voided") == "已作废" and not st.VOIDED.counted and not st.VOIDED.transitions
    assert st.DRAFT.voidable and st.SUBMITTED.voidable and not st.APPROVED.voidable
    assert not st.SETTLED.voidable and not st.VOIDED.voidable
    # the district's answers are the district's acts
    assert not st.APPROVED.can_become("returned", "town") and st.APPROVED.can_become("returned", "district")
    assert not st.SUBMITTED.can_become("approved", "town") and st.SUBMITTED.can_become("approved", "district")
    assert st.RETURNED.can_become("ready", "town") and st.DRAFT.can_become("ready", "town")
    assert "区总工会已审核通过" in (st.APPROVED.lock_reason() or "")
    assert st.READY.lock_reason() is None and st.get("future").counted is False


def test_town_cannot_mark_the_districts_answers(town_app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.errors import ValidationFailed

    rid = add_record(town_app, "2-3-5", dict(sample_values(SPECS["2-3-5"]), contact_phone="13912345678"), [])
    with town_app.transaction() as s:
        set_status(s, rid, "ready")
        set_status(s, rid, "submitted")
        with pytest.raises(ValidationFailed, match="区总工会的审核结果"):
            set_status(s, rid, "approved")
        set_status(s, rid, "approved", by="district")  # as a return package applies it
        for target in ("returned", "settled", "draft"):
            with pytest.raises(ValidationFailed, match="不能改为"):
                set_status(s, rid, target, reason="x")
        assert get_record(s, rid).status == "approved"
        with pytest.raises(ValidationFailed, match="作废"):
            set_status(s, rid, "voided")


def test_approved_record_is_read_only_with_reason(town_app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.errors import ValidationFailed
    from desktop_app.services.records import record_dict

    values = dict(sample_values(SPECS["2-3-5"]), contact_phone="13912345678")
    rid = add_record(town_app, "2-3-5", values, [])
    with town_app.transaction() as s:
        for step in ("ready", "submitted"):
            set_status(s, rid, step)
        set_status(s, rid, "approved", by="district")
        d = record_dict(get_record(s, rid), town_app.specs)
        assert d["editable"] is False and "区总工会已审核通过" in d["lock_reason"]
        with pytest.raises(ValidationFailed, match="区总工会已审核通过"):
            save_record(s, town_app.specs, project_code="QP2023-03", form_code="2-3-5",
                        data=RecordInput(values, []), record_id=rid)


# -- R-ID-4 at the record's reference date ----------------------------------------------------

def _with_check(n: int) -> str:
    from desktop_app.core.ids import check_char

    body = f"31011819781105{n:03d}"
    return body + check_char(body)


def test_reference_date_per_form() -> None:
    today = dt.date(2024, 3, 1)
    assert reference_date(SPECS["2-3-2"], {"check_date": "2023-06-15", "fill_date": "2023-06-01"}, 2023,
                          today) == dt.date(2023, 6, 15)
    assert reference_date(SPECS["2-1-1"], {"start_month_day": "05-20"}, 2023, today) == dt.date(2023, 5, 20)
    assert reference_date(SPECS["2-1-3"], {"fill_date": "2023-09-02"}, 2023, today) == dt.date(2023, 9, 2)
    assert reference_date(SPECS["2-3-4"], {}, 2024, today) == today
    assert reference_date(SPECS["2-3-4"], {}, 2023, today) == dt.date(2023, 12, 31)


def test_stated_age_judged_at_the_check_date(town_app) -> None:  # type: ignore[no-untyped-def]
    """Born 1978-11-05, 体检时间 2023-06-15, stated 44: correct (was a warning '应为 45 岁')."""
    from desktop_app.services.records import evaluate

    spec = SPECS["2-3-2"]
    row = {"unit": "青浦快递", "name": "张三", "gender": "男", "married": "已婚", "id_number": _with_check(11),
           "age": 44}
    values = {"check_date": "2023-06-15", "fill_date": "2023-06-01", "headcount": 1}
    with town_app.session() as s:
        project = get_project(s, "QP2023-03")
        ev = evaluate(town_app.specs, spec, project, RecordInput(values, [row]), today=dt.date(2024, 1, 10))
        assert not [f for f in ev.findings if f.rule == "R-ID-4"]
        ev = evaluate(town_app.specs, spec, project, RecordInput(values, [dict(row, age=42)]),
                      today=dt.date(2024, 1, 10))
        ages = [f for f in ev.findings if f.rule == "R-ID-4"]
        assert len(ages) == 1 and "2023-06-15 应为 44 岁" in ages[0].message
