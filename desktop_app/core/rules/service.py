"""Service projects: health service points (R-POINT-1), labour-relations visits
(R-LR-1), model-worker service (R-MW-1).  Attachments 2-6, 2-7, 2-8.

Parameters (see DEFAULT_PARAMS): ``point_city_new`` / ``point_city_upgrade`` (yuan),
``point_min_notice_days``, ``lr_staff_subsidy_per_day`` (yuan), ``lr_follow_up_days``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from desktop_app.core.findings import Evaluation, error, warning
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import merge_params, param_fen

DEFAULT_PARAMS: dict[str, Any] = {
    "point_city_new": 15_000,  # R-POINT-1 city subsidy per new point
    "point_city_upgrade": 10_000,  # per upgraded point; district and town match ≥ 1:1:1
    "point_min_notice_days": 7,  # notices posted 1–2 weeks ahead
    "lr_staff_subsidy_per_day": 150,  # R-LR-1
    # The seed asks for follow-up visits without a deadline; 30 days (one monthly report
    # cycle) is a working default the district can change.
    "lr_follow_up_days": 30,
}

# ---- R-POINT-1 -------------------------------------------------------------------------
POINT_KINDS: dict[str, str] = {"new": "新建", "upgrade": "升级优化"}
POINT_ACTIVITIES: dict[str, str] = {
    "service": "坐诊服务（半天）",
    "visit": "企业访视（半天）",
    "lecture": "健康讲座",
}
CARDS: dict[str, str] = {
    "none": "正常",
    "yellow": "黄牌（整改通知书）",
    "red": "红牌（摘牌通知书）",
}


def point_subsidies(
    kind: str,
    *,
    district_fen: int | None = None,
    town_fen: int | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-POINT-1: city 15,000 per new point / 10,000 per upgrade; district and town each
    match at least as much (1:1:1).  Computed: ``city_fen``, ``match_min_fen``,
    ``total_fen`` (city + entered matches, or the minimum where blank)."""
    if kind not in POINT_KINDS:
        raise ValueError(f"unknown point kind {kind!r}")
    p = merge_params(DEFAULT_PARAMS, params)
    city = param_fen(p, f"point_city_{kind}")
    ev = Evaluation()
    for amount, who, key in (
        (district_fen, "区总工会", "district_match"),
        (town_fen, "街镇工会", "town_match"),
    ):
        if amount is not None and amount < city:
            ev.findings.append(
                error(
                    "R-POINT-1",
                    f"{who}配套 {format_yuan(amount)}，低于市总工会补助 "
                    f"{format_yuan(city)}（须不低于 1:1:1 配套）（R-POINT-1）",
                    key,
                )
            )
    ev.computed = {
        "city_fen": city,
        "match_min_fen": city,
        "total_fen": city
        + (district_fen if district_fen is not None else city)
        + (town_fen if town_fen is not None else city),
    }
    return ev


def _weeks_of_month(year: int, month: int) -> list[date]:
    """Mondays of the weeks belonging to the month (a week belongs where its Thursday is)."""
    first = date(year, month, 1)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while True:
        thursday = monday + timedelta(days=3)
        if (thursday.year, thursday.month) > (year, month):
            break
        if (thursday.year, thursday.month) == (year, month):
            weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def evaluate_point_month(
    activities: Iterable[Mapping[str, Any]],
    year: int,
    month: int,
    *,
    as_of: date | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-POINT-1 obligations for one month of a point's activity log.

    Activity keys: ``date`` (date), ``kind`` (service / visit / lecture), optional
    ``notice_date`` (date).  Obligations: a service half-day every week; at least one
    enterprise visit a month; a lecture every two months (pairs Jan–Feb, Mar–Apr, …,
    judged in the pair's second month, from the activities given); visits and lectures
    announced ≥ 7 days ahead.  Periods not over by ``as_of`` are not judged yet.
    Unmet obligations are warnings (they lead to a yellow card, see ``next_card``).
    Computed: ``service_half_days``, ``weeks``, ``weeks_without_service``, ``visits``,
    ``lectures``, ``obligations_met`` (bool).
    """
    p = merge_params(DEFAULT_PARAMS, params)
    acts = [a for a in activities if isinstance(a.get("date"), date)]
    last_day = date(year, month, calendar.monthrange(year, month)[1])
    in_month = [a for a in acts if (a["date"].year, a["date"].month) == (year, month)]
    pair_first = month - 1 if month % 2 == 0 else month
    in_pair = [
        a
        for a in acts
        if a["date"].year == year and pair_first <= a["date"].month <= pair_first + 1
    ]

    def count(items: list[Mapping[str, Any]], kind: str) -> int:
        return sum(1 for a in items if a.get("kind") == kind)

    weeks = _weeks_of_month(year, month)
    judged_weeks = [w for w in weeks if as_of is None or w + timedelta(days=6) < as_of]
    service_days = {a["date"] for a in acts if a.get("kind") == "service"}
    empty = [
        w for w in judged_weeks if not any(w + timedelta(days=i) in service_days for i in range(7))
    ]
    ev = Evaluation(
        computed={
            "service_half_days": count(in_month, "service"),
            "weeks": len(weeks),
            "weeks_without_service": len(empty),
            "visits": count(in_month, "visit"),
            "lectures": count(in_pair, "lecture"),
        }
    )
    f = ev.findings
    for w in empty:
        f.append(
            warning(
                "R-POINT-1",
                f"{w.isoformat()} 起的一周没有坐诊服务，每周至少安排 1 至 2 个半天（R-POINT-1）",
                "activities",
            )
        )
    month_over = as_of is None or last_day < as_of
    if month_over and ev.computed["visits"] < 1:
        f.append(
            warning(
                "R-POINT-1",
                f"{year} 年 {month} 月没有企业访视，每月至少提供 1 次半天访视（R-POINT-1）",
                "activities",
            )
        )
    if month_over and month % 2 == 0 and ev.computed["lectures"] < 1:
        f.append(
            warning(
                "R-POINT-1",
                f"{year} 年 {pair_first}–{month} 月没有健康讲座，每两个月至少开展 1 次讲座"
                f"（R-POINT-1）",
                "activities",
            )
        )
    min_notice = int(p["point_min_notice_days"])
    for a in in_month:
        notice = a.get("notice_date")
        if a.get("kind") in ("visit", "lecture") and isinstance(notice, date):
            lead = (a["date"] - notice).days
            if lead < min_notice:
                f.append(
                    warning(
                        "R-POINT-1",
                        f"{a['date'].isoformat()} 的{POINT_ACTIVITIES[a['kind']]}仅提前 {lead} 天"
                        f"公示，应提前 1 至 2 周公示（R-POINT-1）",
                        "activities",
                    )
                )
    ev.computed["obligations_met"] = not f
    return ev


def next_card(current: str, obligations_met: bool) -> str:
    """R-POINT-1 红黄牌: unmet → yellow (rectify); still unmet after a yellow → red
    (delisted); a rectified yellow returns to none; red is final."""
    if current not in CARDS:
        raise ValueError(f"unknown card {current!r}")
    if current == "red":
        return "red"
    if obligations_met:
        return "none"
    return "red" if current == "yellow" else "yellow"


# ---- R-LR-1 ----------------------------------------------------------------------------
LR_ENTERPRISE_KINDS: dict[str, str] = {
    "over_100": "百人以上企业",
    "express_logistics": "快递物流企业",
    "startup_small": "新创业期间的小微企业",
    "district_owned": "区属企业",
    "restructuring": "年内具有重大改革调整任务和需要修订劳动规章制度的企业",
    "dispute_risk": "上报过纠纷、预警和舆情或存在劳动关系矛盾隐患的企业",
    "harmony_standard": "已创和新创和谐劳动关系达标企业",
}
LR_RESULTS: dict[str, str] = {"pass": "达标", "basic": "基本达标", "fail": "不达标"}


def evaluate_visit(
    visit_date: date | None,
    result: str | None,
    *,
    enterprise_kind: str | None = None,
    staff_days: int | None = None,
    follow_up_date: date | None = None,
    today: date | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-LR-1: 基本达标 / 不达标 need a follow-up visit; staff subsidy 150/day.

    Computed: ``follow_up_required`` (bool|None), ``follow_up_due`` (date|None),
    ``staff_subsidy_fen``.  An overdue follow-up (``today`` past the due date) is a warning.
    """
    p = merge_params(DEFAULT_PARAMS, params)
    ev = Evaluation(
        computed={"follow_up_required": None, "follow_up_due": None, "staff_subsidy_fen": None}
    )
    f = ev.findings
    if enterprise_kind is not None and enterprise_kind not in LR_ENTERPRISE_KINDS:
        f.append(
            error(
                "R-LR-1",
                f"企业类型“{enterprise_kind}”不在七类服务对象之内（R-LR-1）",
                "enterprise_kind",
            )
        )
    if staff_days is not None:
        if staff_days < 0:
            f.append(error("R-LR-1", "入户指导人员天数不能为负数（R-LR-1）", "staff_days"))
        else:
            ev.computed["staff_subsidy_fen"] = staff_days * param_fen(p, "lr_staff_subsidy_per_day")
    if result is not None:
        if result not in LR_RESULTS:
            raise ValueError(f"unknown visit result {result!r}")
        required = result != "pass"
        ev.computed["follow_up_required"] = required
        if required and visit_date is not None:
            due = visit_date + timedelta(days=int(p["lr_follow_up_days"]))
            ev.computed["follow_up_due"] = due
            if follow_up_date is None and today is not None and today > due:
                f.append(
                    warning(
                        "R-LR-1",
                        f"评价为“{LR_RESULTS[result]}”的企业应在 {due.isoformat()} 前跟踪服务，"
                        f"已逾期（R-LR-1）",
                        "follow_up_date",
                    )
                )
    if follow_up_date is not None and visit_date is not None and follow_up_date < visit_date:
        f.append(error("R-LR-1", "跟踪服务日期早于走访日期（R-LR-1）", "follow_up_date"))
    return ev


def monthly_report(
    visits: Iterable[Mapping[str, Any]],
    year: int,
    month: int,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-LR-1 monthly report: visits by result and the staff subsidy for the month.

    Visit keys: ``visit_date`` (date), ``result``, ``staff_days`` (int).  Computed:
    ``visits``, ``by_result`` {result: n}, ``follow_ups_needed``, ``staff_days``,
    ``staff_subsidy_fen``."""
    p = merge_params(DEFAULT_PARAMS, params)
    rows = [
        v
        for v in visits
        if isinstance(v.get("visit_date"), date)
        and (v["visit_date"].year, v["visit_date"].month) == (year, month)
    ]
    by_result = {k: sum(1 for v in rows if v.get("result") == k) for k in LR_RESULTS}
    days = sum(int(v.get("staff_days") or 0) for v in rows)
    return Evaluation(
        computed={
            "visits": len(rows),
            "by_result": by_result,
            "follow_ups_needed": by_result["basic"] + by_result["fail"],
            "staff_days": days,
            "staff_subsidy_fen": days * param_fen(p, "lr_staff_subsidy_per_day"),
        }
    )


# ---- R-MW-1 ----------------------------------------------------------------------------
MW_UNIT_TYPES: dict[str, str] = {
    "state": "国有",
    "non_public": "非公（民营、外资等）",
    "school": "学校",
    "other": "其他",
}
MW_INDUSTRIES: tuple[str, ...] = (
    "机械与动力电气",
    "土木建筑",
    "交通运输",
    "金属材料",
    "计算机通讯仪电",
    "药物与生物医学工程",
    "化工",
    "工艺设计",
    "绿化餐饮",
    "综合",
    "其他",
)
MW_DEMAND_CATEGORIES: tuple[str, ...] = (
    "技术培训",
    "技术交流",
    "技术攻关",
    "技术协作",
    "公益讲座",
    "劳动教育",
    "其他",
)


def evaluate_demand(
    demand_category: str | None, *, industry: str | None = None, fee_fen: int | None = None
) -> Evaluation:
    """R-MW-1: a unit's demand; no fee may be charged to the unit.  Computed:
    ``batch_key`` ("需求类别/行业类别", how the district groups demands into batches)."""
    ev = Evaluation(computed={"batch_key": None})
    if demand_category is not None and demand_category not in MW_DEMAND_CATEGORIES:
        ev.findings.append(
            error("R-MW-1", f"需求类别“{demand_category}”无法识别（R-MW-1）", "demand_category")
        )
    if fee_fen:
        ev.findings.append(
            error(
                "R-MW-1",
                f"劳模工匠服务不得向服务单位收取任何费用，填写了 {format_yuan(fee_fen)}（R-MW-1）",
                "fee",
            )
        )
    if demand_category is not None:
        ev.computed["batch_key"] = f"{demand_category}/{industry or '其他'}"
    return ev


def group_demands(demands: Iterable[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """R-MW-1: group demands (keys ``id``, ``demand_category``, ``industry``) into service
    batches by category and industry ("分批、分次、分专业"); batch key → ids in input order."""
    batches: dict[str, list[Any]] = {}
    for d in demands:
        key = f"{d.get('demand_category') or '其他'}/{d.get('industry') or '其他'}"
        batches.setdefault(key, []).append(d.get("id"))
    return batches
