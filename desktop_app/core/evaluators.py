"""Evaluators: adapt a form's stored values to the rule functions (DESIGN §2).

``EVALUATORS[name](values, roster, params, today) -> Evaluation``

* ``values``: the form's values keyed by field key, as stored in JSON (money as yuan text
  "720.00", dates "YYYY-MM-DD", month_day "MM-DD", bool true/false, choice values,
  multi_choice lists).  Blank or unparsable values count as missing: they produce no
  finding here (required fields and types are the form layer's job, core.forms).
* ``roster``: the attached roster rows (list of dicts keyed by roster column key), or [].
* ``params``: the project's rule parameters, merged over the rule modules' defaults
  (``default_params()``); ``year`` gives the year of month_day fields.
* ``today``: for checks against the current date (None → no such check / date.today()).

Computed values are typed (issue 16): money in fen (int), dates as ``datetime.date``,
yes/no as bool, shares as ``Decimal`` percentages, counts as int, names as text, None when
not computable.  The keys each evaluator reads are listed in EVALUATOR_FIELDS (and
EVALUATOR_ROSTER_COLUMNS); the keys it computes, each with its type (``core.field_types.
computed_type``) and Chinese label, in EVALUATOR_COMPUTED.  Form specs are written from these
dicts; tests check the evaluators read nothing else and return exactly those types.

Formatting happens at the edges: :func:`stored_computed` turns a result into the JSON a record
stores and an exchange package carries — money "6,000.00", shares "37.0%", dates
"YYYY-MM-DD", yes/no "是"/"否" — the very text earlier programs wrote (towns on an older
program exchange packages with the district, and databases hold that text); the form screen
formats through the same types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from desktop_app.core.field_types import FieldType, computed_type
from desktop_app.core.findings import Evaluation
from desktop_app.core.rules.adapter_support import default_params
from desktop_app.core.rules.adapters_applications import (
    health_check_application,
    health_check_new_employment,
    health_check_send,
    jiangsu_registration,
    recuperation_application,
    trip_kan_shanghai,
)
from desktop_app.core.rules.adapters_records import (
    gift_distribution,
    illness_condolence,
    insurance_enrolment,
    labour_visit,
    micro_wish,
    model_worker_demand,
    satisfaction_survey,
    service_point,
)
from desktop_app.core.types import Params, Values

__all__ = [
    "EVALUATORS",
    "EVALUATOR_COMPUTED",
    "EVALUATOR_FIELDS",
    "EVALUATOR_ROSTER_COLUMNS",
    "computed_label",
    "computed_types",
    "default_params",
    "evaluate",
    "stored_computed",
]

Evaluator = Callable[[Values, list[Values], Params, "date | None"], Evaluation]

# ---- what each evaluator reads and computes (form specs are written from these) ---------
_MD = 'month_day "MM-DD" (year = params year)'
EVALUATOR_FIELDS: dict[str, dict[str, str]] = {
    "trip_kan_shanghai": {
        "trip_kind": 'choice "2d1n" 两天一夜 / "1d" 一日游 — 活动类型',
        "headcount": "int — 参加人数",
        "start_month_day": f"{_MD} — 起止时间（开始）",
        "end_month_day": f"{_MD} — 起止时间（结束）",
        "total_cost": "money — 活动总费用（元）",
        "meal_cost": "money — 其中餐费（元）",
    },
    "recuperation": {
        "plan": 'choice "1" 长三角区域 / "2" 对口合作区域 / "3" 市总直管院所 — 疗休养计划',
        "headcount": "int — 实际疗休养人数",
        "model_workers": "int — 其中：劳模先进",
        "craftsmen": "int — 其中：工匠技师",
        "covid_contributors": "int — 其中：为抗疫做出贡献",
        "industrial_workers": "int — 其中：产业工人",
        "others": "int — 其中：其他对象",
        "start_month_day": f"{_MD} — 疗休养起止时间（开始）",
        "end_month_day": f"{_MD} — 疗休养起止时间（结束）",
        "days": "int — 天数（空则按起止时间计算）",
        "nights": "int — 晚数（空则为天数减一）",
        "cost_per_person": "money — 人均费用（元）",
        "city_subsidy": "money — 市总工会补贴（元/人；计划 3 在 200–400 内填写）",
        "district_subsidy": "money — 区总工会补贴（元/人；计划 3 在 100–300 内填写）",
    },
    "health_check_application": {
        "plan": 'choice "A" / "B" / "C" — 体检计划',
        "headcount": "int — 体检人数",
        "male_count": "int — 其中男（有名册时以名册为准）",
        "female_count": "int — 其中女（有名册时以名册为准）",
    },
    "health_check_send": {
        "headcount": "int — 体检职工人数",
        "category": 'choice "hardship" 困难企业 / "sanitation" 环卫企业 — 申请类别（可空）',
        "conditions": "multi_choice — 符合的条件：hardship 须三项 union_active, covid_difficulty, "
        "profit_decline；sanitation 须其一 contributed, never_checked（可空）",
        "check_date": "date — 体检日期（5 月 1 日至 12 月 10 日，可空）",
    },
    "health_check_new_employment": {
        "total_count": "int — 体检职工人数：总人数",
        "male_count": "int — 男",
        "female_count": "int — 女",
        "applied_count": "int — 申请补贴人数",
        "price_per_person": "money — 体检价格（元/人）",
    },
    "jiangsu_registration": {
        "group": "choice — 群体，取值为八大群体名称：快递员、送餐员、货车司机、护工护理员、家政服务员、"
        "商场信息员、房产中介员、保安员",
        "gender": 'gender "男"/"女" — 性别（空则按身份证号码）',
        "id_number": "id_number — 身份证号码（用于核对性别）",
        "local_match": "money — 地方配套补贴（元/人，不低于 100）",
    },
    "insurance_enrolment": {
        "plan": 'choice "C" / "D" / "E" — 保障计划',
        "enrol_mode": 'choice "group_concentrated" 团体集中参保 / "group_instant" 团体即时参保 / '
        '"individual" 个人参保 / "transition" 原团体参保人员转 E 类半年期 — 参保方式',
        "submit_date": "date — 区总工会提交参保名单日期（团体）",
        "pay_date": "date — 缴费日期（个人：线上缴费成功日；团体：费用划款日）",
        "id_number": "id_number — 身份证号码（用于计算年龄）",
        "birth_date": "date — 出生日期（无有效身份证号码时使用）",
        "industry": "choice — 行业，取值为十三类行业名称（快递物流 … 街面雇员）",
    },
    "micro_wish": {
        "amount": "money — 心愿价值（元，不超过 500）",
        "state": "choice collected / reviewed / fulfilled_local / published / fulfilled_city / "
        "lit_by_district — 状态",
    },
    "illness_condolence": {
        "diagnosis_date": "date — 首次确诊日期",
        "illness": "choice malignant_tumour / end_stage_renal / benign_brain_tumour / transplant — 所患疾病",
        "has_member_card": "bool — 持青浦工会会员服务卡（false 为错误）",
        "has_basic_protection": "bool — 享有工会会员专享基本保障（false 为错误）",
        "apply_date": "date — 递交申请日期",
        "materials": "multi_choice pre_op_report / pathology_report / discharge_summary / hospital_invoice / "
        "id_and_member_card / protection_form — 已交材料",
    },
    "service_point": {
        "point_kind": 'choice "new" 新建 / "upgrade" 升级优化 — 服务点类型',
        "district_match": "money — 区总工会配套（元，不低于市总补助）",
        "town_match": "money — 街镇工会配套（元，不低于市总补助）",
        "report_month": 'text "YYYY-MM" — 统计月份（按活动记录检查服务义务，可空）',
    },
    "labour_visit": {
        "enterprise_kind": "choice over_100 / express_logistics / startup_small / district_owned / "
        "restructuring / dispute_risk / harmony_standard — 企业类型",
        "visit_date": "date — 走访日期",
        "result": 'choice "pass" 达标 / "basic" 基本达标 / "fail" 不达标 — 评价结果',
        "staff_days": "int — 入户指导人员人天数",
        "follow_up_date": "date — 跟踪服务日期",
    },
    "model_worker_demand": {
        "demand_category": "choice — 需求类别，取值为表上文字：技术培训、技术交流、技术攻关、技术协作、"
        "公益讲座、劳动教育、其他",
        "industry": "choice — 行业类别，取值为表上文字：机械与动力电气 … 综合、其他",
        "fee": "money — 向服务单位收取的费用（应为空或 0，不印在表上）",
    },
    "gift_distribution": {
        "gift_kind": 'choice "new_year_meal" 年夜饭礼包 / "couplets" 春联 — 发放物品（空则按项目参数 item）',
    },
    "satisfaction_survey": {
        "participants": "int — 参加人数",
        "trip_rating": "choice satisfied / fairly_satisfied / average / dissatisfied — 行程满意度",
        "catering_rating": "choice（同上）— 餐饮满意度",
        "service_rating": "choice（同上）— 服务满意度",
    },
}

# Roster columns an evaluator reads from the attached rows.
EVALUATOR_ROSTER_COLUMNS: dict[str, dict[str, str]] = {
    "health_check_application": {
        "gender": "gender — 性别",
        "id_number": "id_number — 身份证号码（性别为空时用）",
    },
    "health_check_send": {"name": "text — 姓名（只计行数）"},
    "service_point": {
        "date": "date — 活动日期",
        "kind": "choice service / visit / lecture — 活动类型",
        "notice_date": "date — 公示日期",
    },
    "gift_distribution": {
        "unit": "text — 接收单位",
        "count": "int — 数量",
        "channel": "choice offline / online — 发放方式",
        "delivery": "choice handover / courier — 派送方式",
    },
}

# What each evaluator computes: key → "type — label" (type: a field type or "percent").
EVALUATOR_COMPUTED: dict[str, dict[str, str]] = {
    "trip_kan_shanghai": {
        "per_person_cost": "money — 人均费用",
        "meal_share": "percent — 餐费占比",
        "subsidy_eligible": "bool — 是否符合补贴条件",
        "subsidy_per_person": "money — 区总补贴标准（元/人）",
        "district_subsidy": "money — 区总补贴金额",
        "days": "int — 活动天数",
    },
    "recuperation": {
        "plan_name": "text — 疗休养计划",
        "city_subsidy_per_person": "money — 市总补贴（元/人）",
        "district_subsidy_per_person": "money — 区总补贴（元/人）",
        "city_subsidy_total": "money — 市总补贴合计",
        "district_subsidy_total": "money — 区总补贴合计",
        "subsidy_total": "money — 补贴合计",
        "total_cost": "money — 活动总费用",
        "breakdown_sum": "int — 其中各类人数合计",
    },
    "health_check_application": {
        "price_male": "money — 体检价格（男）",
        "price_female": "money — 体检价格（女）",
        "subsidy_per_person": "money — 区总补贴（元/人）",
        "enterprise_male": "money — 企业支付（男）",
        "enterprise_female": "money — 企业支付（女）",
        "male_count": "int — 男性人数",
        "female_count": "int — 女性人数",
        "roster_count": "int — 名册人数",
        "price_total": "money — 体检费用合计",
        "subsidy_total": "money — 区总补贴合计",
        "enterprise_total": "money — 企业支付合计",
    },
    "health_check_send": {
        "price_per_person": "money — 体检标准（元/人）",
        "district_total": "money — 区总工会承担合计",
        "enterprise_total": "money — 企业承担",
    },
    "health_check_new_employment": {
        "subsidy_per_person": "money — 区总补贴（元/人）",
        "subsidy_total": "money — 补贴合计",
        "self_pay_per_person": "money — 劳动者或企业承担（元/人）",
    },
    "jiangsu_registration": {
        "province_subsidy": "money — 省总工会补贴（元/人）",
        "local_match": "money — 地方配套（元/人）",
        "subsidy_total": "money — 补贴合计（元/人）",
        "extras": "text — 加做项目",
        "gender": "gender — 性别",
    },
    "insurance_enrolment": {
        "plan_name": "text — 保障计划",
        "coverage_start": "date — 起保日期",
        "coverage_end": "date — 满期日期",
        "months": "int — 保障月数",
        "fee": "money — 保障费用",
        "fee_due_by": "date — 划款截止日期",
    },
    "micro_wish": {"amount": "money — 心愿价值", "state_label": "text — 状态"},
    "illness_condolence": {
        "amount": "money — 慰问金额",
        "apply_by": "date — 申请截止日期",
        "missing_materials": "text — 尚缺材料",
    },
    "service_point": {
        "city_subsidy": "money — 市总补助",
        "match_min": "money — 区、街镇最低配套（各）",
        "subsidy_total": "money — 补助合计",
        "service_half_days": "int — 本月坐诊半天数",
        "visits": "int — 本月访视次数",
        "lectures": "int — 本两月讲座次数",
        "weeks_without_service": "int — 无坐诊的周数",
        "obligations_met": "bool — 服务义务是否完成",
    },
    "labour_visit": {
        "result_label": "text — 评价结果",
        "follow_up_required": "bool — 是否需跟踪服务",
        "follow_up_due": "date — 跟踪服务截止日期",
        "staff_subsidy": "money — 入户指导补贴",
    },
    "model_worker_demand": {"batch_key": "text — 服务批次分组", "fee_to_unit": "money — 向单位收费"},
    "gift_distribution": {
        "gift_name": "text — 发放物品",
        "total_count": "int — 发放总数",
        "unit_count": "int — 接收单位数",
    },
    "satisfaction_survey": {
        "participants": "int — 参加人数",
        "answered": "int — 已答题数",
        "satisfied_count": "int — 满意及比较满意项数",
        "dissatisfied_count": "int — 不满意项数",
    },
}

_SEP = " — "


def computed_types(evaluator: str | None) -> dict[str, FieldType]:
    """key → the type of each value ``evaluator`` computes ({} for none or an unknown name)."""
    return {k: computed_type(d.split(_SEP, 1)[0])
            for k, d in EVALUATOR_COMPUTED.get(evaluator or "", {}).items()}


def computed_label(description: str) -> str:
    """The Chinese label of an EVALUATOR_COMPUTED entry ("money — 区总补贴金额" → 区总补贴金额)."""
    return description.split(_SEP, 1)[-1]


_TYPES_OF: dict[str, dict[str, FieldType]] = {}


def stored_computed(evaluator: str | None, computed: Mapping[str, Any]) -> dict[str, Any]:
    """An evaluator's typed results → the JSON values a record stores and a package carries,
    key order kept: fen → "6,000.00", ``date`` → "2023-06-30", bool → "是"/"否", a share →
    "37.0%"; counts and text as they are, None as None. A key the evaluator does not declare
    passes unchanged (there is none: tests hold every evaluator to EVALUATOR_COMPUTED)."""
    types = _TYPES_OF.get(evaluator or "")
    if types is None:
        types = _TYPES_OF[evaluator or ""] = computed_types(evaluator)
    out: dict[str, Any] = {}
    for key, value in computed.items():
        t = types.get(key)
        out[key] = t.stored(value) if t is not None else value
    return out


EVALUATORS: dict[str, Evaluator] = {
    "trip_kan_shanghai": trip_kan_shanghai,
    "recuperation": recuperation_application,
    "health_check_application": health_check_application,
    "health_check_send": health_check_send,
    "health_check_new_employment": health_check_new_employment,
    "jiangsu_registration": jiangsu_registration,
    "insurance_enrolment": insurance_enrolment,
    "micro_wish": micro_wish,
    "illness_condolence": illness_condolence,
    "service_point": service_point,
    "labour_visit": labour_visit,
    "model_worker_demand": model_worker_demand,
    "gift_distribution": gift_distribution,
    "satisfaction_survey": satisfaction_survey,
}


def evaluate(
    name: str,
    values: Values,
    roster: list[Values] | None = None,
    params: Params | None = None,
    today: date | None = None,
) -> Evaluation:
    """Convenience: run one evaluator by name."""
    return EVALUATORS[name](values or {}, roster or [], params or {}, today)
