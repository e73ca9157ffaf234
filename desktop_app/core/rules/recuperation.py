"""长三角及协作区域疗休养 (attachment 2-1 二, form 2-1-2): R-REST-1 … R-REST-4, dates R-TRIP-4.

Plans: "1" 长三角区域 (≤ 3 days 2 nights, ≤ 1,500/person, district 300/person),
"2" 对口合作区域 (≤ 4 days 3 nights, city 200 + district 200), "3" 市总直管院所
(city 200–400 and district 100–300 per person, entered within the range:
"总额控制 + 按实结算").

Parameters: ``rest_yrd_*``, ``rest_partner_*``, ``rest_city_*`` (see DEFAULT_PARAMS;
the prefixes match the catalogue's sub-quota keys) plus ``activity_start`` /
``activity_end`` shared with trips.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error, warning
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import merge_params, param_fen

DEFAULT_PARAMS: dict[str, Any] = {
    "year": 2023,
    "activity_start": "2023-05-01",  # R-TRIP-4
    "activity_end": "2023-11-30",
    "rest_yrd_max_days": 3,  # R-REST-1
    "rest_yrd_max_nights": 2,
    "rest_yrd_max_per_person": 1500,
    "rest_yrd_city_subsidy": 0,
    "rest_yrd_district_subsidy": 300,
    "rest_partner_max_days": 4,  # R-REST-2
    "rest_partner_max_nights": 3,
    "rest_partner_city_subsidy": 200,
    "rest_partner_district_subsidy": 200,
    "rest_city_city_subsidy_min": 200,  # R-REST-3
    "rest_city_city_subsidy_max": 400,
    "rest_city_district_subsidy_min": 100,
    "rest_city_district_subsidy_max": 300,
}

REST_PLANS: dict[str, str] = {"1": "长三角区域", "2": "对口合作区域", "3": "市总直管院所"}
_PREFIX = {"1": "rest_yrd", "2": "rest_partner", "3": "rest_city"}
_RULE = {"1": "R-REST-1", "2": "R-REST-2", "3": "R-REST-3"}
PARTNER_REGIONS: tuple[str, ...] = ("安徽六安", "福建三明", "江西宜春")
DIRECT_INSTITUTIONS: tuple[str, ...] = ("沙家浜", "西山", "黄山", "屏风山")
# R-REST-4: the breakdown of 实际疗休养人数, in paper order.
BREAKDOWN_LABELS: dict[str, str] = {
    "model_workers": "劳模先进",
    "craftsmen": "工匠技师",
    "covid_contributors": "为抗疫做出贡献",
    "industrial_workers": "产业工人",
    "others": "其他对象",
}


def check_rest_breakdown(
    headcount: int | None, breakdown: Mapping[str, int | None]
) -> list[Finding]:
    """R-REST-4: each part ≤ the total (error); parts not adding up to it (warning).

    One person may belong to two groups (a 劳模 who is also an 产业工人), which is why a
    different sum is only a warning.  Blank parts are skipped.
    """
    findings: list[Finding] = []
    parts = {k: v for k, v in breakdown.items() if v is not None}
    for key, value in parts.items():
        label = BREAKDOWN_LABELS.get(key, key)
        if value < 0:
            findings.append(error("R-REST-4", f"{label}人数不能为负数（R-REST-4）", key))
        elif headcount is not None and value > headcount:
            findings.append(
                error(
                    "R-REST-4",
                    f"其中{label} {value} 人，超过实际疗休养人数 {headcount} 人（R-REST-4）",
                    key,
                )
            )
    if headcount is not None and parts:
        total = sum(parts.values())
        if total != headcount:
            detail = " + ".join(f"{BREAKDOWN_LABELS.get(k, k)} {v}" for k, v in parts.items())
            findings.append(
                warning(
                    "R-REST-4",
                    f"其中各类人数合计 {total} 人（{detail}），与实际疗休养人数 {headcount} 人不一致（R-REST-4）",
                    "headcount",
                )
            )
    return findings


def _check_fixed(
    entered: int | None, fixed: int, who: str, plan_name: str, rule: str, key: str
) -> list[Finding]:
    if entered is None or entered == fixed:
        return []
    what = f"为定额 {format_yuan(fixed)}/人" if fixed else "无补贴"
    return [
        warning(
            rule,
            f"{plan_name}疗休养{who}补贴{what}，表中填写 {format_yuan(entered)}/人，"
            f"按规定金额计算（{rule}）",
            key,
        )
    ]


def _check_range(
    entered: int | None, low: int, high: int, who: str, rule: str, key: str
) -> list[Finding]:
    if entered is None or low <= entered <= high:
        return []
    return [
        error(
            rule,
            f"市总直管院所疗休养{who}补贴 {format_yuan(entered)}/人，应在 "
            f"{format_yuan(low)}至 {format_yuan(high)}/人之间（{rule}）",
            key,
        )
    ]


def evaluate_recuperation(
    plan: str,
    headcount: int | None,
    *,
    days: int | None = None,
    nights: int | None = None,
    cost_per_person_fen: int | None = None,
    city_subsidy_fen: int | None = None,
    district_subsidy_fen: int | None = None,
    breakdown: Mapping[str, int | None] | None = None,
    start: date | None = None,
    end: date | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Recuperation application (form 2-1-2).

    ``city_subsidy_fen`` / ``district_subsidy_fen`` are per person as entered; plans 1 and
    2 use the fixed amounts (a different entry is a warning), plan 3 uses the entry and
    checks the range.  When ``days`` is blank it is taken from the dates.
    Computed: ``plan_name``, ``days``, ``nights``, ``city_subsidy_per_person_fen``,
    ``district_subsidy_per_person_fen``, ``city_subsidy_total_fen``,
    ``district_subsidy_total_fen``, ``subsidy_total_fen``, ``total_cost_fen``.
    """
    # Local import: trips re-exports this module, so import it lazily.
    from desktop_app.core.rules.trips import check_activity_dates

    if plan not in REST_PLANS:
        raise ValueError(f"unknown recuperation plan {plan!r}")
    p = merge_params(DEFAULT_PARAMS, params)
    rule, prefix, plan_name = _RULE[plan], _PREFIX[plan], REST_PLANS[plan]
    ev = Evaluation()
    f = ev.findings
    if headcount is not None and headcount <= 0:
        f.append(
            error(rule, f"实际疗休养人数应大于 0，实际填写 {headcount}（{rule}）", "headcount")
        )
        headcount = None

    if start is not None and end is not None and end >= start:
        span = (end - start).days + 1
        if days is None:
            days = span
        elif days != span:
            f.append(
                warning(
                    rule,
                    f"疗休养起止时间共 {span} 天，与填写的天数 {days} 天不一致（{rule}）",
                    "days",
                )
            )
        if nights is None:
            nights = span - 1
    if plan in ("1", "2"):
        max_days, max_nights = int(p[f"{prefix}_max_days"]), int(p[f"{prefix}_max_nights"])
        if (days is not None and days > max_days) or (nights is not None and nights > max_nights):
            f.append(
                error(
                    rule,
                    f"{plan_name}疗休养为 {days if days is not None else '?'} 天 "
                    f"{nights if nights is not None else '?'} 晚，不得超过 {max_days} 天 "
                    f"{max_nights} 晚（{rule}）",
                    "days",
                )
            )
    if plan == "1" and cost_per_person_fen is not None:
        cap = param_fen(p, "rest_yrd_max_per_person")
        if cost_per_person_fen > cap:
            f.append(
                error(
                    rule,
                    f"长三角区域疗休养人均费用 {format_yuan(cost_per_person_fen)}，超过 "
                    f"{format_yuan(cap)}/人上限（{rule}）",
                    "cost_per_person",
                )
            )

    city_pp: int | None
    district_pp: int | None
    if plan in ("1", "2"):
        city_pp = param_fen(p, f"{prefix}_city_subsidy")
        district_pp = param_fen(p, f"{prefix}_district_subsidy")
        f.extend(
            _check_fixed(city_subsidy_fen, city_pp, "市总工会", plan_name, rule, "city_subsidy")
        )
        f.extend(
            _check_fixed(
                district_subsidy_fen, district_pp, "区总工会", plan_name, rule, "district_subsidy"
            )
        )
    else:
        city_pp, district_pp = city_subsidy_fen, district_subsidy_fen
        f.extend(
            _check_range(
                city_subsidy_fen,
                param_fen(p, "rest_city_city_subsidy_min"),
                param_fen(p, "rest_city_city_subsidy_max"),
                "市总工会",
                rule,
                "city_subsidy",
            )
        )
        f.extend(
            _check_range(
                district_subsidy_fen,
                param_fen(p, "rest_city_district_subsidy_min"),
                param_fen(p, "rest_city_district_subsidy_max"),
                "区总工会",
                rule,
                "district_subsidy",
            )
        )

    def total(per_person: int | None) -> int | None:
        return per_person * headcount if per_person is not None and headcount is not None else None

    city_total, district_total = total(city_pp), total(district_pp)
    ev.computed = {
        "plan": plan,
        "plan_name": plan_name,
        "headcount": headcount,
        "days": days,
        "nights": nights,
        "city_subsidy_per_person_fen": city_pp,
        "district_subsidy_per_person_fen": district_pp,
        "city_subsidy_total_fen": city_total,
        "district_subsidy_total_fen": district_total,
        "subsidy_total_fen": (city_total + district_total)
        if city_total is not None and district_total is not None
        else None,
        "total_cost_fen": total(cost_per_person_fen),
    }
    if breakdown:
        f.extend(check_rest_breakdown(headcount, breakdown))
    f.extend(check_activity_dates(start, end, p, what="疗休养"))
    return ev
