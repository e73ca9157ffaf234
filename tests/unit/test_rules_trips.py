"""看上海 / 品上海 / 疗休养 / 会计科目: R-TRIP-1 … 4, R-REST-1 … 4, R-ACCT-1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.core.rules.trips import (
    ACCOUNT_GIVING_UNION,
    ACCOUNT_OWN_FUNDS,
    ACCOUNT_RECEIVING_UNION,
    ACCOUNT_SUBSIDY_SPENDING,
    DEFAULT_PARAMS,
    accounting_lines,
    check_activity_dates,
    check_pin_shanghai,
    check_rest_breakdown,
    check_subsidy_used_by,
    evaluate_kan_trip,
    evaluate_recuperation,
)

Y = 100  # fen per yuan


def ids(ev):
    return [(f.rule, f.severity) for f in ev.findings]


# ---- R-TRIP-1 worked examples (DOMAIN §5) -------------------------------------------------
def test_2d1n_worked_example_720_per_person():
    ev = evaluate_kan_trip("2d1n", 30, 21_600 * Y, 8_000 * Y)
    c = ev.computed
    assert c["per_person_fen"] == 720 * Y
    assert c["meal_share_pct"] == Decimal("37.0")
    assert c["subsidy_eligible"] is True
    assert c["subsidy_per_person_fen"] == 200 * Y
    assert c["district_subsidy_fen"] == 6_000 * Y
    assert ev.findings == [] and ev.ok


def test_2d1n_worked_example_690_no_subsidy():
    ev = evaluate_kan_trip("2d1n", 30, 690 * 30 * Y, 8_000 * Y)
    assert ev.computed["subsidy_eligible"] is False
    assert ev.computed["district_subsidy_fen"] == 0
    assert ids(ev) == [("R-TRIP-1", "warning")]
    msg = ev.findings[0].message
    assert "690 元" in msg and "700 元" in msg and msg.endswith("（R-TRIP-1）")
    assert ev.ok  # below the threshold is allowed, only unsubsidised


def test_2d1n_worked_example_meals_41_7_percent():
    ev = evaluate_kan_trip("2d1n", 30, 21_600 * Y, 9_000 * Y)
    assert ids(ev) == [("R-TRIP-1", "error")]
    assert ev.findings[0].message == "餐费 9,000 元占总费用 41.7%，超过 40% 上限（R-TRIP-1）"
    assert ev.findings[0].fields == ("meal_cost",)
    assert ev.computed["meal_share_pct"] == Decimal("41.7")


def test_exactly_700_qualifies_699_does_not():
    ok = evaluate_kan_trip("2d1n", 10, 7_000 * Y, 0)
    assert (
        ok.computed["subsidy_eligible"] is True and ok.computed["district_subsidy_fen"] == 2_000 * Y
    )
    assert ok.findings == []
    no = evaluate_kan_trip("2d1n", 10, 6_990 * Y, 0)
    assert no.computed["subsidy_eligible"] is False and no.computed["district_subsidy_fen"] == 0
    assert ids(no) == [("R-TRIP-1", "warning")]
    # one fen short of 700/person in total is not enough either
    short = evaluate_kan_trip("2d1n", 10, 7_000 * Y - 1, 0)
    assert short.computed["subsidy_eligible"] is False


def test_meals_exactly_40_percent_allowed_and_just_over_not():
    assert evaluate_kan_trip("2d1n", 30, 21_000 * Y, 8_400 * Y).findings == []
    over = evaluate_kan_trip("2d1n", 30, 21_000 * Y, 8_400 * Y + 1)
    assert ids(over) == [("R-TRIP-1", "error")]
    # 40.0005% would print as 40.0%: the message shows enough decimals to see the excess
    assert "40.0%" not in over.findings[0].message


def test_2d1n_over_800_per_person():
    ev = evaluate_kan_trip("2d1n", 20, 850 * 20 * Y, 5_000 * Y)
    assert ids(ev) == [("R-TRIP-1", "error")]
    assert "850 元" in ev.findings[0].message and "800 元" in ev.findings[0].message
    assert ev.computed["district_subsidy_fen"] == 4_000 * Y  # still ≥ 700, error blocks anyway
    exactly = evaluate_kan_trip("2d1n", 20, 800 * 20 * Y, 5_000 * Y)
    assert exactly.findings == []


def test_headcount_zero_is_error():
    ev = evaluate_kan_trip("2d1n", 0, 1_000 * Y, 0)
    assert ids(ev) == [("R-TRIP-1", "error")]
    assert ev.computed["per_person_fen"] is None


def test_missing_inputs_skip_checks():
    ev = evaluate_kan_trip("2d1n", None, None, None)
    assert ev.findings == [] and ev.computed["district_subsidy_fen"] is None


def test_other_cost_breakdown():
    lines = {
        "lodging": 9_000 * Y,
        "bus": 3_000 * Y,
        "insurance": 300 * Y,
        "guide": 800 * Y,
        "other": 500 * Y,
    }
    ok = evaluate_kan_trip("2d1n", 30, 21_600 * Y, 8_000 * Y, other_costs_fen=lines)
    assert ok.findings == []
    off = evaluate_kan_trip(
        "2d1n", 30, 21_600 * Y, 8_000 * Y, other_costs_fen={**lines, "other": 600 * Y}
    )
    assert ids(off) == [("R-TRIP-1", "warning")]
    assert "21,700 元" in off.findings[0].message


# ---- R-TRIP-2 one day -------------------------------------------------------------------
def test_1d_subsidy_and_limits():
    ev = evaluate_kan_trip("1d", 40, 280 * 40 * Y, 5_000 * Y)
    assert ev.computed["subsidy_per_person_fen"] == 100 * Y
    assert ev.computed["district_subsidy_fen"] == 4_000 * Y
    assert ev.findings == []
    assert evaluate_kan_trip("1d", 40, 250 * 40 * Y, 0).computed["subsidy_eligible"] is True
    low = evaluate_kan_trip("1d", 40, 249 * 40 * Y, 0)
    assert low.computed["district_subsidy_fen"] == 0 and ids(low) == [("R-TRIP-2", "warning")]
    high = evaluate_kan_trip("1d", 40, 301 * 40 * Y, 0)
    assert ids(high) == [("R-TRIP-2", "error")] and "300 元" in high.findings[0].message


def test_1d_meals_50_percent():
    assert evaluate_kan_trip("1d", 10, 3_000 * Y, 1_500 * Y).findings == []
    ev = evaluate_kan_trip("1d", 10, 3_000 * Y, 1_600 * Y)
    assert ids(ev) == [("R-TRIP-2", "error")]
    assert ev.findings[0].message == "餐费 1,600 元占总费用 53.3%，超过 50% 上限（R-TRIP-2）"


def test_1d_no_lodging_and_one_day_only():
    ev = evaluate_kan_trip("1d", 10, 3_000 * Y, 1_000 * Y, other_costs_fen={"lodging": 2_000 * Y})
    assert ("R-TRIP-2", "error") in ids(ev)
    two_days = evaluate_kan_trip(
        "1d", 10, 3_000 * Y, 1_000 * Y, start=date(2023, 6, 1), end=date(2023, 6, 2)
    )
    assert ids(two_days) == [("R-TRIP-2", "error")] and two_days.computed["days"] == 2


def test_2d1n_at_most_two_days():
    ok = evaluate_kan_trip(
        "2d1n", 30, 21_600 * Y, 8_000 * Y, start=date(2023, 6, 1), end=date(2023, 6, 2)
    )
    assert ok.findings == [] and ok.computed["days"] == 2
    long = evaluate_kan_trip(
        "2d1n", 30, 21_600 * Y, 8_000 * Y, start=date(2023, 6, 1), end=date(2023, 6, 3)
    )
    assert ids(long) == [("R-TRIP-1", "error")] and "3 天" in long.findings[0].message


def test_unknown_kind():
    with pytest.raises(ValueError):
        evaluate_kan_trip("3d", 1, 1, 1)


# ---- R-TRIP-4 ----------------------------------------------------------------------------
def test_activity_window_edges():
    assert check_activity_dates(date(2023, 5, 1), date(2023, 11, 30)) == []
    early = check_activity_dates(date(2023, 4, 30), date(2023, 5, 1))
    assert [(f.rule, f.fields) for f in early] == [("R-TRIP-4", ("start",))]
    assert "2023-05-01 至 2023-11-30" in early[0].message
    late = check_activity_dates(date(2023, 11, 30), date(2023, 12, 1))
    assert [(f.rule, f.fields) for f in late] == [("R-TRIP-4", ("end",))]
    backwards = check_activity_dates(date(2023, 6, 2), date(2023, 6, 1))
    assert [f.rule for f in backwards] == ["R-TRIP-4"] and "早于" in backwards[0].message


def test_trip_outside_window_is_r_trip_4():
    ev = evaluate_kan_trip(
        "2d1n", 30, 21_600 * Y, 8_000 * Y, start=date(2023, 12, 1), end=date(2023, 12, 2)
    )
    assert ids(ev) == [("R-TRIP-4", "error"), ("R-TRIP-4", "error")]


def test_window_from_params():
    params = {"activity_start": "2024-05-01", "activity_end": "2024-11-30"}
    assert check_activity_dates(date(2024, 5, 1), date(2024, 5, 2), params) == []
    assert len(check_activity_dates(date(2023, 5, 1), date(2023, 5, 2), params)) == 2


def test_subsidy_used_by():
    assert check_subsidy_used_by(date(2023, 11, 30)) == []
    found = check_subsidy_used_by(date(2023, 12, 1))
    assert [f.rule for f in found] == ["R-TRIP-4"] and "2023-11-30" in found[0].message


# ---- R-TRIP-3 ----------------------------------------------------------------------------
def test_pin_shanghai_yearly_sum():
    ok = check_pin_shanghai([200 * Y, 300 * Y])
    assert (
        ok.findings == []
        and ok.computed["total_fen"] == 500 * Y
        and ok.computed["remaining_fen"] == 0
    )
    part = check_pin_shanghai([120 * Y])
    assert part.computed["remaining_fen"] == 380 * Y and part.computed["parts"] == 1
    over = check_pin_shanghai([200 * Y, 200 * Y, 101 * Y])
    assert ids(over) == [("R-TRIP-3", "error")]
    assert "501 元" in over.findings[0].message and "3 次" in over.findings[0].message
    assert over.computed["remaining_fen"] == 0
    assert check_pin_shanghai([]).computed["total_fen"] == 0
    assert ids(check_pin_shanghai([-1])) == [("R-TRIP-3", "error")]


def test_pin_shanghai_param():
    assert check_pin_shanghai([550 * Y], {"pin_max_per_person_year": 600}).findings == []


# ---- R-REST-1 … 4 -------------------------------------------------------------------------
def test_rest_plan1_yrd():
    ev = evaluate_recuperation("1", 20, days=3, nights=2, cost_per_person_fen=1_500 * Y)
    c = ev.computed
    assert ev.findings == []
    assert c["district_subsidy_per_person_fen"] == 300 * Y and c["city_subsidy_per_person_fen"] == 0
    assert c["district_subsidy_total_fen"] == 6_000 * Y and c["subsidy_total_fen"] == 6_000 * Y
    assert c["total_cost_fen"] == 30_000 * Y and c["plan_name"] == "长三角区域"


def test_rest_plan1_limits():
    ev = evaluate_recuperation("1", 20, days=4, nights=3, cost_per_person_fen=1_501 * Y)
    assert ids(ev) == [("R-REST-1", "error"), ("R-REST-1", "error")]
    assert "3 天 2 晚" in ev.findings[0].message and "1,500 元" in ev.findings[1].message
    nights_only = evaluate_recuperation("1", 20, days=3, nights=3)
    assert ids(nights_only) == [("R-REST-1", "error")]


def test_rest_plan1_days_from_dates():
    ev = evaluate_recuperation("1", 20, start=date(2023, 6, 1), end=date(2023, 6, 4))
    assert ev.computed["days"] == 4 and ev.computed["nights"] == 3
    assert ids(ev) == [("R-REST-1", "error")]
    mismatch = evaluate_recuperation("1", 20, days=2, start=date(2023, 6, 1), end=date(2023, 6, 3))
    assert ids(mismatch) == [("R-REST-1", "warning")]


def test_rest_plan1_entered_subsidy_differs():
    ev = evaluate_recuperation("1", 10, district_subsidy_fen=250 * Y, city_subsidy_fen=100 * Y)
    assert ids(ev) == [("R-REST-1", "warning"), ("R-REST-1", "warning")]
    assert ev.computed["district_subsidy_total_fen"] == 3_000 * Y  # fixed amount used


def test_rest_plan2_partner():
    ev = evaluate_recuperation("2", 15, days=4, nights=3, cost_per_person_fen=2_500 * Y)
    assert ev.findings == []  # no cost cap for plan 2
    c = ev.computed
    assert (
        c["city_subsidy_per_person_fen"] == 200 * Y
        and c["district_subsidy_per_person_fen"] == 200 * Y
    )
    assert c["subsidy_total_fen"] == 6_000 * Y
    assert ids(evaluate_recuperation("2", 15, days=5, nights=4)) == [("R-REST-2", "error")]


def test_rest_plan3_ranges():
    ok = evaluate_recuperation("3", 10, city_subsidy_fen=400 * Y, district_subsidy_fen=100 * Y)
    assert ok.findings == []
    assert (
        ok.computed["city_subsidy_total_fen"] == 4_000 * Y
        and ok.computed["district_subsidy_total_fen"] == 1_000 * Y
    )
    low = evaluate_recuperation("3", 10, city_subsidy_fen=199 * Y, district_subsidy_fen=301 * Y)
    assert ids(low) == [("R-REST-3", "error"), ("R-REST-3", "error")]
    assert (
        "200 元至 400 元" in low.findings[0].message
        and "100 元至 300 元" in low.findings[1].message
    )
    blank = evaluate_recuperation("3", 10)
    assert blank.findings == [] and blank.computed["subsidy_total_fen"] is None
    # plan 3 has no day limit
    assert evaluate_recuperation("3", 10, days=7, nights=6).findings == []


def test_rest_dates_r_trip_4():
    ev = evaluate_recuperation("2", 10, start=date(2023, 11, 29), end=date(2023, 12, 2))
    assert ("R-TRIP-4", "error") in ids(ev)


def test_rest_breakdown_r_rest_4():
    assert (
        check_rest_breakdown(
            30,
            {
                "model_workers": 5,
                "craftsmen": 5,
                "covid_contributors": 5,
                "industrial_workers": 10,
                "others": 5,
            },
        )
        == []
    )
    over = check_rest_breakdown(30, {"model_workers": 31})
    assert [(f.rule, f.severity) for f in over] == [("R-REST-4", "error"), ("R-REST-4", "warning")]
    assert "劳模先进 31 人" in over[0].message
    equal_part = check_rest_breakdown(30, {"industrial_workers": 30})
    assert equal_part == []
    overlap = check_rest_breakdown(30, {"model_workers": 20, "industrial_workers": 20})
    assert [(f.rule, f.severity) for f in overlap] == [("R-REST-4", "warning")]
    assert "40 人" in overlap[0].message
    assert check_rest_breakdown(30, {"model_workers": None}) == []
    negative = check_rest_breakdown(30, {"others": -1, "model_workers": 31})
    assert [(f.rule, f.severity, f.fields) for f in negative] == [
        ("R-REST-4", "error", ("others",)),
        ("R-REST-4", "error", ("model_workers",)),
    ]  # -1 + 31 happens to equal 30: no sum warning on top of the two errors


def test_rest_breakdown_inside_evaluation():
    ev = evaluate_recuperation("1", 10, breakdown={"model_workers": 12})
    assert ("R-REST-4", "error") in ids(ev)


def test_rest_unknown_plan():
    with pytest.raises(ValueError):
        evaluate_recuperation("4", 10)


# ---- R-ACCT-1 ----------------------------------------------------------------------------
def test_accounting_lines():
    ev = accounting_lines(21_600 * Y, 6_000 * Y)
    assert ev.findings == []
    assert ev.computed["lines"] == [
        {"party": "基层工会", "account": ACCOUNT_OWN_FUNDS, "amount_fen": 15_600 * Y},
        {"party": "基层工会", "account": ACCOUNT_SUBSIDY_SPENDING, "amount_fen": 6_000 * Y},
        {"party": "基层工会", "account": ACCOUNT_RECEIVING_UNION, "amount_fen": 6_000 * Y},
        {"party": "上级工会", "account": ACCOUNT_GIVING_UNION, "amount_fen": 6_000 * Y},
    ]
    assert ACCOUNT_OWN_FUNDS == "职工活动支出—会员活动支出—一般性会员活动支出—爱上海主题活动"
    assert ACCOUNT_GIVING_UNION == "补助下级支出—专项转移支付补助—爱上海主题活动"
    assert ACCOUNT_RECEIVING_UNION.startswith("上级补助收入—专项转移支付补助")


def test_accounting_own_funds_only_and_errors():
    assert [line["account"] for line in accounting_lines(500 * Y).computed["lines"]] == [
        ACCOUNT_OWN_FUNDS
    ]
    bad = accounting_lines(100 * Y, 200 * Y)
    assert [f.rule for f in bad.findings] == ["R-ACCT-1"]


def test_default_params_are_json_compatible():
    import json

    assert json.loads(json.dumps(DEFAULT_PARAMS)) == DEFAULT_PARAMS
    assert (
        DEFAULT_PARAMS["trip_2d1n_max_per_person"] == 800
        and DEFAULT_PARAMS["trip_1d_meal_max_pct"] == 50
    )
