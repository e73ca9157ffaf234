"""Catalogue editing (issue 13): validated, audited, refusals name the field and change nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from desktop_app.services.catalog import edit_project, get_project, project_detail
from desktop_app.services.errors import ValidationFailed
from desktop_app.store.models import AuditLog


def _snapshot(app, code):
    with app.session() as s:
        p = get_project(s, code)
        audits = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "update"))
        return (p.name, p.quota, p.period_start, p.period_end, json.dumps(p.params, sort_keys=True), audits)


BAD = [
    ("QP2023-01", {"quota": "12.5"}, "“名额”须为整数"),
    ("QP2023-01", {"quota": "-1"}, "“名额”不能为负数"),
    ("QP2023-01", {"start": "2023-12-01"}, "“开始日期”2023-12-01 晚于“结束日期”2023-11-30"),
    ("QP2023-01", {"end": "2023-02-30"}, "“结束日期”须为日期"),
    ("QP2023-01", {"params": {"trip_2d1n_subsidy_per_person": "-200"}},
     "“看上海两天一夜区总补贴（元/人）”（trip_2d1n_subsidy_per_person，R-TRIP-1）不能为负数"),
    ("QP2023-01", {"params": {"trip_1d_max_per_person": "三百"}}, "须为整数金额（元）"),
    ("QP2023-01", {"params": {"trip_2d1n_meal_max_pct": "140"}}, "须在 0–100 之间"),
    ("QP2023-01", {"params": {"hc_batch_min": "20"}}, "参数“hc_batch_min”不属于本项目的规则"),
    ("QP2023-01", {"params": {"rest_city_district_subsidy_min": "350"}},
     "“市总直管院所区总补贴下限（元/人）”（rest_city_district_subsidy_min）350 大于"),
    ("QP2023-03", {"params": {"hc_send_end": "2023-04-01"}}, "下限不能高于上限（R-HC-4）"),
    ("QP2023-03", {"params": {"hc_plans.B.subsidy": "x"}}, "体检计划 B 区总补贴"),
    ("QP2023-01", {"name": "  "}, "“项目名称”不能为空"),
]


@pytest.mark.parametrize(("code", "changes", "message"), BAD)
def test_each_refusal_names_the_field_and_changes_nothing(app, code, changes, message):
    before = _snapshot(app, code)
    with pytest.raises(ValidationFailed) as exc, app.transaction() as s:
        # a valid change in the same call must not slip through either
        edit_project(s, code, **{"quota": 7, **changes} if "quota" not in changes else changes)
    assert message in str(exc.value)
    assert "未作任何修改" in str(exc.value)
    assert _snapshot(app, code) == before


def test_valid_edit_is_applied_and_audited(app):
    with app.transaction() as s:
        edit_project(s, "QP2023-01", quota="6500", end="2023-12-15",
                     params={"rest_city_district_subsidy_max": "320", "sub_quotas.rest_yrd": "1600"})
        edit_project(s, "QP2023-03", params={"hc_plans.B.male": "510", "hc_batch_max": "150"})
    with app.session() as s:
        p = get_project(s, "QP2023-01")
        assert p.quota == 6500
        assert p.period_end.isoformat() == "2023-12-15"
        assert p.params["rest_city_district_subsidy_max"] == 320
        assert {sq["key"]: sq["quota"] for sq in p.params["sub_quotas"]}["rest_yrd"] == 1600
        h = get_project(s, "QP2023-03")
        assert h.params["hc_plans"]["B"] == {"male": 510, "female": 526, "subsidy": 150}
        assert h.params["hc_batch_max"] == 150
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "update", AuditLog.entity == "project")
                         .order_by(AuditLog.id)).all()
        assert len(rows) == 2
        assert rows[0].old["quota"] == 6000 and rows[0].new["quota"] == 6500
        assert rows[0].old["params"] == {"rest_city_district_subsidy_max": 300,
                                         "sub_quotas": rows[0].old["params"]["sub_quotas"]}
        assert rows[1].new["params"]["hc_plans"]["B"]["male"] == 510


def test_params_change_what_the_rules_compute(app):
    """A new subsidy reaches R-TRIP-1's computation (the catalogue is what the rules read)."""
    from desktop_app.core.evaluators import evaluate

    with app.transaction() as s:
        edit_project(s, "QP2023-01", params={"trip_2d1n_subsidy_per_person": "250"})
        params = dict(get_project(s, "QP2023-01").params)
    values = {"trip_kind": "2d1n", "headcount": 30, "total_cost": "21600", "meal_cost": "8000"}
    ev = evaluate("trip_kan_shanghai", values, [], params)
    assert ev.computed["subsidy_per_person"] == 25_000 and ev.computed["district_subsidy"] == 750_000  # fen


def test_cli_show_and_set(app, run_cli):
    code, out, _ = run_cli("projects", "show", "QP2023-02", "--json")
    assert code == 0
    detail = json.loads(out)
    days = next(p for p in detail["params"] if p["key"] == "ins_fee_working_days")
    assert days == {"key": "ins_fee_working_days", "value": 15, "label": "名单报送后划款期限（工作日）",
                    "rule": "R-INS-8", "kind": "int"}
    assert all(p["label"] for p in detail["params"])
    code, out, err = run_cli("projects", "set", "QP2023-02", "--param", "ins_fee_e_full=80", "--quota", "5200",
                             "--json")
    assert code == 0, err
    assert json.loads(out)["quota"] == 5200
    code, out, err = run_cli("projects", "set", "QP2023-02", "--param", "ins_fee_e_half=-1")
    assert code == 2 and "不能为负数" in err and "E 类保障费用，半年及以下" in err
    code, out, err = run_cli("projects", "set", "QP2023-02", "--param", "nonsense")
    assert code == 2 and "KEY=VALUE" in err
    with app.session() as s:
        p = project_detail(s, "QP2023-02")
    assert next(x for x in p["params"] if x["key"] == "ins_fee_e_full")["value"] == 80
    assert next(x for x in p["params"] if x["key"] == "ins_fee_e_half")["value"] == 36


def test_cli_copy_year_lists_what_to_review(app, run_cli):
    code, out, err = run_cli("projects", "copy-year", "2023", "2026", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert len(result["created"]) == 10
    assert "职工健康体检：名额 10,000 人，时间 2026-01-01 至 2026-12-31" in result["review"]
    code, out, _ = run_cli("projects", "set", "QP2026-03")
    assert code == 0 and "没有变化" in out
    code, out, _ = run_cli("projects", "show", "QP2026-03", "--json")
    send_end = next(p for p in json.loads(out)["params"] if p["key"] == "hc_send_end")
    assert send_end["value"] == "2026-12-10"  # dates in the parameters moved with the year
