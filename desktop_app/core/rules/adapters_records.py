"""Evaluator adapters for records without a paper application: insurance enrolments,
micro-wishes, illness condolences, service points, labour-relations visits,
model-worker demands (2-8), gift lists and satisfaction surveys (2-1-3, 2-3-5).

Registered in ``desktop_app.core.evaluators.EVALUATORS``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.core.findings import Evaluation, error
from desktop_app.core.rules import care, insurance, service
from desktop_app.core.rules.insurance_claims import PLANS
from desktop_app.core.rules.adapter_support import (
    roster_rows,
    valid_id,
    with_defaults,
)
from desktop_app.core.rules.inputs import (
    as_bool,
    as_choice,
    as_date,
    as_fen,
    as_int,
    as_list,
    as_text,
    project_year,
)
from desktop_app.core.types import Params, Values


# ---- insurance, care, service ----------------------------------------------------------
def insurance_enrolment(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """互助保障参保 (record): R-INS-1 … R-INS-4, R-INS-8."""
    p = with_defaults(params)
    plan = as_choice(values, "plan", PLANS)
    mode = as_choice(values, "enrol_mode", insurance.ENROL_MODES)
    submit, pay = as_date(values, "submit_date"), as_date(values, "pay_date")
    birth = as_date(values, "birth_date")
    result = valid_id(values, today)
    if result is not None:
        birth = result.birth_date
    industry = as_text(values, "industry") or None
    fee_due = None
    if mode is None:
        ev = Evaluation(
            computed={"coverage_end": None},
            findings=insurance.check_eligibility(
                None, industry, date(project_year(p, today), 12, 31), p
            ),
        )
        raw: dict[str, Any] = ev.computed
    else:
        event = pay if mode == "individual" else submit
        ev = insurance.evaluate_enrolment(
            plan, mode, event, birth_date=birth, industry=industry, params=p
        )
        raw = ev.computed
        if mode in ("group_concentrated", "group_instant") and submit is not None:
            fee_due = insurance.fee_transfer_deadline(submit, p)
            if pay is not None:
                ev.findings += insurance.check_fee_transfer(submit, pay, p)
    ev.computed = {
        "plan_name": PLANS.get(plan) if plan else None,
        "coverage_start": raw.get("coverage_start"),
        "coverage_end": raw.get("coverage_end"),
        "months": raw.get("months"),
        "fee": raw.get("fee_fen"),
        "fee_due_by": fee_due,
    }
    return ev


def micro_wish(values: Values, roster: list[Values], params: Params, today: date | None) -> Evaluation:
    """点亮微心愿 (record): R-WISH-1 amount; the state label."""
    p = with_defaults(params)
    amount = as_fen(values, "amount")
    state = as_choice(values, "state", care.WISH_STATES)
    return Evaluation(
        computed={
            "amount": amount,
            "state_label": care.WISH_STATES.get(state) if state else None,
        },
        findings=care.check_wish_amount(amount, p),
    )


def illness_condolence(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """大病职工关心慰问 (record): R-ILL-1.  Materials are checked once any is ticked or
    the application date is entered."""
    p = with_defaults(params)
    materials = as_list(values, "materials")
    apply_date = as_date(values, "apply_date")
    ev = care.evaluate_illness(
        as_date(values, "diagnosis_date"),
        illness=as_choice(values, "illness", care.ILLNESSES),
        has_member_card=as_bool(values, "has_member_card"),
        has_basic_protection=as_bool(values, "has_basic_protection"),
        applied_on=apply_date,
        materials=materials if materials or apply_date is not None else None,
        params=p,
    )
    raw = ev.computed
    missing = [
        label for key, label in care.ILL_MATERIALS.items() if key not in set(materials or [])
    ]
    ev.computed = {
        "amount": raw["amount_fen"],
        "apply_by": raw["apply_by"],
        "missing_materials": "、".join(missing) if missing else "无",
    }
    return ev


SERVICE_POINT_COMPUTED = (
    "city_subsidy",
    "match_min",
    "subsidy_total",
    "service_half_days",
    "visits",
    "lectures",
    "weeks_without_service",
    "obligations_met",
)


def service_point(values: Values, roster: list[Values], params: Params, today: date | None) -> Evaluation:
    """园区(楼宇)健康服务点 (record + activity log): R-POINT-1."""
    p = with_defaults(params)
    kind = as_choice(values, "point_kind", service.POINT_KINDS)
    computed: dict[str, Any] = dict.fromkeys(SERVICE_POINT_COMPUTED)
    ev = Evaluation(computed=computed)
    if kind is not None:
        sub = service.point_subsidies(
            kind,
            district_fen=as_fen(values, "district_match"),
            town_fen=as_fen(values, "town_match"),
            params=p,
        )
        ev.findings += sub.findings
        computed.update(
            city_subsidy=sub.computed["city_fen"],
            match_min=sub.computed["match_min_fen"],
            subsidy_total=sub.computed["total_fen"],
        )
    month_text = as_text(values, "report_month")
    rows = roster_rows(roster)
    if month_text and rows:
        try:
            year, month = (int(x) for x in month_text.split("-")[:2])
            date(year, month, 1)
        except ValueError:
            ev.findings.append(
                error(
                    "R-POINT-1", f"统计月份“{month_text}”应为 YYYY-MM（R-POINT-1）", "report_month"
                )
            )
        else:
            acts = [
                {
                    "date": as_date(r, "date"),
                    "kind": as_text(r, "kind"),
                    "notice_date": as_date(r, "notice_date"),
                }
                for r in rows
            ]
            month_ev = service.evaluate_point_month(acts, year, month, as_of=today, params=p)
            ev.findings += month_ev.findings
            m = month_ev.computed
            computed.update(
                service_half_days=m["service_half_days"],
                visits=m["visits"],
                lectures=m["lectures"],
                weeks_without_service=m["weeks_without_service"],
                obligations_met=m["obligations_met"],
            )
    return ev


def labour_visit(values: Values, roster: list[Values], params: Params, today: date | None) -> Evaluation:
    """和谐劳动关系优化服务走访 (record): R-LR-1."""
    p = with_defaults(params)
    result = as_choice(values, "result", service.LR_RESULTS)
    ev = service.evaluate_visit(
        as_date(values, "visit_date"),
        result,
        enterprise_kind=as_choice(values, "enterprise_kind", service.LR_ENTERPRISE_KINDS),
        staff_days=as_int(values, "staff_days"),
        follow_up_date=as_date(values, "follow_up_date"),
        today=today,
        params=p,
    )
    raw = ev.computed
    ev.computed = {
        "result_label": service.LR_RESULTS.get(result) if result else None,
        "follow_up_required": raw["follow_up_required"],
        "follow_up_due": raw["follow_up_due"],
        "staff_subsidy": raw["staff_subsidy_fen"],
    }
    return ev


def model_worker_demand(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """劳模工匠服务队需求申请表 (2-8): R-MW-1."""
    category = as_choice(values, "demand_category", service.MW_DEMAND_CATEGORIES)
    ev = service.evaluate_demand(
        category,
        industry=as_choice(values, "industry", service.MW_INDUSTRIES),
        fee_fen=as_fen(values, "fee"),
    )
    ev.computed = {"batch_key": ev.computed["batch_key"], "fee_to_unit": 0}
    return ev


def gift_distribution(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """年夜饭礼包 / 春联发放清单 (record + rows): R-GIFT-1."""
    p = params or {}
    kind = as_choice(values, "gift_kind", care.GIFT_KINDS)
    if kind is None:  # the catalogue names the item: {"item": "春联"}
        kind = {"年夜饭礼包": "new_year_meal", "春联": "couplets"}.get(
            str(p.get("item", "")), "new_year_meal"
        )
    rows = [
        {
            "unit": as_text(r, "unit"),
            "count": as_int(r, "count"),
            "channel": as_text(r, "channel") or None,
            "delivery": as_text(r, "delivery") or None,
        }
        for r in roster_rows(roster)
    ]
    quota = as_int(p, "quota")
    ev = care.evaluate_distribution(rows, kind=kind, quota=quota)
    ev.computed = {
        "gift_name": care.GIFT_KINDS[kind],
        "total_count": ev.computed["total_count"],
        "unit_count": ev.computed["unit_count"],
    }
    return ev


SATISFACTION_OPTIONS: dict[str, str] = {
    "satisfied": "满意",
    "fairly_satisfied": "比较满意",
    "average": "一般",
    "dissatisfied": "不满意",
}


def satisfaction_survey(
    values: Values, roster: list[Values], params: Params, today: date | None
) -> Evaluation:
    """满意度测评表 (2-1-3, 2-3-5): no rules, counts of the three answers."""
    answers = [
        as_choice(values, k, SATISFACTION_OPTIONS)
        for k in ("trip_rating", "catering_rating", "service_rating")
    ]
    given = [a for a in answers if a is not None]
    return Evaluation(
        computed={
            "participants": as_int(values, "participants"),
            "answered": len(given),
            "satisfied_count": sum(1 for a in given if a in ("satisfied", "fairly_satisfied")),
            "dissatisfied_count": sum(1 for a in given if a == "dissatisfied"),
        }
    )
