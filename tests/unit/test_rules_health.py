"""Health checks: R-HC-1 … R-HC-7."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.rules.health import (
    CHECK_CENTRES,
    EXTRA_KNEE_XRAY,
    EXTRA_LEG_VEINS,
    EXTRA_TWO_CANCERS,
    EXTRA_URINARY,
    JIANGSU_GROUPS,
    check_batch_size,
    check_roster_headcount,
    evaluate_enterprise_check,
    evaluate_jiangsu,
    evaluate_new_employment,
    evaluate_send_health,
    jiangsu_extras,
    new_employment_subsidy_fen,
    settle_by_headcount,
)

Y = 100


def ids(ev_or_list):
    items = ev_or_list.findings if hasattr(ev_or_list, "findings") else ev_or_list
    return [(f.rule, f.severity) for f in items]


# ---- R-HC-1 ------------------------------------------------------------------------------
def test_plan_b_worked_example():
    ev = evaluate_enterprise_check("B", 40, 25, headcount=65)
    c = ev.computed
    assert c["price_total_fen"] == 33_270 * Y  # 40·503 + 25·526
    assert c["subsidy_total_fen"] == 9_750 * Y  # 65 × 150
    assert c["enterprise_total_fen"] == 23_520 * Y
    assert c["enterprise_male_fen"] == 353 * Y and c["enterprise_female_fen"] == 376 * Y
    assert ev.findings == []


@pytest.mark.parametrize(
    ("plan", "male", "female", "subsidy", "ent_male", "ent_female"),
    [
        ("A", 434, 457, 120, 314, 337),
        ("B", 503, 526, 150, 353, 376),
        ("C", 603, 626, 180, 423, 446),
    ],
)
def test_plan_table(plan, male, female, subsidy, ent_male, ent_female):
    c = evaluate_enterprise_check(plan, 30, 0).computed
    assert c["price_male_fen"] == male * Y and c["price_female_fen"] == female * Y
    assert c["subsidy_per_person_fen"] == subsidy * Y
    assert c["enterprise_male_fen"] == ent_male * Y and c["enterprise_female_fen"] == ent_female * Y
    assert c["price_total_fen"] == 30 * male * Y


def test_plan_a_and_c_totals():
    a = evaluate_enterprise_check("A", 10, 20).computed
    assert (
        a["price_total_fen"] == (10 * 434 + 20 * 457) * Y and a["subsidy_total_fen"] == 30 * 120 * Y
    )
    c = evaluate_enterprise_check("C", 50, 50).computed
    assert c["enterprise_total_fen"] == (50 * 423 + 50 * 446) * Y


def test_gender_split_must_match_headcount():
    ev = evaluate_enterprise_check("B", 40, 25, headcount=66)
    assert ids(ev) == [("R-HC-1", "error")]
    assert "65 人" in ev.findings[0].message and "66 人" in ev.findings[0].message


def test_unknown_split_gives_subsidy_only():
    c = evaluate_enterprise_check("B", None, None, headcount=65).computed
    assert c["subsidy_total_fen"] == 9_750 * Y and c["price_total_fen"] is None


def test_plan_params_override():
    params = {"hc_plans": {"B": {"male": 510, "female": 530, "subsidy": 160}}}
    c = evaluate_enterprise_check("B", 1, 1, params=params).computed
    assert c["price_total_fen"] == 1_040 * Y and c["subsidy_total_fen"] == 320 * Y
    with pytest.raises(ValueError):
        evaluate_enterprise_check("A", 1, 1, params=params)


# ---- R-HC-2 ------------------------------------------------------------------------------
def test_batch_size_edges():
    assert check_batch_size(30) == [] and check_batch_size(120) == []
    assert ids(check_batch_size(29)) == [("R-HC-2", "warning")]
    assert ids(check_batch_size(121)) == [("R-HC-2", "warning")]
    assert "30–120" in check_batch_size(10)[0].message
    assert check_batch_size(None) == []
    assert ids(evaluate_enterprise_check("A", 10, 5)) == [("R-HC-2", "warning")]


def test_five_check_centres():
    assert len(CHECK_CENTRES) == 5
    assert CHECK_CENTRES[0] == ("复旦大学附属中山医院青浦分院体检中心", "青浦区公园东路 1158 号")


# ---- R-HC-3 ------------------------------------------------------------------------------
def test_roster_headcount():
    assert check_roster_headcount(65, 65) == []
    found = check_roster_headcount(65, 64)
    assert ids(found) == [("R-HC-3", "error")]
    assert "65 人" in found[0].message and "64 人" in found[0].message
    assert ids(check_roster_headcount(65, None)) == [("R-HC-3", "warning")]
    assert check_roster_headcount(None, 12) == []


# ---- R-HC-4 ------------------------------------------------------------------------------
def test_send_health_fully_paid():
    ev = evaluate_send_health(40, check_date=date(2023, 5, 1))
    assert ev.computed == {
        "price_per_person_fen": 300 * Y,
        "district_total_fen": 12_000 * Y,
        "enterprise_total_fen": 0,
    }
    assert ev.findings == []
    assert evaluate_send_health(40, check_date=date(2023, 12, 10)).findings == []


def test_send_health_dates():
    assert ids(evaluate_send_health(40, check_date=date(2023, 4, 30))) == [("R-HC-4", "error")]
    late = evaluate_send_health(40, check_date=date(2023, 12, 11))
    assert ids(late) == [("R-HC-4", "error")] and "2023-12-10" in late.findings[0].message


def test_send_health_conditions():
    all_three = ["union_active", "covid_difficulty", "profit_decline"]
    assert evaluate_send_health(10, category="hardship", conditions=all_three).findings == []
    two = evaluate_send_health(10, category="hardship", conditions=all_three[:2])
    assert ids(two) == [("R-HC-4", "error")] and "利润下滑" in two.findings[0].message
    assert (
        evaluate_send_health(10, category="sanitation", conditions=["never_checked"]).findings == []
    )
    assert ids(evaluate_send_health(10, category="sanitation", conditions=[])) == [
        ("R-HC-4", "error")
    ]
    assert evaluate_send_health(10, category="hardship").findings == []  # not stated yet


# ---- R-HC-5 ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("price", "subsidy"),
    [(300, 120), (260, 80), (420, 120), (150, 0), (180, 0), (181, 1), (299, 119)],
)
def test_new_employment_subsidy(price, subsidy):
    assert new_employment_subsidy_fen(price * Y) == subsidy * Y


def test_new_employment_evaluation():
    ev = evaluate_new_employment(50, 30, 20, 45, 260 * Y)
    assert ev.findings == []
    assert ev.computed == {
        "subsidy_per_person_fen": 80 * Y,
        "subsidy_total_fen": 3_600 * Y,
        "self_pay_per_person_fen": 180 * Y,
    }
    high = evaluate_new_employment(50, 30, 20, 50, 420 * Y)
    assert high.computed["subsidy_per_person_fen"] == 120 * Y
    assert high.computed["self_pay_per_person_fen"] == 300 * Y


def test_new_employment_errors():
    ev = evaluate_new_employment(50, 30, 19, 51, 300 * Y)
    assert ids(ev) == [("R-HC-5", "error"), ("R-HC-5", "error")]
    assert "49 人" in ev.findings[0].message and "51 人" in ev.findings[1].message
    cheap = evaluate_new_employment(10, 5, 5, 10, 150 * Y)
    assert ids(cheap) == [("R-HC-5", "warning")] and cheap.computed["subsidy_total_fen"] == 0


# ---- R-HC-6 ------------------------------------------------------------------------------
def test_eight_groups():
    assert JIANGSU_GROUPS == (
        "快递员",
        "送餐员",
        "货车司机",
        "护工护理员",
        "家政服务员",
        "商场信息员",
        "房产中介员",
        "保安员",
    )


@pytest.mark.parametrize(
    ("group", "gender", "extras"),
    [
        ("快递员", "女", [EXTRA_TWO_CANCERS, EXTRA_KNEE_XRAY]),
        ("送餐员", "男", [EXTRA_KNEE_XRAY]),
        ("货车司机", "男", [EXTRA_URINARY]),
        ("保安员", "男", [EXTRA_LEG_VEINS]),
        ("商场信息员", "女", [EXTRA_TWO_CANCERS, EXTRA_LEG_VEINS]),
        ("护工护理员", "女", [EXTRA_TWO_CANCERS, EXTRA_LEG_VEINS]),
        ("家政服务员", "女", [EXTRA_TWO_CANCERS]),
        ("房产中介员", "男", []),
        ("房产中介员", None, []),
    ],
)
def test_jiangsu_extras(group, gender, extras):
    assert jiangsu_extras(group, gender) == extras


def test_jiangsu_evaluation():
    ev = evaluate_jiangsu("快递员", "女", 120 * Y)
    assert ev.findings == []
    assert ev.computed["province_subsidy_fen"] == 100 * Y
    assert ev.computed["subsidy_total_fen"] == 220 * Y
    assert ev.computed["extras"] == [EXTRA_TWO_CANCERS, EXTRA_KNEE_XRAY]
    assert evaluate_jiangsu("快递员", "男", 100 * Y).findings == []  # exactly 100 is enough
    low = evaluate_jiangsu("快递员", "男", 99 * Y)
    assert ids(low) == [("R-HC-6", "error")] and "99 元" in low.findings[0].message
    other = evaluate_jiangsu("程序员", "男")
    assert ids(other) == [("R-HC-6", "error")] and other.computed["extras"] == []


def test_jiangsu_long_standing_groups_are_a_param():
    assert jiangsu_extras("家政服务员", "男", {"js_long_standing_groups": ["家政服务员"]}) == [
        EXTRA_LEG_VEINS
    ]


# ---- R-HC-7 ------------------------------------------------------------------------------
def test_settlement_by_actual_headcount():
    ev = settle_by_headcount(58, 150 * Y, applied_count=65)
    assert ev.computed["settlement_fen"] == 8_700 * Y and ev.computed["unused"] == 7
    assert ev.findings == []
    over = settle_by_headcount(70, 150 * Y, applied_count=65)
    assert ids(over) == [("R-HC-7", "warning")] and over.computed["settlement_fen"] == 10_500 * Y
    assert ids(settle_by_headcount(-1, 1)) == [("R-HC-7", "error")]
