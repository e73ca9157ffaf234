"""Mutual-aid cover: R-INS-1 … R-INS-8."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.rules.insurance import (
    BENEFIT_CAPS,
    INDUSTRIES,
    check_benefit_amount,
    check_claim_deadline,
    check_concentrated_list,
    check_eligibility,
    check_fee_paid,
    check_fee_transfer,
    claim_deadline,
    coverage_months,
    evaluate_enrolment,
    evaluate_plan_change,
    fee_transfer_deadline,
    hospital_allowance_fen,
    paying_plan,
    plan_change_effective,
    plan_fee_fen,
)

Y = 100
END = date(2023, 12, 31)


def ids(items):
    items = items.findings if hasattr(items, "findings") else items
    return [(f.rule, f.severity) for f in items]


# ---- DOMAIN §5 worked examples -------------------------------------------------------------
def test_individual_paid_0520_starts_0601_seven_months_72():
    ev = evaluate_enrolment("E", "individual", date(2023, 5, 20))
    assert ev.computed["coverage_start"] == date(2023, 6, 1)
    assert ev.computed["coverage_end"] == END
    assert ev.computed["months"] == 7
    assert ev.computed["fee_fen"] == 72 * Y
    assert ev.findings == []


def test_individual_paid_0603_starts_0701_six_months_36():
    ev = evaluate_enrolment("E", "individual", date(2023, 6, 3))
    assert ev.computed["coverage_start"] == date(2023, 7, 1)
    assert ev.computed["months"] == 6
    assert ev.computed["fee_fen"] == 36 * Y


def test_accidental_disability_180_days():
    assert claim_deadline(
        "accidental_disability", coverage_end=END, accident_date=date(2023, 3, 10)
    ) == date(2023, 9, 6)


# ---- R-INS-1 -------------------------------------------------------------------------------
def test_thirteen_industries():
    assert len(INDUSTRIES) == 13 and "网约送餐" in INDUSTRIES and "街面雇员" in INDUSTRIES


def test_age_under_60_at_coverage_start():
    start = date(2023, 7, 1)
    assert check_eligibility(date(1963, 7, 2), "网约送餐", start) == []  # 59 on 07-01
    found = check_eligibility(date(1963, 7, 1), "网约送餐", start)  # 60th birthday on the start
    assert ids(found) == [("R-INS-1", "error")] and "60" in found[0].message


def test_industry_must_be_listed():
    found = check_eligibility(None, "软件开发", date(2023, 1, 1))
    assert ids(found) == [("R-INS-1", "error")] and "软件开发" in found[0].message


def test_eligibility_inside_enrolment_uses_the_start_date():
    # born 1963-06-15: 59 on 2023-06-01, 60 on 2023-07-01
    assert (
        evaluate_enrolment(
            "E", "individual", date(2023, 5, 20), birth_date=date(1963, 6, 15)
        ).findings
        == []
    )
    late = evaluate_enrolment("E", "individual", date(2023, 6, 3), birth_date=date(1963, 6, 15))
    assert ids(late) == [("R-INS-1", "error")]


# ---- R-INS-2 / R-INS-4 --------------------------------------------------------------------------
def test_plan_fees():
    assert plan_fee_fen("C", 12) == 0
    assert plan_fee_fen("D", 12) == 120 * Y and plan_fee_fen("D", 3) == 120 * Y
    assert plan_fee_fen("E", 12) == 72 * Y
    assert plan_fee_fen("E", 7) == 72 * Y
    assert plan_fee_fen("E", 6) == 36 * Y
    assert plan_fee_fen("E", 1) == 36 * Y
    with pytest.raises(ValueError):
        plan_fee_fen("F", 12)


def test_coverage_months():
    assert coverage_months(date(2023, 1, 1), END) == 12
    assert coverage_months(date(2023, 6, 1), END) == 7
    assert coverage_months(date(2023, 7, 1), END) == 6
    assert coverage_months(date(2023, 12, 1), END) == 1
    assert coverage_months(date(2023, 6, 15), END) == 7  # a started month counts
    assert coverage_months(date(2024, 1, 1), END) == 0


def test_fee_paid_half_year_rule():
    assert check_fee_paid("E", date(2023, 6, 1), 72 * Y) == []
    assert check_fee_paid("E", date(2023, 7, 1), 36 * Y) == []
    wrong = check_fee_paid("E", date(2023, 7, 1), 72 * Y)
    assert ids(wrong) == [("R-INS-4", "error")]
    assert wrong[0].message == (
        "E 类保障期 2023-07-01 至 2023-12-31 共 6 个月，应缴 36 元，实缴 72 元（R-INS-4）"
    )
    assert ids(check_fee_paid("E", date(2023, 6, 1), 36 * Y)) == [("R-INS-4", "error")]
    assert ids(check_fee_paid("D", date(2023, 1, 1), 0)) == [("R-INS-2", "error")]
    assert check_fee_paid("C", date(2023, 1, 1), 0) == []


# ---- R-INS-3 -------------------------------------------------------------------------------
def test_group_concentrated_starts_jan_1():
    for submitted in (date(2022, 12, 1), date(2023, 1, 15), date(2023, 2, 28)):
        ev = evaluate_enrolment("D", "group_concentrated", submitted)
        assert ev.computed["coverage_start"] == date(2023, 1, 1)
        assert ev.computed["months"] == 12 and ev.computed["fee_fen"] == 120 * Y
        assert ev.findings == []


def test_group_concentrated_outside_window():
    early = evaluate_enrolment("E", "group_concentrated", date(2022, 11, 30))
    assert ids(early) == [("R-INS-3", "error")]
    late = evaluate_enrolment("E", "group_concentrated", date(2023, 3, 1))
    assert ids(late) == [("R-INS-8", "error")] and "2023-02-28" in late.findings[0].message


def test_group_instant_first_of_next_month():
    ev = evaluate_enrolment("E", "group_instant", date(2023, 3, 15))
    assert ev.computed["coverage_start"] == date(2023, 4, 1) and ev.computed["months"] == 9
    assert ev.computed["fee_fen"] == 72 * Y and ev.findings == []
    nov = evaluate_enrolment("E", "group_instant", date(2023, 11, 30))
    assert nov.computed["coverage_start"] == date(2023, 12, 1) and nov.computed["fee_fen"] == 36 * Y
    assert ids(evaluate_enrolment("E", "group_instant", date(2023, 2, 10))) == [
        ("R-INS-3", "error")
    ]


def test_individual_in_december_is_too_late_for_the_year():
    ev = evaluate_enrolment("E", "individual", date(2023, 12, 5))
    assert ev.computed["coverage_start"] == date(2024, 1, 1)
    assert ("R-INS-3", "error") in ids(ev)


def test_transition_half_year():
    ev = evaluate_enrolment("E", "transition", None)
    assert ev.computed["coverage_start"] == date(2023, 7, 1)
    assert ev.computed["months"] == 6 and ev.computed["fee_fen"] == 36 * Y
    assert ids(evaluate_enrolment("D", "transition", None)) == [("R-INS-2", "error")]


def test_coverage_year_from_params():
    params = {"year": 2024, "ins_instant_from": "2024-03-01", "ins_instant_until": "2024-11-30"}
    ev = evaluate_enrolment("E", "group_instant", date(2024, 6, 10), params=params)
    assert ev.computed["coverage_start"] == date(2024, 7, 1) and ev.computed[
        "coverage_end"
    ] == date(2024, 12, 31)


def test_missing_event_date():
    ev = evaluate_enrolment("E", "individual", None)
    assert ev.computed["coverage_start"] is None and ev.findings == []
    with pytest.raises(ValueError):
        evaluate_enrolment("E", "mail", None)


# ---- R-INS-5 -------------------------------------------------------------------------------
def test_plan_change():
    assert plan_change_effective(date(2023, 5, 20)) == date(2023, 6, 1)
    assert plan_change_effective(date(2023, 12, 31)) == date(2024, 1, 1)
    change = date(2023, 5, 20)
    assert paying_plan("D", "E", change, date(2023, 5, 31)) == "D"
    assert paying_plan("D", "E", change, date(2023, 6, 1)) == "E"
    assert (
        paying_plan("E", "C", change, date(2023, 7, 1)) == "E"
    )  # the higher plan pays, never both


def test_plan_change_evaluation():
    ev = evaluate_plan_change("D", "E", date(2023, 5, 20))
    assert ev.computed == {"effective": date(2023, 6, 1), "paying_plan_after": "E"}
    assert ev.findings == []
    down = evaluate_plan_change("E", "D", date(2023, 8, 3))
    assert down.computed["paying_plan_after"] == "E" and down.findings == []
    same = evaluate_plan_change("E", "E", date(2023, 8, 3))
    assert ids(same) == [("R-INS-5", "warning")]
    too_late = evaluate_plan_change("D", "E", date(2023, 12, 5))
    assert too_late.computed["effective"] == date(2024, 1, 1)
    assert ids(too_late) == [("R-INS-5", "error")] and "2024-01-01" in too_late.findings[0].message


# ---- R-INS-6 -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "claim", ["hospital_allowance", "special_illness", "major_illness_medical", "accidental_death"]
)
def test_two_year_claims(claim):
    assert claim_deadline(claim, coverage_end=END) == date(2025, 12, 31)


def test_illness_death_six_months():
    assert claim_deadline("illness_death", coverage_end=END) == date(2024, 6, 30)


def test_claim_deadline_check():
    assert (
        check_claim_deadline(
            "accidental_disability",
            date(2023, 9, 6),
            coverage_end=END,
            accident_date=date(2023, 3, 10),
        )
        == []
    )
    late = check_claim_deadline(
        "accidental_disability", date(2023, 9, 7), coverage_end=END, accident_date=date(2023, 3, 10)
    )
    assert ids(late) == [("R-INS-6", "error")] and "2023-09-06" in late[0].message
    assert ids(check_claim_deadline("illness_death", date(2024, 7, 1), coverage_end=END)) == [
        ("R-INS-6", "error")
    ]
    with pytest.raises(ValueError):
        claim_deadline("accidental_disability", coverage_end=END)


# ---- R-INS-7 -------------------------------------------------------------------------------
def test_benefit_caps_table():
    assert BENEFIT_CAPS["C"]["total_cap"] == 20_000
    d, e = BENEFIT_CAPS["D"], BENEFIT_CAPS["E"]
    assert d["hospital_per_day"] * d["hospital_max_days"] == d["hospital_cap"] == 10_800
    assert (
        d["hospital_cap"] + d["major_illness"] + d["accident_cap"] + d["illness_death"]
        == d["total_cap"]
        == 90_800
    )
    assert e["hospital_per_day"] * e["hospital_max_days"] == e["hospital_cap"] == 54_000
    assert (
        e["major_illness"] + e["major_illness_medical_cap"]
        == e["major_illness_section_cap"]
        == 360_000
    )
    assert (
        e["accidental_death"] + e["accidental_disability"] + e["accident_condolence_cap"]
        == e["accident_cap"]
    )
    # accidental and illness death are mutually exclusive: the total leaves illness death out
    assert (
        e["hospital_cap"] + e["major_illness_section_cap"] + e["accident_cap"]
        == e["total_cap"]
        == 720_000
    )


def test_hospital_allowance():
    assert hospital_allowance_fen("E", 10) == 3_000 * Y
    assert hospital_allowance_fen("E", 200) == 54_000 * Y
    assert hospital_allowance_fen("D", 180) == 10_800 * Y
    assert hospital_allowance_fen("C", 10) == 0


def test_benefit_amount_check():
    assert check_benefit_amount("E", "accidental_death", 150_000 * Y) == []
    over = check_benefit_amount("E", "accidental_death", 150_001 * Y)
    assert ids(over) == [("R-INS-7", "error")] and "150,000 元" in over[0].message
    assert ids(check_benefit_amount("C", "hospital_cap", 100 * Y)) == [("R-INS-7", "error")]


# ---- R-INS-8 -------------------------------------------------------------------------------
def test_fee_transfer_fifteen_working_days():
    # Wed 2023-02-01 + 15 weekdays = Wed 2023-02-22 (weekends skipped, no holiday calendar)
    assert fee_transfer_deadline(date(2023, 2, 1)) == date(2023, 2, 22)
    # Friday start: the next Monday is the first working day
    assert fee_transfer_deadline(date(2023, 2, 24)) == date(2023, 3, 17)
    assert check_fee_transfer(date(2023, 2, 1), date(2023, 2, 22)) == []
    assert ids(check_fee_transfer(date(2023, 2, 1), date(2023, 2, 23))) == [("R-INS-8", "error")]


def test_concentrated_list_deadline():
    assert check_concentrated_list(date(2023, 2, 28)) == []
    assert ids(check_concentrated_list(date(2023, 3, 1))) == [("R-INS-8", "error")]
    both = check_concentrated_list(date(2023, 3, 1), date(2023, 5, 1))
    assert ids(both) == [("R-INS-8", "error"), ("R-INS-8", "error")]
