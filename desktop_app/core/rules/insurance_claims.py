"""Mutual-aid cover: plan changes (R-INS-5), claim deadlines (R-INS-6), benefit caps
(R-INS-7).  Re-exported by ``insurance``; the caps table is data, printed in lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error, warning
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import add_months, first_of_next_month, merge_params

DEFAULT_PARAMS: dict[str, Any] = {"year": 2023}

PLANS: dict[str, str] = {"C": "C 类", "D": "D 类", "E": "E 类"}
_PLAN_RANK = {"C": 0, "D": 1, "E": 2}

# R-INS-6: claim types and their deadlines.
CLAIM_TYPES: dict[str, str] = {
    "hospital_allowance": "住院天数补助金",
    "special_illness": "特种重病保障金",
    "major_illness_medical": "重大疾病住院医疗补助金",
    "accidental_death": "意外身故保障金",
    "illness_death": "疾病身故保障金",
    "accidental_disability": "意外伤残保障金",
}
_TWO_YEARS = {"hospital_allowance", "special_illness", "major_illness_medical", "accidental_death"}

# R-INS-7: benefit caps in yuan (data, printed in lists; 意外身故与疾病身故互斥 for E).
BENEFIT_LABELS: dict[str, str] = {
    "hospital_per_day": "住院补助（元/天）",
    "hospital_max_days": "住院补助最高天数",
    "hospital_cap": "住院补助最高给付",
    "major_illness": "十二类重大疾病（含原位癌）",
    "major_illness_medical_min": "重大疾病医疗补助金下限",
    "major_illness_medical_max": "重大疾病医疗补助金上限",
    "major_illness_medical_cap": "重大疾病医疗补助金累计",
    "major_illness_section_cap": "重大疾病部分最高给付",
    "accidental_death": "意外身故",
    "accidental_disability": "意外伤残（最高）",
    "accident_condolence_per_time": "意外慰问金（元/次）",
    "accident_condolence_cap": "意外慰问金最高",
    "accident_cap": "意外部分最高给付",
    "illness_death": "疾病身故",
    "total_cap": "合计最高给付",
}
BENEFIT_CAPS: dict[str, dict[str, int]] = {
    "C": {
        "accidental_death": 20_000,
        "accidental_disability": 20_000,
        "accident_condolence_per_time": 500,
        "accident_condolence_cap": 2_000,
        "accident_cap": 20_000,
        "total_cap": 20_000,
    },
    "D": {
        "hospital_per_day": 60,
        "hospital_max_days": 180,
        "hospital_cap": 10_800,
        "major_illness": 10_000,
        "major_illness_section_cap": 10_000,
        "accidental_death": 60_000,
        "accidental_disability": 60_000,
        "accident_condolence_per_time": 500,
        "accident_condolence_cap": 6_000,
        "accident_cap": 60_000,
        "illness_death": 10_000,
        "total_cap": 90_800,
    },
    "E": {
        "hospital_per_day": 300,
        "hospital_max_days": 180,
        "hospital_cap": 54_000,
        "major_illness": 20_000,
        "major_illness_medical_min": 2_000,
        "major_illness_medical_max": 80_000,
        "major_illness_medical_cap": 340_000,
        "major_illness_section_cap": 360_000,
        "accidental_death": 150_000,
        "accidental_disability": 150_000,
        "accident_condolence_per_time": 500,
        "accident_condolence_cap": 6_000,
        "accident_cap": 306_000,
        "illness_death": 20_000,
        "total_cap": 720_000,
    },
}


def plan_change_effective(change_date: date) -> date:
    """R-INS-5: a plan change takes effect on the 1st of the next month."""
    return first_of_next_month(change_date)


def evaluate_plan_change(
    old_plan: str, new_plan: str, change_date: date, params: Mapping[str, Any] | None = None
) -> Evaluation:
    """R-INS-5: the new plan applies from the 1st of the next month, inside the cover year.

    Computed: ``effective`` (date), ``paying_plan_after`` (the higher of the two plans).
    """
    p = merge_params(DEFAULT_PARAMS, params)
    for plan in (old_plan, new_plan):
        if plan not in PLANS:
            raise ValueError(f"unknown insurance plan {plan!r}")
    effective = plan_change_effective(change_date)
    end = date(int(p["year"]), 12, 31)
    ev = Evaluation(
        computed={
            "effective": effective,
            "paying_plan_after": max(old_plan, new_plan, key=_PLAN_RANK.__getitem__),
        }
    )
    if old_plan == new_plan:
        ev.findings.append(
            warning("R-INS-5", f"变更前后均为 {PLANS[new_plan]}，无需变更（R-INS-5）", "plan")
        )
    if effective > end:
        ev.findings.append(
            error(
                "R-INS-5",
                f"{change_date.isoformat()} 申请变更，次月 1 日（{effective.isoformat()}）"
                f"已超出保障期（至 {end.isoformat()}），本年度不能再变更（R-INS-5）",
                "change_date",
            )
        )
    return ev


def paying_plan(old_plan: str, new_plan: str, change_date: date, event_date: date) -> str:
    """R-INS-5: before the change takes effect the old plan pays; afterwards the higher
    of the two pays (就高原则), never both."""
    if event_date < plan_change_effective(change_date):
        return old_plan
    return max(old_plan, new_plan, key=_PLAN_RANK.__getitem__)


def claim_deadline(
    claim_type: str, *, coverage_end: date, accident_date: date | None = None
) -> date:
    """R-INS-6: 2 years after coverage end; illness death 6 months after coverage end;
    accidental disability 180 days after the accident (2023-03-10 → 2023-09-06)."""
    if claim_type in _TWO_YEARS:
        return add_months(coverage_end, 24)
    if claim_type == "illness_death":
        return add_months(coverage_end, 6)
    if claim_type == "accidental_disability":
        if accident_date is None:
            raise ValueError("accidental disability needs the accident date")
        return accident_date + timedelta(days=180)
    raise ValueError(f"unknown claim type {claim_type!r}")


def check_claim_deadline(
    claim_type: str, filed_on: date, *, coverage_end: date, accident_date: date | None = None
) -> list[Finding]:
    """R-INS-6: a claim filed after its deadline is not accepted (逾期不予受理)."""
    deadline = claim_deadline(claim_type, coverage_end=coverage_end, accident_date=accident_date)
    if filed_on > deadline:
        return [
            error(
                "R-INS-6",
                f"{CLAIM_TYPES[claim_type]}须在 {deadline.isoformat()} 前申请，"
                f"{filed_on.isoformat()} 已逾期，不予受理（R-INS-6）",
                "filed_on",
            )
        ]
    return []


def hospital_allowance_fen(plan: str, days: int) -> int:
    """R-INS-7: hospital-day allowance, per day × at most 180 days (C has none: 0)."""
    caps = BENEFIT_CAPS[plan]
    if "hospital_per_day" not in caps:
        return 0
    return caps["hospital_per_day"] * 100 * min(max(days, 0), caps["hospital_max_days"])


def check_benefit_amount(plan: str, benefit: str, amount_fen: int) -> list[Finding]:
    """R-INS-7: an amount claimed for one benefit must not exceed the plan's cap."""
    caps = BENEFIT_CAPS[plan]
    label = BENEFIT_LABELS.get(benefit, benefit)
    if benefit not in caps:
        return [error("R-INS-7", f"{PLANS[plan]}保障不含“{label}”（R-INS-7）", "benefit")]
    cap = caps[benefit] * 100
    if amount_fen > cap:
        return [
            error(
                "R-INS-7",
                f"{PLANS[plan]}“{label}”最高 {format_yuan(cap)}，申请 "
                f"{format_yuan(amount_fen)} 超出（R-INS-7）",
                "amount",
            )
        ]
    return []
