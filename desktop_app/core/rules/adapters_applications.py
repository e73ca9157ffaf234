"""Evaluator adapters for the application forms: 2-1-1, 2-1-2, 2-3-2, 2-3-3, 2-3-4, JS-8.

Registered in ``desktop_app.core.evaluators.EVALUATORS`` (which documents the field keys
each one reads and the keys it computes).  Each takes (values, roster, params, today).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error
from desktop_app.core.ids import check_stated
from desktop_app.core.rules import health, recuperation, trips
from desktop_app.core.rules.jiangsu import evaluate_jiangsu
from desktop_app.core.rules.adapter_support import (
    DATE_KEYS,
    month_day_dates,
    remap,
    roster_rows,
    row_gender,
    valid_id,
    with_defaults,
)
from desktop_app.core.rules.inputs import (
    as_choice,
    as_date,
    as_fen,
    as_int,
    as_list,
    as_text,
)
from desktop_app.core.types import Params, Values


# ---- 2-1-1 / 2-1-2 ---------------------------------------------------------------------
def trip_kan_shanghai(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """看上海 (2-1-1): R-TRIP-1 / R-TRIP-2 / R-TRIP-4.  Fields: EVALUATOR_FIELDS["trip_kan_shanghai"]."""
    p = with_defaults(params)
    kind = as_choice(values, "trip_kind", trips.TRIP_KINDS)
    start, end, found = month_day_dates(values, p, today, "R-TRIP-4")
    if kind is None:
        ev = Evaluation(findings=trips.check_activity_dates(start, end, p, what="“看上海”活动"))
        raw: dict[str, Any] = {}
    else:
        ev = trips.evaluate_kan_trip(
            kind,
            as_int(values, "headcount"),
            as_fen(values, "total_cost"),
            as_fen(values, "meal_cost"),
            start=start,
            end=end,
            params=p,
        )
        raw = ev.computed
    ev.computed = {
        "per_person_cost": raw.get("per_person_fen"),
        "meal_share": raw.get("meal_share_pct"),
        "subsidy_eligible": raw.get("subsidy_eligible"),
        "subsidy_per_person": raw.get("subsidy_per_person_fen"),
        "district_subsidy": raw.get("district_subsidy_fen"),
        "days": raw.get("days"),
    }
    ev.findings = found + remap(ev.findings, DATE_KEYS)
    return ev


def recuperation_application(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """疗休养 (2-1-2): R-REST-1 … R-REST-4, R-TRIP-4.  Fields: EVALUATOR_FIELDS["recuperation"]."""
    p = with_defaults(params)
    plan = as_choice(values, "plan", recuperation.REST_PLANS)
    headcount = as_int(values, "headcount")
    breakdown = {k: as_int(values, k) for k in recuperation.BREAKDOWN_LABELS}
    start, end, found = month_day_dates(values, p, today, "R-TRIP-4")
    if plan is None:
        ev = Evaluation(
            findings=recuperation.check_rest_breakdown(headcount, breakdown)
            + trips.check_activity_dates(start, end, p, what="疗休养")
        )
        raw: dict[str, Any] = {}
    else:
        ev = recuperation.evaluate_recuperation(
            plan,
            headcount,
            days=as_int(values, "days"),
            nights=as_int(values, "nights"),
            cost_per_person_fen=as_fen(values, "cost_per_person"),
            city_subsidy_fen=as_fen(values, "city_subsidy"),
            district_subsidy_fen=as_fen(values, "district_subsidy"),
            breakdown=breakdown,
            start=start,
            end=end,
            params=p,
        )
        raw = ev.computed
    parts = [v for v in breakdown.values() if v is not None]
    ev.computed = {
        "plan_name": raw.get("plan_name"),
        "city_subsidy_per_person": raw.get("city_subsidy_per_person_fen"),
        "district_subsidy_per_person": raw.get("district_subsidy_per_person_fen"),
        "city_subsidy_total": raw.get("city_subsidy_total_fen"),
        "district_subsidy_total": raw.get("district_subsidy_total_fen"),
        "subsidy_total": raw.get("subsidy_total_fen"),
        "total_cost": raw.get("total_cost_fen"),
        "breakdown_sum": sum(parts) if parts else None,
    }
    ev.findings = found + remap(ev.findings, DATE_KEYS)
    return ev


# ---- 2-3-x health checks ---------------------------------------------------------------
def health_check_application(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """企业职工健康体检 (2-3-2): R-HC-1, R-HC-2, R-HC-3 (roster 2-3-6 when given)."""
    p = with_defaults(params)
    plan = as_choice(values, "plan", health.PLANS)
    headcount = as_int(values, "headcount")
    male, female = as_int(values, "male_count"), as_int(values, "female_count")
    rows = roster_rows(roster)
    found: list[Finding] = []
    if rows:
        genders = [row_gender(r, today) for r in rows]
        r_male, r_female, unknown = genders.count("男"), genders.count("女"), genders.count(None)
        found += health.check_roster_headcount(headcount, len(rows))
        if unknown:
            found.append(
                error(
                    "R-HC-1",
                    f"名册中有 {unknown} 人性别不明（性别未填且身份证号码无效），"
                    f"无法按性别计算体检费用（R-HC-1）",
                    "roster",
                )
            )
            male = female = None
        else:
            if (male is not None and male != r_male) or (female is not None and female != r_female):
                found.append(
                    error(
                        "R-HC-3",
                        f"申请表填写男 {male if male is not None else '-'} 人、女 "
                        f"{female if female is not None else '-'} 人，名册为男 {r_male} 人、"
                        f"女 {r_female} 人（R-HC-3）",
                        "male_count",
                    )
                )
            male, female = r_male, r_female
    if plan is None:
        ev = Evaluation(
            findings=health.check_batch_size(
                headcount if headcount is not None else (len(rows) or None), p
            )
        )
        raw: dict[str, Any] = {}
    else:
        ev = health.evaluate_enterprise_check(plan, male, female, headcount=headcount, params=p)
        raw = ev.computed
    ev.computed = {
        "price_male": raw.get("price_male_fen"),
        "price_female": raw.get("price_female_fen"),
        "subsidy_per_person": raw.get("subsidy_per_person_fen"),
        "enterprise_male": raw.get("enterprise_male_fen"),
        "enterprise_female": raw.get("enterprise_female_fen"),
        "male_count": male,
        "female_count": female,
        "roster_count": len(rows) if rows else None,
        "price_total": raw.get("price_total_fen"),
        "subsidy_total": raw.get("subsidy_total_fen"),
        "enterprise_total": raw.get("enterprise_total_fen"),
    }
    ev.findings = found + ev.findings
    return ev


def health_check_send(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """送健康 (2-3-3): R-HC-4; name list vs headcount (R-HC-3) when a roster is given."""
    p = with_defaults(params)
    headcount = as_int(values, "headcount")
    ev = health.evaluate_send_health(
        headcount,
        category=as_choice(values, "category", health.SEND_CATEGORIES),
        conditions=as_list(values, "conditions"),
        check_date=as_date(values, "check_date"),
        params=p,
    )
    rows = roster_rows(roster)
    if rows:
        ev.findings += health.check_roster_headcount(headcount, len(rows))
    raw = ev.computed
    ev.computed = {
        "price_per_person": raw["price_per_person_fen"],
        "district_total": raw["district_total_fen"],
        "enterprise_total": raw["enterprise_total_fen"],
    }
    return ev


def health_check_new_employment(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """新就业形态劳动者体检 (2-3-4): R-HC-5."""
    p = with_defaults(params)
    ev = health.evaluate_new_employment(
        as_int(values, "total_count"),
        as_int(values, "male_count"),
        as_int(values, "female_count"),
        as_int(values, "applied_count"),
        as_fen(values, "price_per_person"),
        p,
    )
    raw = ev.computed
    ev.computed = {
        "subsidy_per_person": raw["subsidy_per_person_fen"],
        "subsidy_total": raw["subsidy_total_fen"],
        "self_pay_per_person": raw["self_pay_per_person_fen"],
    }
    return ev


def jiangsu_registration(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """江苏八大群体体检登记 (JS-8): R-HC-6; stated gender vs identity number (R-ID-4)."""
    p = with_defaults(params)
    group = as_text(values, "group") or None
    gender = as_choice(values, "gender", ("男", "女"))
    found: list[Finding] = []
    result = valid_id(values, today)
    if result is not None:
        found += check_stated(result, gender, None, today or date.today())
        gender = gender or result.gender
    ev = evaluate_jiangsu(group, gender, as_fen(values, "local_match"), p)
    raw = ev.computed
    ev.computed = {
        "province_subsidy": raw["province_subsidy_fen"],
        "local_match": raw["local_match_fen"],
        "subsidy_total": raw["subsidy_total_fen"],
        "extras": "、".join(raw["extras"]) if raw["extras"] else None,
        "gender": gender,
    }
    ev.findings = found + ev.findings
    return ev
