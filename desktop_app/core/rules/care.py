"""Care projects: micro-wishes (R-WISH-1), major-illness condolence (R-ILL-1),
gift packs and couplets (R-GIFT-1).  Attachments 2-4, 2-5, 2-9, 2-10.

Parameters (see DEFAULT_PARAMS): ``year``, ``wish_max`` (yuan), ``wish_district_batch_from``
("YYYY-MM-DD", when the district's year-end batch may start), ``ill_amount`` (yuan).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, Finding, error, warning
from desktop_app.core.money import format_yuan
from desktop_app.core.rules.common import merge_params, param_date, param_fen

DEFAULT_PARAMS: dict[str, Any] = {
    "year": 2023,
    "wish_max": 500,  # R-WISH-1 "原则上不超过 500 元/个"
    # "年内未能成功点亮的…由区总工会集中审核，批量点亮": the batch is a year-end task; before
    # this date moving a wish to lit_by_district is only warned about, never blocked.
    "wish_district_batch_from": "2023-12-01",
    "ill_amount": 3000,  # R-ILL-1
}

# ---- R-WISH-1: the micro-wish state machine -------------------------------------------
WISH_STATES: dict[str, str] = {
    "collected": "已征集",
    "reviewed": "已审核",
    "fulfilled_local": "已在本区域点亮",
    "published": "已发布至市总实物募集平台",
    "fulfilled_city": "已通过市总平台点亮",
    "lit_by_district": "区总工会集中点亮",
}
WISH_TRANSITIONS: dict[str, frozenset[str]] = {
    "collected": frozenset({"reviewed", "lit_by_district"}),
    "reviewed": frozenset({"fulfilled_local", "published", "lit_by_district"}),
    "published": frozenset({"fulfilled_city", "lit_by_district"}),
    "fulfilled_local": frozenset(),
    "fulfilled_city": frozenset(),
    "lit_by_district": frozenset(),
}
WISH_FINAL_STATES: frozenset[str] = frozenset(
    {"fulfilled_local", "fulfilled_city", "lit_by_district"}
)
WISH_PRIORITY_GROUPS: tuple[str, ...] = (
    "工会建档困难职工",
    "外来建设者（农民工）",
    "新就业形态劳动者",
)


def check_wish_amount(
    amount_fen: int | None, params: Mapping[str, Any] | None = None
) -> list[Finding]:
    """R-WISH-1: a wish is worth at most 500 yuan (500 passes, 501 does not)."""
    p = merge_params(DEFAULT_PARAMS, params)
    limit = param_fen(p, "wish_max")
    if amount_fen is None:
        return []
    if amount_fen <= 0:
        return [error("R-WISH-1", "微心愿价值应大于 0（R-WISH-1）", "amount")]
    if amount_fen > limit:
        return [
            error(
                "R-WISH-1",
                f"微心愿价值 {format_yuan(amount_fen)}，超过每个 {format_yuan(limit)}"
                f"的标准（R-WISH-1）",
                "amount",
            )
        ]
    return []


def can_transition(current: str, target: str) -> bool:
    return target in WISH_TRANSITIONS.get(current, frozenset())


def transition_wish(
    current: str, target: str, *, on: date | None = None, params: Mapping[str, Any] | None = None
) -> Evaluation:
    """R-WISH-1: collected → reviewed → fulfilled_local | published → fulfilled_city; any
    unfulfilled wish may be lit by the district in the year-end batch.

    An illegal move is an error; a district batch before ``wish_district_batch_from`` is
    a warning.  Computed: ``state`` (the new state when allowed, else the current one).
    """
    p = merge_params(DEFAULT_PARAMS, params)
    ev = Evaluation(computed={"state": current})
    for s in (current, target):
        if s not in WISH_STATES:
            raise ValueError(f"unknown wish state {s!r}")
    if not can_transition(current, target):
        allowed = (
            "、".join(WISH_STATES[t] for t in sorted(WISH_TRANSITIONS[current])) or "无（已点亮）"
        )
        ev.findings.append(
            error(
                "R-WISH-1",
                f"微心愿不能从“{WISH_STATES[current]}”变为“{WISH_STATES[target]}”，"
                f"可变为：{allowed}（R-WISH-1）",
                "state",
            )
        )
        return ev
    batch_from = param_date(p, "wish_district_batch_from")
    if target == "lit_by_district" and on is not None and on < batch_from:
        ev.findings.append(
            warning(
                "R-WISH-1",
                f"区总工会集中点亮用于年内未能点亮的微心愿，一般在 "
                f"{batch_from.isoformat()} 以后进行（R-WISH-1）",
                "state",
            )
        )
    ev.computed["state"] = target
    return ev


def year_end_batch(states: Mapping[str, str]) -> list[str]:
    """R-WISH-1: ids of wishes not yet lit (candidates for the district's batch), sorted."""
    return sorted(k for k, s in states.items() if s not in WISH_FINAL_STATES)


# ---- R-ILL-1: major-illness condolence --------------------------------------------------
ILLNESSES: dict[str, str] = {
    "malignant_tumour": "恶性肿瘤",
    "end_stage_renal": "终末期肾病（慢性肾功能衰竭尿毒症期）",
    "benign_brain_tumour": "良性脑肿瘤",
    "transplant": "重大器官移植或造血干细胞移植术",
}
ILL_MATERIALS: dict[str, str] = {
    "pre_op_report": "术前报告（复印件）",
    "pathology_report": "病理报告（复印件）",
    "discharge_summary": "出院小结（出院记录）（复印件）",
    "hospital_invoice": "住院发票（复印件）",
    "id_and_member_card": "身份证、工会会员服务卡正反面（复印件）",
    "protection_form": "上海工会会员专享基本保障给付申请审批表",
}


def illness_apply_by(diagnosed_on: date) -> date:
    """R-ILL-1: diagnosed Jan–Jun → Dec 31 that year; Jul–Dec → Jun 30 next year."""
    if diagnosed_on.month <= 6:
        return date(diagnosed_on.year, 12, 31)
    return date(diagnosed_on.year + 1, 6, 30)


def evaluate_illness(
    diagnosed_on: date | None,
    *,
    illness: str | None = None,
    has_member_card: bool | None = None,
    has_basic_protection: bool | None = None,
    applied_on: date | None = None,
    materials: Iterable[str] | None = None,
    params: Mapping[str, Any] | None = None,
) -> Evaluation:
    """R-ILL-1: eligibility, apply-by date, 3,000 yuan, materials checklist.

    Errors: not a member-card holder with the basic protection, illness not in ILLNESSES,
    first diagnosis outside the project year, application after the apply-by date.
    Missing materials are a warning listing them.  Computed: ``amount_fen``,
    ``apply_by`` (date), ``missing_materials`` (labels).
    """
    p = merge_params(DEFAULT_PARAMS, params)
    year = int(p["year"])
    ev = Evaluation(
        computed={
            "amount_fen": param_fen(p, "ill_amount"),
            "apply_by": None,
            "missing_materials": [],
        }
    )
    f = ev.findings
    if has_member_card is False:
        f.append(error("R-ILL-1", "慰问对象须持青浦工会会员服务卡（R-ILL-1）", "has_member_card"))
    if has_basic_protection is False:
        f.append(
            error(
                "R-ILL-1", "慰问对象须享有工会会员专享基本保障（R-ILL-1）", "has_basic_protection"
            )
        )
    if illness is not None and illness not in ILLNESSES:
        f.append(
            error(
                "R-ILL-1",
                "所患疾病不属于慰问范围（" + "、".join(ILLNESSES.values()) + "）（R-ILL-1）",
                "illness",
            )
        )
    if diagnosed_on is not None:
        apply_by = illness_apply_by(diagnosed_on)
        ev.computed["apply_by"] = apply_by
        if diagnosed_on.year != year:
            f.append(
                error(
                    "R-ILL-1",
                    f"首次确诊日期 {diagnosed_on.isoformat()} 不在 {year} 年 1 月 1 日至 "
                    f"12 月 31 日之间（R-ILL-1）",
                    "diagnosis_date",
                )
            )
        if applied_on is not None and applied_on > apply_by:
            f.append(
                error(
                    "R-ILL-1",
                    f"{diagnosed_on.isoformat()} 确诊，须在 {apply_by.isoformat()} 前递交申请，"
                    f"{applied_on.isoformat()} 已逾期（R-ILL-1）",
                    "apply_date",
                )
            )
    if materials is not None:
        have = set(materials)
        missing = [label for key, label in ILL_MATERIALS.items() if key not in have]
        ev.computed["missing_materials"] = missing
        if missing:
            f.append(
                warning(
                    "R-ILL-1", "申请材料尚缺：" + "、".join(missing) + "（R-ILL-1）", "materials"
                )
            )
    return ev


# ---- R-GIFT-1: gift packs and couplets --------------------------------------------------
GIFT_KINDS: dict[str, str] = {"new_year_meal": "年夜饭礼包", "couplets": "春联"}
CHANNELS: dict[str, str] = {"offline": "线下发放", "online": "线上抢春联"}
DELIVERIES: dict[str, str] = {"handover": "由工会发放", "courier": "快递派送"}


def evaluate_distribution(
    rows: Iterable[Mapping[str, Any]], *, kind: str, quota: int | None = None
) -> Evaluation:
    """R-GIFT-1: distribution list per receiving unit with counts.

    Row keys: ``unit`` (str), ``count`` (int), optional ``channel`` (online/offline),
    ``delivery`` (courier/handover).  Online couplet claims must be delivered by courier.
    Computed: ``total_count``, ``unit_count``, ``by_unit`` {unit: count}.
    """
    if kind not in GIFT_KINDS:
        raise ValueError(f"unknown gift kind {kind!r}")
    name = GIFT_KINDS[kind]
    ev = Evaluation()
    f = ev.findings
    by_unit: dict[str, int] = {}
    for i, row in enumerate(rows, start=1):
        unit = str(row.get("unit") or "").strip()
        count = row.get("count")
        if not unit:
            f.append(error("R-GIFT-1", f"第 {i} 行未填写接收单位（R-GIFT-1）", "unit"))
        if not isinstance(count, int) or isinstance(count, bool) or count <= 0:
            f.append(error("R-GIFT-1", f"第 {i} 行{name}数量应为正整数（R-GIFT-1）", "count"))
            count = 0
        if unit in by_unit:
            f.append(
                warning(
                    "R-GIFT-1", f"第 {i} 行接收单位“{unit}”重复出现，已合并计数（R-GIFT-1）", "unit"
                )
            )
        if unit:
            by_unit[unit] = by_unit.get(unit, 0) + count
        if (
            kind == "couplets"
            and row.get("channel") == "online"
            and row.get("delivery") not in (None, "courier")
        ):
            f.append(
                error("R-GIFT-1", f"第 {i} 行为线上抢春联，应统一快递派送（R-GIFT-1）", "delivery")
            )
    total = sum(by_unit.values())
    ev.computed = {"total_count": total, "unit_count": len(by_unit), "by_unit": by_unit}
    if quota is not None and total > quota:
        f.append(
            warning(
                "R-GIFT-1", f"{name}发放合计 {total} 份，超过计划数 {quota} 份（R-GIFT-1）", "count"
            )
        )
    return ev
