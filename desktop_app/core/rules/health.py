"""Health checks (attachment 2-3 and the Jiangsu 2021 notice): R-HC-1 … R-HC-7.

Parameters (see DEFAULT_PARAMS): ``hc_plans`` {plan: {"male", "female", "subsidy"}} in
yuan, ``hc_batch_min`` / ``hc_batch_max``, ``hc_send_price``, ``hc_send_start`` /
``hc_send_end``, ``hc_new_emp_base`` / ``hc_new_emp_target``.  The Jiangsu eight-group
checks (R-HC-6) live in ``jiangsu.py`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error, warning
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import merge_params, param_date, param_fen
from desktop_app.core.rules.jiangsu import (  # noqa: F401  (re-exported)
    EXTRA_KNEE_XRAY,
    EXTRA_LEG_VEINS,
    EXTRA_TWO_CANCERS,
    EXTRA_URINARY,
    JIANGSU_GROUPS,
    KNEE_GROUPS,
    URINARY_GROUPS,
    evaluate_jiangsu,
    jiangsu_extras,
)

DEFAULT_PARAMS: dict[str, Any] = {
    "year": 2023,
    # R-HC-1, attachment 2-3-1: price male / female, district subsidy (enterprise pays the rest)
    "hc_plans": {
        "A": {"male": 434, "female": 457, "subsidy": 120},
        "B": {"male": 503, "female": 526, "subsidy": 150},
        "C": {"male": 603, "female": 626, "subsidy": 180},
    },
    "hc_batch_min": 30,  # R-HC-2 "每批 30-120 名左右"
    "hc_batch_max": 120,
    "hc_send_price": 300,  # R-HC-4 送健康, paid in full by the district
    "hc_send_start": "2023-05-01",
    "hc_send_end": "2023-12-10",
    "hc_new_emp_base": 180,  # R-HC-5: the district tops 180 up to 300
    "hc_new_emp_target": 300,
}

PLANS: tuple[str, ...] = ("A", "B", "C")

# R-HC-2: the five check centres of §2-3 四 (name, address).
CHECK_CENTRES: tuple[tuple[str, str], ...] = (
    ("复旦大学附属中山医院青浦分院体检中心", "青浦区公园东路 1158 号"),
    ("上海淀山湖门诊部健康体检中心", "青浦区外青松公路 7188 号"),
    ("上海华医淀山湖疗养院", "青浦区金泽镇金商公路 2121 号"),
    ("上海瑞慈瑞青门诊部有限公司", "青浦区公园东路 1289 弄 26 号 3-6 层"),
    ("上海美馨健康体检中心有限公司", "青浦区公园路 435 号"),
)

# R-HC-4: 困难企业 must meet all three conditions, 环卫 workers one of two (§2-3 二).
SEND_CATEGORIES: dict[str, str] = {"hardship": "困难企业", "sanitation": "环卫企业"}
HARDSHIP_CONDITIONS: dict[str, str] = {
    "union_active": "有工会组织，依法履行维权职责，维权到位、工作活跃、作用明显",
    "covid_difficulty": "受疫情影响生产经营出现周期性困难，但积极自救且恢复有望",
    "profit_decline": "同期相比利润下滑，流动资金不足且融资困难，工资支付压力大",
}
SANITATION_CONDITIONS: dict[str, str] = {
    "contributed": "为抗击疫情和服务进博会作出贡献的环卫企业职工（政府计划安排的除外）",
    "never_checked": "历年不安排体检的环卫企业职工",
}

# R-HC-5: the four new-employment-form groups.
NEW_EMPLOYMENT_GROUPS: tuple[str, ...] = ("快递员", "外卖配送员", "网约车司机", "货车司机")


def _plan(p: Mapping[str, Any], plan: str) -> dict[str, int]:
    plans = p["hc_plans"]
    if plan not in plans:
        raise ValueError(f"unknown health-check plan {plan!r}")
    return {k: int(v) * 100 for k, v in plans[plan].items()}


def check_batch_size(
    headcount: int | None, params: Mapping[str, Any] | None = None
) -> list[Finding]:
    """R-HC-2: a batch of about 30–120 people; outside the range is a warning."""
    p = merge_params(DEFAULT_PARAMS, params)
    low, high = int(p["hc_batch_min"]), int(p["hc_batch_max"])
    if headcount is None or low <= headcount <= high:
        return []
    return [
        warning(
            "R-HC-2",
            f"体检人数 {headcount} 人，不在每批 {low}–{high} 人的范围内，"
            f"请与体检中心确认批次安排（R-HC-2）",
            "headcount",
        )
    ]


def check_roster_headcount(stated: int | None, roster_count: int | None) -> list[Finding]:
    """R-HC-3: the application's headcount must equal the roster's row count.

    ``roster_count`` None means no roster yet: a warning, the application is not stamped
    without it.
    """
    if roster_count is None:
        return [
            warning(
                "R-HC-3", "尚未附体检名册（2-3-6），未附名册的申请表不予盖章（R-HC-3）", "headcount"
            )
        ]
    if stated is not None and stated != roster_count:
        return [
            error(
                "R-HC-3",
                f"申请表体检人数 {stated} 人，与名册人数 {roster_count} 人不一致（R-HC-3）",
                "headcount",
            )
        ]
    return []


def evaluate_enterprise_check(
    plan: str,
    male_count: int | None,
    female_count: int | None,
    *,
    headcount: int | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-HC-1 prices for plan A/B/C, R-HC-2 batch size.

    Computed (fen): ``price_male_fen``, ``price_female_fen``, ``subsidy_per_person_fen``,
    ``enterprise_male_fen``, ``enterprise_female_fen``; totals ``price_total_fen``,
    ``subsidy_total_fen``, ``enterprise_total_fen`` (None when the split by gender is
    unknown; the subsidy total then uses ``headcount``).  Plan B, 40 men + 25 women →
    33,270 / 9,750 / 23,520 yuan.  Male + female different from ``headcount`` is an error.
    """
    p = merge_params(DEFAULT_PARAMS, params)
    prices = _plan(p, plan)
    sub = prices["subsidy"]
    ev = Evaluation(
        computed={
            "plan": plan,
            "price_male_fen": prices["male"],
            "price_female_fen": prices["female"],
            "subsidy_per_person_fen": sub,
            "enterprise_male_fen": prices["male"] - sub,
            "enterprise_female_fen": prices["female"] - sub,
            "male_count": male_count,
            "female_count": female_count,
            "price_total_fen": None,
            "subsidy_total_fen": None,
            "enterprise_total_fen": None,
        }
    )
    counted = None
    if male_count is not None and female_count is not None:
        counted = male_count + female_count
        price = male_count * prices["male"] + female_count * prices["female"]
        ev.computed.update(
            price_total_fen=price,
            subsidy_total_fen=counted * sub,
            enterprise_total_fen=price - counted * sub,
        )
        if headcount is not None and counted != headcount:
            ev.findings.append(
                error(
                    "R-HC-1",
                    f"男 {male_count} 人 + 女 {female_count} 人 = {counted} 人，与体检人数 "
                    f"{headcount} 人不一致（R-HC-1）",
                    "headcount",
                )
            )
    elif headcount is not None:
        ev.computed["subsidy_total_fen"] = headcount * sub
    ev.computed["headcount"] = headcount if headcount is not None else counted
    ev.findings.extend(check_batch_size(ev.computed["headcount"], p))
    return ev


def evaluate_send_health(
    headcount: int | None,
    *,
    category: str | None = None,
    conditions: list[str] | None = None,
    check_date: date | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-HC-4 送健康: 300/person paid in full by the district, checks May – Dec 10.

    ``category`` "hardship" needs all three HARDSHIP_CONDITIONS, "sanitation" at least one
    of SANITATION_CONDITIONS (checked only when ``conditions`` is given).
    Computed: ``price_per_person_fen``, ``district_total_fen``, ``enterprise_total_fen`` (0).
    """
    p = merge_params(DEFAULT_PARAMS, params)
    price = param_fen(p, "hc_send_price")
    ev = Evaluation(
        computed={
            "price_per_person_fen": price,
            "district_total_fen": price * headcount if headcount is not None else None,
            "enterprise_total_fen": 0,
        }
    )
    first, last = param_date(p, "hc_send_start"), param_date(p, "hc_send_end")
    if check_date is not None and not first <= check_date <= last:
        ev.findings.append(
            error(
                "R-HC-4",
                f"送健康体检日期 {check_date.isoformat()} 不在 {first.isoformat()} 至 "
                f"{last.isoformat()} 之间（R-HC-4）",
                "check_date",
            )
        )
    if category is not None and conditions is not None:
        chosen = set(conditions)
        if category == "hardship":
            missing = [text for key, text in HARDSHIP_CONDITIONS.items() if key not in chosen]
            if missing:
                ev.findings.append(
                    error(
                        "R-HC-4",
                        "困难企业须同时符合三个条件，尚不符合："
                        + "；".join(missing)
                        + "（R-HC-4）",
                        "conditions",
                    )
                )
        elif category == "sanitation" and not chosen & SANITATION_CONDITIONS.keys():
            ev.findings.append(
                error(
                    "R-HC-4",
                    "环卫企业职工须符合两个条件之一："
                    + "；或".join(SANITATION_CONDITIONS.values())
                    + "（R-HC-4）",
                    "conditions",
                )
            )
    return ev


def new_employment_subsidy_fen(price_fen: int, params: Mapping[str, Any] | None = None) -> int:
    """R-HC-5: clamp(price − 180, 0, 120): 300 → 120, 260 → 80, 420 → 120, 150 → 0."""
    p = merge_params(DEFAULT_PARAMS, params)
    base, target = param_fen(p, "hc_new_emp_base"), param_fen(p, "hc_new_emp_target")
    return max(0, min(price_fen - base, target - base))


def evaluate_new_employment(
    total_count: int | None,
    male_count: int | None,
    female_count: int | None,
    applied_count: int | None,
    price_per_person_fen: int | None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-HC-5 (form 2-3-4): counts must add up, applied ≤ total, subsidy per person.

    Computed: ``subsidy_per_person_fen``, ``subsidy_total_fen`` (× applied_count),
    ``self_pay_per_person_fen`` (the part not subsidised).
    """
    p = merge_params(DEFAULT_PARAMS, params)
    ev = Evaluation(
        computed={
            "subsidy_per_person_fen": None,
            "subsidy_total_fen": None,
            "self_pay_per_person_fen": None,
        }
    )
    f = ev.findings
    if (
        total_count is not None and male_count is not None and female_count is not None
        and male_count + female_count != total_count
    ):
        f.append(
            error(
                "R-HC-5",
                f"男 {male_count} 人 + 女 {female_count} 人 = {male_count + female_count} 人，"
                f"与总人数 {total_count} 人不一致（R-HC-5）",
                "total_count",
            )
        )
    if applied_count is not None and total_count is not None and applied_count > total_count:
        f.append(
            error(
                "R-HC-5",
                f"申请补贴人数 {applied_count} 人，超过体检职工总人数 {total_count} 人（R-HC-5）",
                "applied_count",
            )
        )
    if price_per_person_fen is not None:
        sub = new_employment_subsidy_fen(price_per_person_fen, p)
        ev.computed.update(
            subsidy_per_person_fen=sub, self_pay_per_person_fen=price_per_person_fen - sub
        )
        if applied_count is not None:
            ev.computed["subsidy_total_fen"] = sub * applied_count
        base = param_fen(p, "hc_new_emp_base")
        if sub == 0:
            f.append(
                warning(
                    "R-HC-5",
                    f"体检价格 {format_yuan(price_per_person_fen)}/人，不高于 "
                    f"{format_yuan(base)}，区总工会不予补贴（R-HC-5）",
                    "price_per_person",
                )
            )
    return ev


def settle_by_headcount(
    actual_count: int,
    per_person_fen: int,
    *,
    applied_count: int | None = None,
) -> Evaluation:
    """R-HC-7: the district pays a check centre by actual headcount at year end.

    Computed: ``settlement_fen`` = actual × per person; ``unused`` places.  More people
    checked than approved is a warning (the excess needs approval before payment).
    """
    ev = Evaluation(
        computed={
            "actual_count": actual_count,
            "settlement_fen": actual_count * per_person_fen,
            "unused": max(0, applied_count - actual_count) if applied_count is not None else None,
        }
    )
    if actual_count < 0:
        ev.findings.append(error("R-HC-7", "实际体检人数不能为负数（R-HC-7）", "actual_count"))
    if applied_count is not None and actual_count > applied_count:
        ev.findings.append(
            warning(
                "R-HC-7",
                f"实际体检 {actual_count} 人，超过审批人数 {applied_count} 人，"
                f"超出部分须经审批后方可结算（R-HC-7）",
                "actual_count",
            )
        )
    return ev
