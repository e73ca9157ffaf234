"""Mutual-aid cover for new-employment-form workers (attachment 2-2): R-INS-1 … R-INS-8.

Parameters (see DEFAULT_PARAMS): ``year`` (coverage year), ``ins_max_age``,
``ins_industries``, ``ins_fee_c`` / ``ins_fee_d`` / ``ins_fee_e_full`` / ``ins_fee_e_half``
(yuan), ``ins_half_year_months``, ``ins_concentrated_from`` / ``ins_concentrated_until``,
``ins_instant_from`` / ``ins_instant_until``, ``ins_fee_working_days``,
``ins_transition_start`` (dates "YYYY-MM-DD").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error
from desktop_app.core.ids import age_at
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import (
    add_working_days,
    first_of_next_month,
    merge_params,
    param_date,
    param_fen,
)
from desktop_app.core.rules.insurance_claims import (  # noqa: F401  (re-exported)
    BENEFIT_CAPS,
    BENEFIT_LABELS,
    CLAIM_TYPES,
    PLANS,
    check_benefit_amount,
    check_claim_deadline,
    claim_deadline,
    evaluate_plan_change,
    hospital_allowance_fen,
    paying_plan,
    plan_change_effective,
)

INDUSTRIES: tuple[str, ...] = (  # R-INS-1, the 13 industries
    "快递物流",
    "货运驾驶",
    "网约送餐",
    "网约车司机",
    "护工护理",
    "家政服务",
    "商场信息",
    "房屋中介",
    "物业管理",
    "工地短工",
    "农业临工",
    "保洁环卫",
    "街面雇员",
)

DEFAULT_PARAMS: dict[str, Any] = {
    "year": 2023,
    "ins_max_age": 60,  # R-INS-1: under 60 at coverage start
    "ins_industries": list(INDUSTRIES),
    "ins_fee_c": 0,  # R-INS-2
    "ins_fee_d": 120,  # one-off union dues, no premium
    "ins_fee_e_full": 72,  # more than six months
    "ins_fee_e_half": 36,  # six months or less
    "ins_half_year_months": 6,  # R-INS-4
    "ins_concentrated_from": "2022-12-01",  # R-INS-3 / R-INS-8
    "ins_concentrated_until": "2023-02-28",
    "ins_instant_from": "2023-03-01",
    "ins_instant_until": "2023-11-30",
    "ins_fee_working_days": 15,  # R-INS-8
    "ins_transition_start": "2023-07-01",  # 2023 transition: old cover ends 06-30
}

ENROL_MODES: dict[str, str] = {
    "group_concentrated": "团体集中参保",
    "group_instant": "团体即时参保",
    "individual": "个人参保",
    "transition": "原团体参保人员转 E 类半年期",
}


def check_eligibility(
    birth_date: date | None,
    industry: str | None,
    coverage_start: date,
    params: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """R-INS-1: under 60 at coverage start and one of the 13 industries (errors)."""
    p = merge_params(DEFAULT_PARAMS, params)
    findings: list[Finding] = []
    max_age = int(p["ins_max_age"])
    if birth_date is not None:
        age = age_at(birth_date, coverage_start)
        if age >= max_age:
            findings.append(
                error(
                    "R-INS-1",
                    f"起保日 {coverage_start.isoformat()} 时已满 {age} 周岁，"
                    f"须未满 {max_age} 周岁方可参保（R-INS-1）",
                    "birth_date",
                )
            )
    if industry is not None and industry not in p["ins_industries"]:
        findings.append(
            error(
                "R-INS-1",
                f"行业“{industry}”不在十三类行业（"
                + "、".join(p["ins_industries"])
                + "）之内（R-INS-1）",
                "industry",
            )
        )
    return findings


def coverage_months(start: date, end: date) -> int:
    """R-INS-4: whole months from start to end; a started month counts (07-01 → 12-31 = 6)."""
    if end < start:
        return 0
    # Starts are always the 1st (R-INS-3); should one not be, its partial month counts.
    return (end.year - start.year) * 12 + end.month - start.month + 1


def plan_fee_fen(plan: str, months: int, params: Mapping[str, Any] | None = None) -> int:
    """R-INS-2: C 0; D 120 one-off dues; E 72 if months > 6 else 36."""
    p = merge_params(DEFAULT_PARAMS, params)
    if plan == "C":
        return param_fen(p, "ins_fee_c")
    if plan == "D":
        return param_fen(p, "ins_fee_d")
    if plan == "E":
        full = months > int(p["ins_half_year_months"])
        return param_fen(p, "ins_fee_e_full" if full else "ins_fee_e_half")
    raise ValueError(f"unknown insurance plan {plan!r}")


def check_fee_paid(
    plan: str, coverage_start: date, paid_fen: int, params: Mapping[str, Any] | None = None
) -> list[Finding]:
    """R-INS-2 / R-INS-4: the fee actually paid must be the plan's fee for the period.

    For plan E the half-year rule decides (start 07-01 → 6 months → 36; 06-01 → 7 → 72),
    so a wrong E fee cites R-INS-4; other plans cite R-INS-2.
    """
    p = merge_params(DEFAULT_PARAMS, params)
    end = date(int(p["year"]), 12, 31)
    months = coverage_months(coverage_start, end)
    expected = plan_fee_fen(plan, months, p)
    if paid_fen == expected:
        return []
    rule = "R-INS-4" if plan == "E" else "R-INS-2"
    period = (
        f"保障期 {coverage_start.isoformat()} 至 {end.isoformat()} 共 {months} 个月，"
        if plan == "E"
        else ""
    )
    return [
        error(
            rule,
            f"{PLANS[plan]}{period}应缴 {format_yuan(expected)}，实缴 {format_yuan(paid_fen)}（{rule}）",
            "fee_paid",
        )
    ]


def evaluate_enrolment(
    plan: str | None,
    mode: str,
    event_date: date | None,
    *,
    birth_date: date | None = None,
    industry: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-INS-1 … R-INS-4 for one enrolment.

    ``event_date`` is the district's list submission (group modes) or the payment date
    (individual).  Concentrated (Dec – Feb) → Jan 1; instant (Mar – Nov) → 1st of the next
    month; individual → 1st of the month after payment; "transition" (old group cover
    ends 06-30) → ``ins_transition_start``, E half-year.  Ends Dec 31 of ``year``.
    Computed: ``coverage_start``, ``coverage_end`` (dates), ``months``, ``fee_fen``.
    """
    p = merge_params(DEFAULT_PARAMS, params)
    if mode not in ENROL_MODES:
        raise ValueError(f"unknown enrolment mode {mode!r}")
    year = int(p["year"])
    end = date(year, 12, 31)
    ev = Evaluation(
        computed={"coverage_start": None, "coverage_end": end, "months": None, "fee_fen": None}
    )
    f = ev.findings
    start: date | None = None
    if mode == "transition":
        start = param_date(p, "ins_transition_start")
        if plan is not None and plan != "E":
            f.append(
                error(
                    "R-INS-2",
                    f"原团体参保人员衔接只能办理 E 类半年期保障，不能选择 {plan} 类（R-INS-2）",
                    "plan",
                )
            )
    elif event_date is not None:
        if mode == "group_concentrated":
            first, last = (
                param_date(p, "ins_concentrated_from"),
                param_date(p, "ins_concentrated_until"),
            )
            start = date(year, 1, 1)
            if event_date < first:
                f.append(
                    error(
                        "R-INS-3",
                        f"集中参保自 {first.isoformat()} 开始办理，{event_date.isoformat()} "
                        f"不在集中参保期内（R-INS-3）",
                        "submit_date",
                    )
                )
            elif event_date > last:  # R-INS-8: the concentrated list is due by Feb 28
                f.append(
                    error(
                        "R-INS-8",
                        f"集中参保正式名单须在 {last.isoformat()} 前提交，实际 "
                        f"{event_date.isoformat()}；之后请按即时参保办理（R-INS-8）",
                        "submit_date",
                    )
                )
        elif mode == "group_instant":
            first, last = param_date(p, "ins_instant_from"), param_date(p, "ins_instant_until")
            start = first_of_next_month(event_date)
            if not first <= event_date <= last:
                f.append(
                    error(
                        "R-INS-3",
                        f"即时参保须在 {first.isoformat()} 至 {last.isoformat()} 办理，"
                        f"实际 {event_date.isoformat()}（R-INS-3）",
                        "submit_date",
                    )
                )
        else:
            start = first_of_next_month(event_date)
    if start is not None:
        if start > end:
            f.append(
                error(
                    "R-INS-3",
                    f"起保日 {start.isoformat()} 晚于本年度保障期满日 {end.isoformat()}，"
                    f"不能参加本年度保障（R-INS-3）",
                    "coverage_start",
                )
            )
        months = coverage_months(start, end)
        ev.computed.update(coverage_start=start, months=months)
        if plan is not None:
            ev.computed["fee_fen"] = plan_fee_fen(plan, months, p)
        f.extend(check_eligibility(birth_date, industry, start, p))
    elif industry is not None:
        f.extend(check_eligibility(None, industry, end, p))
    return ev


def fee_transfer_deadline(list_submitted_on: date, params: Mapping[str, Any] | None = None) -> date:
    """R-INS-8: fee transfer and voucher upload within 15 working days (weekdays only)."""
    p = merge_params(DEFAULT_PARAMS, params)
    return add_working_days(list_submitted_on, int(p["ins_fee_working_days"]))


def check_fee_transfer(
    list_submitted_on: date, paid_on: date, params: Mapping[str, Any] | None = None
) -> list[Finding]:
    """R-INS-8: fee transfer and voucher upload within 15 working days after the list."""
    p = merge_params(DEFAULT_PARAMS, params)
    due = fee_transfer_deadline(list_submitted_on, p)
    if paid_on > due:
        return [
            error(
                "R-INS-8",
                f"费用划款和凭证上传须在名单提交后 {p['ins_fee_working_days']} "
                f"个工作日内（{due.isoformat()} 前）完成，实际 {paid_on.isoformat()}（R-INS-8）",
                "pay_date",
            )
        ]
    return []


def check_concentrated_list(
    submitted_on: date, paid_on: date | None = None, params: Mapping[str, Any] | None = None
) -> list[Finding]:
    """R-INS-8: list submitted by Feb 28; fee paid within 15 working days after it."""
    p = merge_params(DEFAULT_PARAMS, params)
    findings: list[Finding] = []
    last = param_date(p, "ins_concentrated_until")
    if submitted_on > last:
        findings.append(
            error(
                "R-INS-8",
                f"集中参保正式名单须在 {last.isoformat()} 前提交，实际 "
                f"{submitted_on.isoformat()}（R-INS-8）",
                "submit_date",
            )
        )
    if paid_on is not None:
        findings.extend(check_fee_transfer(submitted_on, paid_on, p))
    return findings
