"""看上海 / 品上海 / 爱上海 activities and recuperation (attachment 2-1).

Rules: R-TRIP-1 (2 days 1 night), R-TRIP-2 (one day), R-TRIP-3 (品上海 yearly cap),
R-TRIP-4 (activity window), R-ACCT-1 (bookkeeping lines).  Recuperation (R-REST-1 … 4)
lives in ``recuperation.py`` and is re-exported here.

Parameters (``params``, JSON-compatible; money in whole yuan; see DEFAULT_PARAMS):
``year``, ``activity_start`` / ``activity_end`` / ``subsidy_use_by`` ("YYYY-MM-DD"),
``trip_2d1n_*`` and ``trip_1d_*`` (max_per_person, meal_max_pct, subsidy_per_person,
subsidy_min_per_person, max_days), ``pin_max_per_person_year``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error, warning
from desktop_app.core.money import divide_round, format_yuan, percent
from desktop_app.core.rules.common import (
    exceeds_share,
    merge_params,
    param_date,
    param_fen,
    share_text,
)
from desktop_app.core.rules.recuperation import (  # noqa: F401  (re-exported)
    BREAKDOWN_LABELS,
    DIRECT_INSTITUTIONS,
    PARTNER_REGIONS,
    REST_PLANS,
    check_rest_breakdown,
    evaluate_recuperation,
)

DEFAULT_PARAMS: dict[str, Any] = {
    "year": 2023,
    "activity_start": "2023-05-01",  # R-TRIP-4
    "activity_end": "2023-11-30",
    "subsidy_use_by": "2023-11-30",
    "trip_2d1n_max_per_person": 800,  # R-TRIP-1
    "trip_2d1n_meal_max_pct": 40,
    "trip_2d1n_subsidy_per_person": 200,
    "trip_2d1n_subsidy_min_per_person": 700,
    "trip_2d1n_max_days": 2,
    "trip_1d_max_per_person": 300,  # R-TRIP-2
    "trip_1d_meal_max_pct": 50,
    "trip_1d_subsidy_per_person": 100,
    "trip_1d_subsidy_min_per_person": 250,
    "trip_1d_max_days": 1,
    "pin_max_per_person_year": 500,  # R-TRIP-3
}

TRIP_KINDS: dict[str, str] = {"2d1n": "两天一夜", "1d": "一日游"}
_TRIP_RULE = {"2d1n": "R-TRIP-1", "1d": "R-TRIP-2"}
# Optional cost lines besides meals (the seed's 开支范围); a one-day trip has no lodging.
COST_ITEMS: dict[str, str] = {
    "lodging": "住宿费",
    "bus": "租车费",
    "insurance": "保险费",
    "guide": "导游费",
    "other": "其他必要支出",
}

# R-ACCT-1: bookkeeping lines, verbatim from attachment 2-1 (四) 6–7.
ACCOUNT_OWN_FUNDS = "职工活动支出—会员活动支出—一般性会员活动支出—爱上海主题活动"
ACCOUNT_SUBSIDY_SPENDING = (
    "职工活动支出—会员活动支出—专项会员活动支出（“爱上海主题活动”项目明细核算）"
)
ACCOUNT_GIVING_UNION = "补助下级支出—专项转移支付补助—爱上海主题活动"
ACCOUNT_RECEIVING_UNION = "上级补助收入—专项转移支付补助（“爱上海主题活动”项目明细核算）"


def check_activity_dates(
    start: date | None,
    end: date | None,
    params: Mapping[str, Any] | None = None,
    *,
    what: str = "活动",
    rule: str = "R-TRIP-4",
) -> list[Finding]:
    """R-TRIP-4: start and end inside ``activity_start`` … ``activity_end``; end ≥ start."""
    p = merge_params(DEFAULT_PARAMS, params)
    first, last = param_date(p, "activity_start"), param_date(p, "activity_end")
    findings: list[Finding] = []
    window = f"{first.isoformat()} 至 {last.isoformat()}"
    for d, label, key in ((start, "开始", "start"), (end, "结束", "end")):
        if d is not None and not first <= d <= last:
            findings.append(
                error(
                    rule,
                    f"{what}{label}日期 {d.isoformat()} 不在活动时间 {window} 内（{rule}）",
                    key,
                )
            )
    if start is not None and end is not None and end < start:
        findings.append(
            error(
                rule,
                f"{what}结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}（{rule}）",
                "end",
            )
        )
    return findings


def check_subsidy_used_by(used_on: date, params: Mapping[str, Any] | None = None) -> list[Finding]:
    """R-TRIP-4: upper-level subsidies must be used by ``subsidy_use_by`` (11-30)."""
    p = merge_params(DEFAULT_PARAMS, params)
    limit = param_date(p, "subsidy_use_by")
    if used_on > limit:
        return [
            error(
                "R-TRIP-4",
                f"补贴使用日期 {used_on.isoformat()} 晚于 {limit.isoformat()}，"
                f"补贴须在 {limit.isoformat()} 前使用完毕（R-TRIP-4）",
                "used_on",
            )
        ]
    return []


def evaluate_kan_trip(
    kind: str,
    headcount: int | None,
    total_cost_fen: int | None,
    meal_cost_fen: int | None,
    *,
    start: date | None = None,
    end: date | None = None,
    other_costs_fen: Mapping[str, int] | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """看上海 trip: R-TRIP-1 (kind "2d1n") or R-TRIP-2 (kind "1d"), dates R-TRIP-4.

    Computed: ``per_person_fen`` (rounded to the fen), ``meal_share_pct`` (Decimal, one
    decimal), ``subsidy_eligible`` (spent ≥ the threshold per person: 700 exactly
    qualifies, 699 does not), ``subsidy_per_person_fen``, ``district_subsidy_fen``
    (headcount × subsidy, 0 when not eligible), ``days``.  Limits are compared exactly
    (cross-multiplied), never on rounded figures.  Missing inputs skip the checks
    that need them.  ``other_costs_fen`` (keys of COST_ITEMS) must add up with the meals
    to the total (warning otherwise).
    """
    if kind not in TRIP_KINDS:
        raise ValueError(f"unknown trip kind {kind!r}")
    p = merge_params(DEFAULT_PARAMS, params)
    rule, name = _TRIP_RULE[kind], TRIP_KINDS[kind]
    max_pp = param_fen(p, f"trip_{kind}_max_per_person")
    meal_pct = p[f"trip_{kind}_meal_max_pct"]
    subsidy_pp = param_fen(p, f"trip_{kind}_subsidy_per_person")
    min_pp = param_fen(p, f"trip_{kind}_subsidy_min_per_person")
    ev = Evaluation(
        computed={
            "kind": kind,
            "headcount": headcount,
            "total_cost_fen": total_cost_fen,
            "meal_cost_fen": meal_cost_fen,
            "per_person_fen": None,
            "meal_share_pct": None,
            "subsidy_eligible": None,
            "subsidy_per_person_fen": None,
            "district_subsidy_fen": None,
            "days": None,
        }
    )
    f = ev.findings
    if headcount is not None and headcount <= 0:
        f.append(error(rule, f"参加人数应大于 0，实际填写 {headcount}（{rule}）", "headcount"))
        headcount = None
    if headcount and total_cost_fen is not None:
        per_person = divide_round(total_cost_fen, headcount)
        eligible = total_cost_fen >= min_pp * headcount
        ev.computed.update(
            per_person_fen=per_person,
            subsidy_eligible=eligible,
            subsidy_per_person_fen=subsidy_pp if eligible else 0,
            district_subsidy_fen=subsidy_pp * headcount if eligible else 0,
        )
        if total_cost_fen > max_pp * headcount:
            f.append(
                error(
                    rule,
                    f"{name}人均费用 {format_yuan(per_person)}，超过 "
                    f"{format_yuan(max_pp)}/人上限（{rule}）",
                    "total_cost",
                )
            )
        if not eligible:
            f.append(
                warning(
                    rule,
                    f"{name}人均费用 {format_yuan(per_person)}，低于 {format_yuan(min_pp)}/人，"
                    f"不能享受区总工会 {format_yuan(subsidy_pp)}/人补贴（{rule}）",
                    "total_cost",
                )
            )
    if meal_cost_fen is not None and total_cost_fen:
        ev.computed["meal_share_pct"] = percent(meal_cost_fen, total_cost_fen)
        if exceeds_share(meal_cost_fen, total_cost_fen, meal_pct):
            f.append(
                error(
                    rule,
                    f"餐费 {format_yuan(meal_cost_fen)}占总费用 "
                    f"{share_text(meal_cost_fen, total_cost_fen, meal_pct)}，"
                    f"超过 {meal_pct}% 上限（{rule}）",
                    "meal_cost",
                )
            )
    if other_costs_fen is not None and total_cost_fen is not None:
        if kind == "1d" and other_costs_fen.get("lodging"):
            f.append(
                error(
                    rule,
                    f"一日游开支范围不含住宿费，填写了住宿费 "
                    f"{format_yuan(other_costs_fen['lodging'])}（{rule}）",
                    "lodging",
                )
            )
        listed = sum(other_costs_fen.values()) + (meal_cost_fen or 0)
        if listed != total_cost_fen:
            f.append(
                warning(
                    rule,
                    f"费用明细合计 {format_yuan(listed)}，与总费用 "
                    f"{format_yuan(total_cost_fen)} 不一致（{rule}）",
                    "total_cost",
                )
            )
    f.extend(check_activity_dates(start, end, p, what="“看上海”活动"))
    if start is not None and end is not None and end >= start:
        days = (end - start).days + 1
        ev.computed["days"] = days
        max_days = int(p[f"trip_{kind}_max_days"])
        if days > max_days:
            f.append(
                error(rule, f"{name}活动起止时间共 {days} 天，超过 {max_days} 天（{rule}）", "end")
            )
    return ev


def check_pin_shanghai(
    amounts_fen: Iterable[int], params: Mapping[str, Any] | None = None
) -> Evaluation:
    """R-TRIP-3: one person's 品上海 amounts in a year; the yearly sum is capped (500).

    Computed: ``total_fen``, ``limit_fen``, ``remaining_fen`` (never negative), ``parts``.
    """
    p = merge_params(DEFAULT_PARAMS, params)
    limit = param_fen(p, "pin_max_per_person_year")
    amounts = list(amounts_fen)
    total = sum(amounts)
    ev = Evaluation(
        computed={
            "total_fen": total,
            "limit_fen": limit,
            "remaining_fen": max(0, limit - total),
            "parts": len(amounts),
        }
    )
    if any(a < 0 for a in amounts):
        ev.findings.append(error("R-TRIP-3", "品上海发放金额不能为负数（R-TRIP-3）", "amount"))
    if total > limit:
        ev.findings.append(
            error(
                "R-TRIP-3",
                f"品上海本年度每人合计 {format_yuan(total)}（分 {len(amounts)} 次），"
                f"超过 {format_yuan(limit)}/人/年上限（R-TRIP-3）",
                "amount",
            )
        )
    return ev


def accounting_lines(total_cost_fen: int, upper_subsidy_fen: int = 0) -> Evaluation:
    """R-ACCT-1: the bookkeeping lines printed with a 爱上海 settlement.

    The grass-roots union books its own share and the upper-level subsidy it spends, and
    receives the subsidy; the giving (upper) union books the transfer.  Computed
    ``lines``: list of {"party", "account", "amount_fen"}; zero lines are left out.
    """
    ev = Evaluation()
    if upper_subsidy_fen < 0 or total_cost_fen < 0:
        ev.findings.append(error("R-ACCT-1", "金额不能为负数（R-ACCT-1）"))
    if upper_subsidy_fen > total_cost_fen:
        ev.findings.append(
            error(
                "R-ACCT-1",
                f"上级补助 {format_yuan(upper_subsidy_fen)}超过活动总支出 "
                f"{format_yuan(total_cost_fen)}（R-ACCT-1）",
            )
        )
    own = max(0, total_cost_fen - upper_subsidy_fen)
    candidates = [
        ("基层工会", ACCOUNT_OWN_FUNDS, own),
        ("基层工会", ACCOUNT_SUBSIDY_SPENDING, upper_subsidy_fen),
        ("基层工会", ACCOUNT_RECEIVING_UNION, upper_subsidy_fen),
        ("上级工会", ACCOUNT_GIVING_UNION, upper_subsidy_fen),
    ]
    ev.computed["lines"] = [
        {"party": party, "account": account, "amount_fen": amount}
        for party, account, amount in candidates
        if amount > 0
    ]
    return ev
