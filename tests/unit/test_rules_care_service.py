"""Care and service projects: R-WISH-1, R-ILL-1, R-GIFT-1, R-POINT-1, R-LR-1, R-MW-1."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.rules.care import (
    ILL_MATERIALS,
    ILLNESSES,
    WISH_TRANSITIONS,
    can_transition,
    check_wish_amount,
    evaluate_distribution,
    evaluate_illness,
    illness_apply_by,
    transition_wish,
    year_end_batch,
)
from desktop_app.core.rules.service import (
    evaluate_demand,
    evaluate_point_month,
    evaluate_visit,
    group_demands,
    monthly_report,
    next_card,
    point_subsidies,
)

Y = 100


def ids(items):
    items = items.findings if hasattr(items, "findings") else items
    return [(f.rule, f.severity) for f in items]


# ---- R-WISH-1 ------------------------------------------------------------------------------
def test_wish_amount_limit():
    assert check_wish_amount(500 * Y) == []
    over = check_wish_amount(501 * Y)
    assert (
        ids(over) == [("R-WISH-1", "error")]
        and "501 元" in over[0].message
        and "500 元" in over[0].message
    )
    assert ids(check_wish_amount(0)) == [("R-WISH-1", "error")]
    assert check_wish_amount(None) == []
    assert check_wish_amount(50_001) != []  # 500.01 yuan


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("collected", "reviewed"),
        ("reviewed", "fulfilled_local"),
        ("reviewed", "published"),
        ("published", "fulfilled_city"),
        ("reviewed", "lit_by_district"),
        ("published", "lit_by_district"),
        ("collected", "lit_by_district"),
    ],
)
def test_wish_allowed_transitions(current, target):
    assert can_transition(current, target)
    ev = transition_wish(current, target, on=date(2023, 12, 20))
    assert ev.findings == [] and ev.computed["state"] == target


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("collected", "fulfilled_local"),
        ("collected", "published"),
        ("published", "fulfilled_local"),
        ("fulfilled_local", "published"),
        ("fulfilled_city", "lit_by_district"),
        ("lit_by_district", "reviewed"),
        ("reviewed", "collected"),
    ],
)
def test_wish_illegal_transitions(current, target):
    assert not can_transition(current, target)
    ev = transition_wish(current, target)
    assert ids(ev) == [("R-WISH-1", "error")] and ev.computed["state"] == current


def test_final_states_have_no_way_out():
    for state in ("fulfilled_local", "fulfilled_city", "lit_by_district"):
        assert WISH_TRANSITIONS[state] == frozenset()


def test_district_batch_before_year_end_is_a_warning():
    ev = transition_wish("published", "lit_by_district", on=date(2023, 6, 1))
    assert ids(ev) == [("R-WISH-1", "warning")] and ev.computed["state"] == "lit_by_district"


def test_year_end_batch():
    states = {
        "w3": "published",
        "w1": "reviewed",
        "w2": "fulfilled_local",
        "w4": "fulfilled_city",
        "w5": "collected",
        "w6": "lit_by_district",
    }
    assert year_end_batch(states) == ["w1", "w3", "w5"]


def test_unknown_wish_state():
    with pytest.raises(ValueError):
        transition_wish("collected", "done")


# ---- R-ILL-1 -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("diagnosed", "apply_by"),
    [
        (date(2023, 8, 14), date(2024, 6, 30)),
        (date(2023, 12, 31), date(2024, 6, 30)),
        (date(2023, 6, 30), date(2023, 12, 31)),
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2023, 7, 1), date(2024, 6, 30)),
    ],
)
def test_illness_apply_by(diagnosed, apply_by):
    assert illness_apply_by(diagnosed) == apply_by


def test_illness_eligible_case():
    ev = evaluate_illness(
        date(2023, 8, 14),
        illness="malignant_tumour",
        has_member_card=True,
        has_basic_protection=True,
        applied_on=date(2024, 6, 30),
        materials=list(ILL_MATERIALS),
    )
    assert ev.findings == []
    assert ev.computed["amount_fen"] == 3_000 * Y
    assert ev.computed["apply_by"] == date(2024, 6, 30)
    assert ev.computed["missing_materials"] == []


def test_illness_late_application():
    ev = evaluate_illness(date(2023, 3, 1), applied_on=date(2024, 1, 2))
    assert ids(ev) == [("R-ILL-1", "error")] and "2023-12-31" in ev.findings[0].message


def test_illness_eligibility_errors():
    ev = evaluate_illness(
        date(2022, 12, 31), illness="flu", has_member_card=False, has_basic_protection=False
    )
    assert ids(ev) == [("R-ILL-1", "error")] * 4
    assert "2022-12-31" in ev.findings[3].message


def test_illness_materials_checklist():
    assert len(ILL_MATERIALS) == 6 and len(ILLNESSES) == 4
    ev = evaluate_illness(date(2023, 5, 1), materials=["pre_op_report", "pathology_report"])
    assert ids(ev) == [("R-ILL-1", "warning")]
    assert ev.computed["missing_materials"] == [
        ILL_MATERIALS[k]
        for k in ("discharge_summary", "hospital_invoice", "id_and_member_card", "protection_form")
    ]
    assert "住院发票" in ev.findings[0].message


def test_illness_year_param():
    assert evaluate_illness(date(2024, 3, 1), params={"year": 2024}).findings == []


# ---- R-GIFT-1 ------------------------------------------------------------------------------
def test_distribution_counts():
    rows = [
        {"unit": "赵巷镇总工会", "count": 300},
        {"unit": "徐泾镇总工会", "count": 250},
        {"unit": "赵巷镇总工会", "count": 20},
    ]
    ev = evaluate_distribution(rows, kind="new_year_meal", quota=3000)
    assert ev.computed["total_count"] == 570 and ev.computed["unit_count"] == 2
    assert ev.computed["by_unit"] == {"赵巷镇总工会": 320, "徐泾镇总工会": 250}
    assert ids(ev) == [("R-GIFT-1", "warning")]  # the repeated unit


def test_distribution_errors_and_quota():
    ev = evaluate_distribution(
        [{"unit": "", "count": 5}, {"unit": "A", "count": 0}], kind="couplets"
    )
    assert ids(ev) == [("R-GIFT-1", "error"), ("R-GIFT-1", "error")]
    over = evaluate_distribution([{"unit": "A", "count": 10_001}], kind="couplets", quota=10_000)
    assert ids(over) == [("R-GIFT-1", "warning")] and "10001" in over.findings[0].message


def test_online_couplets_by_courier():
    ok = evaluate_distribution(
        [{"unit": "线上", "count": 50, "channel": "online", "delivery": "courier"}], kind="couplets"
    )
    assert ok.findings == []
    bad = evaluate_distribution(
        [{"unit": "线上", "count": 50, "channel": "online", "delivery": "handover"}],
        kind="couplets",
    )
    assert ids(bad) == [("R-GIFT-1", "error")] and "快递" in bad.findings[0].message


# ---- R-POINT-1 -----------------------------------------------------------------------------
def test_point_subsidies():
    new = point_subsidies("new")
    assert new.computed == {
        "city_fen": 15_000 * Y,
        "match_min_fen": 15_000 * Y,
        "total_fen": 45_000 * Y,
    }
    up = point_subsidies("upgrade", district_fen=10_000 * Y, town_fen=12_000 * Y)
    assert up.findings == [] and up.computed["total_fen"] == 32_000 * Y
    low = point_subsidies("upgrade", district_fen=9_999 * Y, town_fen=5_000 * Y)
    assert ids(low) == [("R-POINT-1", "error"), ("R-POINT-1", "error")]
    assert "1:1:1" in low.findings[0].message


def _service_on(*days: date) -> list[dict]:
    return [{"date": d, "kind": "service"} for d in days]


# June 2023 starts on a Thursday, so the week of Mon 05-29 belongs to June: five weeks.
JUNE_TUESDAYS = (
    date(2023, 5, 30),
    date(2023, 6, 6),
    date(2023, 6, 13),
    date(2023, 6, 20),
    date(2023, 6, 27),
)


def test_point_month_obligations_met():
    acts = _service_on(*JUNE_TUESDAYS) + [
        {"date": date(2023, 6, 20), "kind": "visit", "notice_date": date(2023, 6, 6)},
        {"date": date(2023, 5, 25), "kind": "lecture", "notice_date": date(2023, 5, 11)},
    ]
    ev = evaluate_point_month(acts, 2023, 6)
    assert ev.findings == []
    assert ev.computed["visits"] == 1 and ev.computed["lectures"] == 1
    assert ev.computed["weeks"] == 5 and ev.computed["weeks_without_service"] == 0
    assert ev.computed["service_half_days"] == 4  # 05-30 is counted for the week, not the month
    assert ev.computed["obligations_met"] is True


def test_point_month_obligations_missing():
    acts = [
        {"date": date(2023, 6, 6), "kind": "service"},
        {"date": date(2023, 6, 20), "kind": "visit", "notice_date": date(2023, 6, 17)},
    ]
    ev = evaluate_point_month(acts, 2023, 6)
    rules = ids(ev)
    assert set(rules) == {("R-POINT-1", "warning")}
    messages = " ".join(f.message for f in ev.findings)
    assert ev.computed["weeks_without_service"] == 4
    assert "讲座" in messages and "仅提前 3 天" in messages
    assert ev.computed["obligations_met"] is False


def test_point_month_no_visit_and_as_of():
    # July 2023: Sat 07-01, so weeks start Mon 07-03 … Mon 07-31 (Thu 08-03 → August): 4 weeks
    acts = _service_on(date(2023, 7, 4), date(2023, 7, 11), date(2023, 7, 18), date(2023, 7, 25))
    ev = evaluate_point_month(acts, 2023, 7)
    assert [f for f in ev.findings if "访视" in f.message]
    assert not [
        f for f in ev.findings if "讲座" in f.message
    ]  # July is the first month of its pair
    running = evaluate_point_month(acts, 2023, 7, as_of=date(2023, 7, 12))
    assert running.findings == []  # the month is not over yet


def test_cards():
    assert next_card("none", True) == "none"
    assert next_card("none", False) == "yellow"
    assert next_card("yellow", False) == "red"
    assert next_card("yellow", True) == "none"
    assert next_card("red", True) == "red"
    with pytest.raises(ValueError):
        next_card("green", True)


# ---- R-LR-1 --------------------------------------------------------------------------------
def test_visit_follow_up():
    ok = evaluate_visit(date(2023, 5, 10), "pass", staff_days=2)
    assert ok.computed == {
        "follow_up_required": False,
        "follow_up_due": None,
        "staff_subsidy_fen": 300 * Y,
    }
    basic = evaluate_visit(date(2023, 5, 10), "basic", staff_days=1, today=date(2023, 6, 1))
    assert basic.computed["follow_up_required"] is True
    assert basic.computed["follow_up_due"] == date(2023, 6, 9)
    assert basic.findings == []
    overdue = evaluate_visit(date(2023, 5, 10), "fail", today=date(2023, 6, 10))
    assert ids(overdue) == [("R-LR-1", "warning")]
    done = evaluate_visit(
        date(2023, 5, 10), "fail", follow_up_date=date(2023, 6, 1), today=date(2023, 7, 1)
    )
    assert done.findings == []


def test_visit_errors():
    assert ids(evaluate_visit(date(2023, 5, 10), "pass", enterprise_kind="bank")) == [
        ("R-LR-1", "error")
    ]
    assert ids(evaluate_visit(date(2023, 5, 10), "pass", follow_up_date=date(2023, 5, 1))) == [
        ("R-LR-1", "error")
    ]
    assert ids(evaluate_visit(None, None, staff_days=-1)) == [("R-LR-1", "error")]


def test_monthly_report():
    visits = [
        {"visit_date": date(2023, 5, 2), "result": "pass", "staff_days": 1},
        {"visit_date": date(2023, 5, 9), "result": "basic", "staff_days": 2},
        {"visit_date": date(2023, 5, 30), "result": "fail", "staff_days": 3},
        {"visit_date": date(2023, 6, 1), "result": "fail", "staff_days": 5},
    ]
    c = monthly_report(visits, 2023, 5).computed
    assert c["visits"] == 3 and c["by_result"] == {"pass": 1, "basic": 1, "fail": 1}
    assert (
        c["follow_ups_needed"] == 2 and c["staff_days"] == 6 and c["staff_subsidy_fen"] == 900 * Y
    )


# ---- R-MW-1 --------------------------------------------------------------------------------
def test_demand_no_fee():
    ev = evaluate_demand("技术培训", industry="土木建筑")
    assert ev.findings == [] and ev.computed["batch_key"] == "技术培训/土木建筑"
    fee = evaluate_demand("公益讲座", fee_fen=500 * Y)
    assert ids(fee) == [("R-MW-1", "error")] and "500 元" in fee.findings[0].message
    assert ids(evaluate_demand("唱歌")) == [("R-MW-1", "error")]


def test_group_demands():
    demands = [
        {"id": 1, "demand_category": "技术培训", "industry": "化工"},
        {"id": 2, "demand_category": "公益讲座", "industry": None},
        {"id": 3, "demand_category": "技术培训", "industry": "化工"},
    ]
    assert group_demands(demands) == {"技术培训/化工": [1, 3], "公益讲座/其他": [2]}
