"""What each catalogue parameter means: Chinese label, rule id, kind, and the checks an edit
must pass (issue 13: the yearly catalogue is edited by the clerk, so every number is explained
and validated before it reaches the rules). Pure: no Qt, no SQL.

A parameter is known to a project when its category's rules read it (`CATEGORY_PARAMS`).
Nested values are edited by dotted keys: ``hc_plans.B.male`` (R-HC-1 prices) and
``sub_quotas.rest_yrd`` (a sub-quota's headcount).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

# kind: int (whole number ≥ 0), money (whole yuan ≥ 0), pct (0–100), date (YYYY-MM-DD),
# text, list (names separated by 、 or ,)


@dataclass(frozen=True)
class ParamInfo:
    key: str
    label: str
    rule: str
    kind: str


def _p(key: str, label: str, rule: str, kind: str) -> ParamInfo:
    return ParamInfo(key, label, rule, kind)


_ALL = [
    _p("short_name", "项目简称", "", "text"),
    # trips (R-TRIP-1 … 4) and recuperation (R-REST-1 … 3)
    _p("activity_start", "活动开始日期", "R-TRIP-4", "date"),
    _p("activity_end", "活动结束日期", "R-TRIP-4", "date"),
    _p("subsidy_use_by", "补贴使用截止日期", "R-TRIP-4", "date"),
    _p("trip_2d1n_max_per_person", "看上海两天一夜每人费用上限（元）", "R-TRIP-1", "money"),
    _p("trip_2d1n_meal_max_pct", "看上海两天一夜餐费占比上限（%）", "R-TRIP-1", "pct"),
    _p("trip_2d1n_subsidy_per_person", "看上海两天一夜区总补贴（元/人）", "R-TRIP-1", "money"),
    _p("trip_2d1n_subsidy_min_per_person", "看上海两天一夜享受补贴的最低人均花费（元）", "R-TRIP-1", "money"),
    _p("trip_2d1n_max_days", "看上海两天一夜天数", "R-TRIP-1", "int"),
    _p("trip_1d_max_per_person", "看上海一日游每人费用上限（元）", "R-TRIP-2", "money"),
    _p("trip_1d_meal_max_pct", "看上海一日游餐费占比上限（%）", "R-TRIP-2", "pct"),
    _p("trip_1d_subsidy_per_person", "看上海一日游区总补贴（元/人）", "R-TRIP-2", "money"),
    _p("trip_1d_subsidy_min_per_person", "看上海一日游享受补贴的最低人均花费（元）", "R-TRIP-2", "money"),
    _p("trip_1d_max_days", "看上海一日游天数", "R-TRIP-2", "int"),
    _p("pin_max_per_person_year", "品上海每人每年上限（元）", "R-TRIP-3", "money"),
    _p("rest_yrd_max_days", "长三角区域疗休养最多天数", "R-REST-1", "int"),
    _p("rest_yrd_max_nights", "长三角区域疗休养最多晚数", "R-REST-1", "int"),
    _p("rest_yrd_max_per_person", "长三角区域疗休养每人费用上限（元）", "R-REST-1", "money"),
    _p("rest_yrd_city_subsidy", "长三角区域疗休养市总补贴（元/人）", "R-REST-1", "money"),
    _p("rest_yrd_district_subsidy", "长三角区域疗休养区总补贴（元/人）", "R-REST-1", "money"),
    _p("rest_partner_max_days", "对口合作区域疗休养最多天数", "R-REST-2", "int"),
    _p("rest_partner_max_nights", "对口合作区域疗休养最多晚数", "R-REST-2", "int"),
    _p("rest_partner_city_subsidy", "对口合作区域疗休养市总补贴（元/人）", "R-REST-2", "money"),
    _p("rest_partner_district_subsidy", "对口合作区域疗休养区总补贴（元/人）", "R-REST-2", "money"),
    _p("rest_city_city_subsidy_min", "市总直管院所市总补贴下限（元/人）", "R-REST-3", "money"),
    _p("rest_city_city_subsidy_max", "市总直管院所市总补贴上限（元/人）", "R-REST-3", "money"),
    _p("rest_city_district_subsidy_min", "市总直管院所区总补贴下限（元/人）", "R-REST-3", "money"),
    _p("rest_city_district_subsidy_max", "市总直管院所区总补贴上限（元/人）", "R-REST-3", "money"),
    # insurance (R-INS-1 … 8)
    _p("ins_max_age", "参保年龄上限（起保时未满，周岁）", "R-INS-1", "int"),
    _p("ins_industries", "可参保的行业", "R-INS-1", "list"),
    _p("ins_fee_c", "C 类保障费用（元）", "R-INS-2", "money"),
    _p("ins_fee_d", "D 类一次性会费（元）", "R-INS-2", "money"),
    _p("ins_fee_e_full", "E 类保障费用，超过半年（元）", "R-INS-2", "money"),
    _p("ins_fee_e_half", "E 类保障费用，半年及以下（元）", "R-INS-2", "money"),
    _p("ins_half_year_months", "半年期的月数", "R-INS-4", "int"),
    _p("ins_concentrated_from", "集中参保开始日期", "R-INS-3", "date"),
    _p("ins_concentrated_until", "集中参保名单报送截止日期", "R-INS-8", "date"),
    _p("ins_instant_from", "即时参保开始日期", "R-INS-3", "date"),
    _p("ins_instant_until", "即时参保截止日期", "R-INS-3", "date"),
    _p("ins_fee_working_days", "名单报送后划款期限（工作日）", "R-INS-8", "int"),
    _p("ins_transition_start", "过渡期转 E 类半年期起保日期", "R-INS-8", "date"),
    # health checks (R-HC-1 … 5)
    _p("hc_plans.A.male", "体检计划 A 男性价格（元）", "R-HC-1", "money"),
    _p("hc_plans.A.female", "体检计划 A 女性价格（元）", "R-HC-1", "money"),
    _p("hc_plans.A.subsidy", "体检计划 A 区总补贴（元/人）", "R-HC-1", "money"),
    _p("hc_plans.B.male", "体检计划 B 男性价格（元）", "R-HC-1", "money"),
    _p("hc_plans.B.female", "体检计划 B 女性价格（元）", "R-HC-1", "money"),
    _p("hc_plans.B.subsidy", "体检计划 B 区总补贴（元/人）", "R-HC-1", "money"),
    _p("hc_plans.C.male", "体检计划 C 男性价格（元）", "R-HC-1", "money"),
    _p("hc_plans.C.female", "体检计划 C 女性价格（元）", "R-HC-1", "money"),
    _p("hc_plans.C.subsidy", "体检计划 C 区总补贴（元/人）", "R-HC-1", "money"),
    _p("hc_batch_min", "每批体检人数下限", "R-HC-2", "int"),
    _p("hc_batch_max", "每批体检人数上限", "R-HC-2", "int"),
    _p("hc_send_price", "送健康每人费用（元，区总全额承担）", "R-HC-4", "money"),
    _p("hc_send_start", "送健康开始日期", "R-HC-4", "date"),
    _p("hc_send_end", "送健康截止日期", "R-HC-4", "date"),
    _p("hc_new_emp_base", "新就业形态体检补贴起点（元）", "R-HC-5", "money"),
    _p("hc_new_emp_target", "新就业形态体检补足至（元）", "R-HC-5", "money"),
    # Jiangsu (R-HC-6)
    _p("js_province_subsidy", "省总补贴（元/人）", "R-HC-6", "money"),
    _p("js_local_min", "地方配套下限（元/人）", "R-HC-6", "money"),
    _p("js_long_standing_groups", "需加做下肢静脉彩超的群体", "R-HC-6", "list"),
    # care (R-WISH-1, R-ILL-1, R-GIFT-1)
    _p("wish_max", "微心愿金额上限（元）", "R-WISH-1", "money"),
    _p("wish_district_batch_from", "区总集中点亮开始日期", "R-WISH-1", "date"),
    _p("ill_amount", "大病慰问金额（元）", "R-ILL-1", "money"),
    _p("item", "发放物品名称", "R-GIFT-1", "text"),
    # services (R-POINT-1, R-LR-1)
    _p("point_city_new", "新建服务点市总补贴（元）", "R-POINT-1", "money"),
    _p("point_city_upgrade", "升级服务点市总补贴（元）", "R-POINT-1", "money"),
    _p("point_min_notice_days", "服务预告至少提前天数", "R-POINT-1", "int"),
    _p("lr_staff_subsidy_per_day", "入户指导人员补贴（元/天）", "R-LR-1", "money"),
    _p("lr_follow_up_days", "跟进走访期限（天）", "R-LR-1", "int"),
]

PARAMS: dict[str, ParamInfo] = {p.key: p for p in _ALL}

_TRIP = [k for k in PARAMS if k.startswith(("activity_", "subsidy_use_by", "trip_", "pin_", "rest_"))]
CATEGORY_PARAMS: dict[str, list[str]] = {
    "trip": _TRIP,
    "insurance": [k for k in PARAMS if k.startswith("ins_")],
    "health_check": [k for k in PARAMS if k.startswith("hc_")],
    "jiangsu_health_check": [k for k in PARAMS if k.startswith("js_")],
    "wish": ["wish_max", "wish_district_batch_from"],
    "illness": ["ill_amount"],
    "gift": ["item"],
    "service_point": [k for k in PARAMS if k.startswith("point_")],
    "labour_relations": [k for k in PARAMS if k.startswith("lr_")],
    "model_worker": [],
}

# Pairs that must stay in order: (low, high) — R-REST-3 ranges, batch sizes, windows.
RANGES: list[tuple[str, str]] = [
    ("rest_city_city_subsidy_min", "rest_city_city_subsidy_max"),
    ("rest_city_district_subsidy_min", "rest_city_district_subsidy_max"),
    ("hc_batch_min", "hc_batch_max"),
    ("activity_start", "activity_end"),
    ("ins_concentrated_from", "ins_concentrated_until"),
    ("ins_instant_from", "ins_instant_until"),
    ("hc_send_start", "hc_send_end"),
    ("hc_new_emp_base", "hc_new_emp_target"),
    ("rest_yrd_max_nights", "rest_yrd_max_days"),
    ("rest_partner_max_nights", "rest_partner_max_days"),
]


class ParamError(ValueError):
    """A refused edit; ``str()`` is the Chinese sentence naming the field."""


def known_keys(category: str, params: dict[str, Any]) -> list[str]:
    """Keys a project of this category may carry: its rules' keys, the short name and each
    sub-quota it has (``sub_quotas.<key>``)."""
    keys = ["short_name", *CATEGORY_PARAMS.get(category, [])]
    for sq in params.get("sub_quotas") or []:
        if isinstance(sq, dict) and sq.get("key"):
            keys.append(f"sub_quotas.{sq['key']}")
    return keys


def info(key: str, params: dict[str, Any] | None = None) -> ParamInfo:
    if key.startswith("sub_quotas."):
        sub = key.split(".", 1)[1]
        name = next((sq.get("name") for sq in (params or {}).get("sub_quotas") or []
                     if isinstance(sq, dict) and sq.get("key") == sub), sub)
        return ParamInfo(key, f"分项名额：{name}", "R-QUOTA-1", "int")
    return PARAMS[key]


def get_value(params: dict[str, Any], key: str) -> Any:
    if key.startswith("sub_quotas."):
        sub = key.split(".", 1)[1]
        return next((sq.get("quota") for sq in params.get("sub_quotas") or []
                     if isinstance(sq, dict) and sq.get("key") == sub), None)
    value: Any = params
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def set_value(params: dict[str, Any], key: str, value: Any) -> None:
    if key.startswith("sub_quotas."):
        sub = key.split(".", 1)[1]
        for sq in params.get("sub_quotas") or []:
            if isinstance(sq, dict) and sq.get("key") == sub:
                sq["quota"] = value
        return
    parts = key.split(".")
    target = params
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def parse_value(key: str, raw: Any, params: dict[str, Any] | None = None) -> Any:
    """Text typed by the clerk → the stored value, or ParamError naming the field."""
    meta = info(key, params)
    name = f"“{meta.label}”（{key}，{meta.rule}）" if meta.rule else f"“{meta.label}”（{key}）"
    text = raw.strip() if isinstance(raw, str) else raw
    if meta.kind in ("int", "money", "pct"):
        if isinstance(text, bool):
            text = None
        try:
            number = int(text) if isinstance(text, int) else int(str(text).replace(",", "").replace("，", ""))
        except (TypeError, ValueError):
            what = "整数金额（元）" if meta.kind == "money" else "整数"
            raise ParamError(f"{name}须为{what}，收到“{raw}”。") from None
        if number < 0:
            raise ParamError(f"{name}不能为负数，收到 {number}。")
        if meta.kind == "pct" and number > 100:
            raise ParamError(f"{name}须在 0–100 之间，收到 {number}。")
        return number
    if meta.kind == "date":
        try:
            return dt.date.fromisoformat(str(text)).isoformat()
        except ValueError:
            raise ParamError(f"{name}须为日期（如 2024-05-01），收到“{raw}”。") from None
    if meta.kind == "list":
        if isinstance(text, list):
            items = [str(x).strip() for x in text]
        else:
            items = [x.strip() for x in str(text).replace("，", ",").replace("、", ",").split(",")]
        items = [x for x in items if x]
        if not items:
            raise ParamError(f"{name}不能为空。")
        return items
    value = str(text or "").strip()
    if not value:
        raise ParamError(f"{name}不能为空。")
    return value


def check_ranges(params: dict[str, Any]) -> None:
    """Low ≤ high for every range pair present (R-REST-3 and the windows)."""
    for low, high in RANGES:
        a, b = get_value(params, low), get_value(params, high)
        if a is None or b is None:
            continue
        if a > b:
            raise ParamError(
                f"“{PARAMS[low].label}”（{low}）{a} 大于“{PARAMS[high].label}”（{high}）{b}："
                f"下限不能高于上限（{PARAMS[low].rule}）。"
            )


def describe(category: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every known parameter of a project with its value, meaning and rule (for show/edit)."""
    out = []
    for key in known_keys(category, params):
        meta = info(key, params)
        out.append({"key": key, "value": get_value(params, key), "label": meta.label,
                    "rule": meta.rule or None, "kind": meta.kind})
    return out
