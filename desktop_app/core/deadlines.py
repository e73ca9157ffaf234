"""Every dated obligation of the plan, derived from the rules (issue 13). Pure: the service
(services/deadlines.py) reads projects and records and passes plain values in.

Project-level (from the catalogue's parameters): R-TRIP-4 activities and subsidies by 11-30,
R-HC-4 送健康 by 12-10, R-INS-8 concentrated list by 02-28 and the fee transfer 15 working
days later (official holiday calendar), R-WISH-1 the year-end lighting, R-LR-1 the monthly
report. Record-level: the 2-1-3 survey one week after a trip's end, R-INS-6 claim deadlines,
R-ILL-1 apply-by dates, R-LR-1 follow-up visits, R-POINT-1 a point's monthly enterprise visit.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop_app.core.rules.care import WISH_FINAL_STATES, illness_apply_by
from desktop_app.core.rules.common import parse_date, parse_month_day
from desktop_app.core.rules.insurance_claims import CLAIM_TYPES, claim_deadline
from desktop_app.core.workdays import add_working_days

SURVEY_DAYS = 7  # 2-1-3 注：活动结束一周内交区总综合保障部
TRIP_FORMS = ("2-1-1", "2-1-2")  # their surveys: 2-1-3


@dataclass(frozen=True)
class Deadline:
    date: date
    rule: str
    project: str
    title: str
    record: int | None = None
    note: str | None = None


def _param_date(params: Mapping[str, Any], key: str) -> date | None:
    try:
        return parse_date(params.get(key))
    except (TypeError, ValueError):
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(start: date, end: date) -> list[tuple[int, int]]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def project_deadlines(code: str, category: str, year: int, params: Mapping[str, Any],
                      period: tuple[date | None, date | None], *, on: date,
                      open_wishes: int = 0) -> list[Deadline]:
    """The catalogue's own dates for one project."""
    out: list[Deadline] = []
    if category == "trip":
        end, use_by = _param_date(params, "activity_end"), _param_date(params, "subsidy_use_by")
        if end and use_by == end:
            out.append(Deadline(end, "R-TRIP-4", code, "看上海及疗休养活动结束、补贴使用截止"))
        else:
            if end:
                out.append(Deadline(end, "R-TRIP-4", code, "看上海及疗休养活动结束"))
            if use_by:
                out.append(Deadline(use_by, "R-TRIP-4", code, "看上海及疗休养补贴使用截止"))
    elif category == "health_check":
        send_end = _param_date(params, "hc_send_end")
        if send_end:
            out.append(Deadline(send_end, "R-HC-4", code, "送健康（困难企业、环卫）体检截止"))
    elif category == "insurance":
        until = _param_date(params, "ins_concentrated_until")
        if until:
            out.append(Deadline(until, "R-INS-8", code, "集中参保名单报送截止"))
            days = int(params.get("ins_fee_working_days") or 15)
            due, note = add_working_days(until, days)
            out.append(Deadline(due, "R-INS-8", code,
                                f"集中参保费用划款及凭证上传截止（名单报送后 {days} 个工作日）", note=note))
    elif category == "wish":
        start = _param_date(params, "wish_district_batch_from")
        what = f"（尚有 {open_wishes} 个未点亮）" if open_wishes else ""
        out.append(Deadline(date(year, 12, 31), "R-WISH-1", code,
                            f"年内未点亮的微心愿由区总工会集中点亮{what}",
                            note=f"{start.isoformat()} 起可集中点亮" if start else None))
    elif category == "labour_relations":
        p_start, p_end = period
        if p_end and p_end >= on:
            first = max(p_start or on, date(on.year, on.month, 1))
            for y, m in _months(first, p_end):
                out.append(Deadline(_month_end(y, m), "R-LR-1", code, f"和谐劳动关系优化服务 {y} 年 {m} 月月报"))
    return out


def record_deadlines(record_id: int, project: str, form_code: str, values: Mapping[str, Any],
                     computed: Mapping[str, Any], *, year: int, unit: str | None,
                     params: Mapping[str, Any], period: tuple[date | None, date | None],
                     roster: list[Mapping[str, Any]] | None = None,
                     surveyed: bool = False) -> list[Deadline]:
    """The dated obligations one record creates; those already met give nothing."""
    out: list[Deadline] = []
    who = f"{unit}：" if unit else ""
    if form_code in TRIP_FORMS and not surveyed:
        try:
            end = parse_month_day(values.get("end_month_day"), year)
        except (TypeError, ValueError):
            end = None
        if end is not None:
            out.append(Deadline(end + timedelta(days=SURVEY_DAYS), "R-TRIP-4", project,
                                f"{who}交满意度测评表 2-1-3（活动 {end.isoformat()} 结束后一周内）", record_id))
    elif form_code == "ILL":
        diagnosed = _date(values.get("diagnosis_date"))
        if diagnosed and not values.get("apply_date"):
            name = values.get("name") or ""
            out.append(Deadline(illness_apply_by(diagnosed), "R-ILL-1", project,
                                f"{name}大病慰问申请截止（{diagnosed.isoformat()} 确诊）", record_id))
    elif form_code == "INS":
        claim = values.get("claim_type")
        end = _date(computed.get("coverage_end")) or date(year, 12, 31)
        accident = _date(values.get("accident_date"))
        if claim in CLAIM_TYPES and (claim != "accidental_disability" or accident):
            due = claim_deadline(str(claim), coverage_end=end, accident_date=accident)
            since = f"，事故 {accident.isoformat()}" if claim == "accidental_disability" and accident else ""
            out.append(Deadline(due, "R-INS-6", project,
                                f"{values.get('name') or ''}{CLAIM_TYPES[str(claim)]}申请截止{since}".lstrip(),
                                record_id))
        fee_due = _date(computed.get("fee_due_by"))
        submitted = _date(values.get("submit_date"))
        if fee_due and not values.get("pay_date"):
            days = int(params.get("ins_fee_working_days") or 15)
            note = add_working_days(submitted, days)[1] if submitted else None  # beyond the holiday tables?
            out.append(Deadline(fee_due, "R-INS-8", project,
                                f"{values.get('name') or ''}参保费用划款截止（名单报送后 {days} 个工作日）", record_id,
                                note))
    elif form_code == "LR":
        follow_up = _date(computed.get("follow_up_due"))
        if follow_up and not values.get("follow_up_date"):
            out.append(Deadline(follow_up, "R-LR-1", project,
                                f"{values.get('enterprise') or who}跟进走访（首次评估未达标）", record_id))
    elif form_code == "WISH":
        state = values.get("state")
        if state and state not in WISH_FINAL_STATES:
            out.append(Deadline(date(year, 12, 31), "R-WISH-1", project,
                                f"微心愿（{values.get('worker_name') or ''}）年底前点亮，否则由区总集中点亮",
                                record_id))
    elif form_code == "POINT":
        p_start, p_end = period
        if p_start and p_end:
            visited = {(d.year, d.month) for d in (_date(r.get("date")) for r in roster or []
                                                    if r.get("kind") == "visit") if d}
            name = values.get("name") or "健康服务点"
            for y, m in _months(p_start, p_end):
                if (y, m) not in visited:
                    out.append(Deadline(_month_end(y, m), "R-POINT-1", project,
                                        f"{name} {y} 年 {m} 月企业访视（每月半天）", record_id))
    return out


def _date(value: Any) -> date | None:
    try:
        return parse_date(value)
    except (TypeError, ValueError):
        return None
