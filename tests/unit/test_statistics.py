"""Survey statistics and project dashboards, against numbers counted by hand (issue 14)."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.survey import is_satisfied_label, survey_layout
from desktop_app.services.catalog import get_project, progress
from desktop_app.services.errors import ServiceError
from desktop_app.services.statistics import survey_stats, year_stats
from tests.unit import stats_fixtures as fx


def test_questions_come_from_the_spec(app):
    lay = survey_layout(app.specs["2-1-3"])
    assert [q.label for q in lay.questions] == ["行程满意度", "餐饮满意度", "服务满意度"]
    assert [lab for _v, lab in lay.questions[0].options] == ["满意", "比较满意", "一般", "不满意"]
    assert lay.questions[0].satisfied == {"satisfied", "fairly_satisfied"}
    assert lay.provider_label == "承办旅行社" and lay.text_keys == (("suggestions", "意见和建议"),)
    assert survey_layout(app.specs["2-3-5"]).provider_label == "承办体检中心"
    assert [is_satisfied_label(x) for x in ("满意", "比较满意", "非常满意", "一般", "不满意", "不太满意")] == \
        [True, True, True, False, False, False]


def test_survey_totals_by_hand(app):
    fx.district(app)
    fx.add_surveys(app)
    with app.session() as s:
        st = survey_stats(s, app.specs, "QP2023-03").to_json()
    # the returned survey (row 5) is left out; row 6 did not answer 行程
    assert st["responses"] == 5
    assert st["questions"]["行程满意度"] == {"满意": 2, "比较满意": 1, "一般": 1, "不满意": 0, "rate": 0.75}
    assert st["questions"]["餐饮满意度"] == {"满意": 2, "比较满意": 1, "一般": 1, "不满意": 1, "rate": 0.6}
    assert st["questions"]["服务满意度"] == {"满意": 2, "比较满意": 1, "一般": 1, "不满意": 1, "rate": 0.6}
    assert st["rate"] == round(9 / 14, 4) and st["answered"] == 14
    assert [x["text"] for x in st["suggestions"]] == ["很好", "排队太久"]


def test_survey_groups_by_provider_unit_and_town(app):
    fx.district(app)
    fx.add_surveys(app)
    with app.session() as s:
        by_provider = survey_stats(s, app.specs, "QP2023-03", "2-3-5", "provider").to_json()["groups"]
        by_town = survey_stats(s, app.specs, "QP2023-03", by="town").to_json()["groups"]
        by_unit = survey_stats(s, app.specs, "QP2023-03", by="unit").to_json()["groups"]
    a, b = by_provider["A体检中心"], by_provider["B体检中心"]
    assert a["responses"] == 3 and b["responses"] == 2
    assert a["questions"]["行程满意度"] == {"满意": 1, "比较满意": 1, "一般": 0, "不满意": 0, "rate": 1.0}
    assert a["questions"]["餐饮满意度"]["rate"] == 0.6667 and a["rate"] == 0.75
    assert b["rate"] == 0.5 and b["questions"]["服务满意度"] == {"满意": 0, "比较满意": 1, "一般": 0, "不满意": 1,
                                                               "rate": 0.5}
    assert [x["text"] for x in a["suggestions"]] == ["很好"] and [x["text"] for x in b["suggestions"]] == ["排队太久"]
    assert set(by_town) == {"朱家角镇总工会", "夏阳街道总工会"}
    assert by_town["朱家角镇总工会"]["rate"] == round(4 / 6, 4)
    assert by_town["夏阳街道总工会"]["rate"] == 0.625 and by_town["夏阳街道总工会"]["responses"] == 3
    assert {k: v["responses"] for k, v in by_unit.items()} == {"甲公司": 3, "乙公司": 1, "丙公司": 1}


def test_survey_refusals_are_chinese(app):
    with app.session() as s:
        with pytest.raises(ServiceError, match="不是满意度测评表"):
            survey_stats(s, app.specs, "QP2023-03", "2-3-2")
        with pytest.raises(ServiceError, match="不使用表单 2-1-3"):
            survey_stats(s, app.specs, "QP2023-03", "2-1-3")
        with pytest.raises(ServiceError, match="没有满意度测评表"):
            survey_stats(s, app.specs, "QP2023-02")
        with pytest.raises(ServiceError, match="找不到项目"):
            survey_stats(s, app.specs, "NOPE")
        empty = survey_stats(s, app.specs, "QP2023-01", by="provider").to_json()
    assert empty["responses"] == 0 and empty["rate"] is None and empty["groups"] == {}
    assert empty["questions"]["行程满意度"] == {"满意": 0, "比较满意": 0, "一般": 0, "不满意": 0, "rate": None}


def test_cli_stats_surveys_json(app, run_cli):
    fx.district(app)
    fx.add_surveys(app)
    code, out, err = run_cli("stats", "surveys", "--project", "QP2023-03", "--by", "provider", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["responses"] == 5 and data["questions"]["行程满意度"]["rate"] == 0.75
    assert data["groups"]["B体检中心"]["questions"]["行程满意度"] == {"满意": 1, "比较满意": 0, "一般": 1,
                                                                     "不满意": 0, "rate": 0.5}
    code, out, err = run_cli("stats", "surveys", "--project", "QP2023-03", "--form", "2-3-2")
    assert code == 2 and "不是满意度测评表" in err and "Traceback" not in err
    code, out, err = run_cli("stats", "surveys", "--project", "QP2023-03")
    assert code == 0 and "总满意率 64.3%" in out


def test_project_dashboard_by_hand(town_app):
    fx.add_health_records(town_app)
    with town_app.session() as s:
        ys = year_stats(s, town_app.specs, 2023)
        p = ys.project("QP2023-03")
        prog = progress(s)[get_project(s, "QP2023-03").id]
    assert (p.records, p.counted_records, p.headcount, p.subsidy_fen, p.settled_fen) == (5, 3, 60, 900_000, 120_000)
    assert (prog.headcount, prog.subsidy_fen, prog.records) == (p.headcount, p.subsidy_fen, p.counted_records)
    assert str(p.percent) == "0.6" and p.allocation is None
    assert [(m.month, m.headcount, m.cumulative) for m in p.months] == [("2023-05", 30, 30), ("2023-06", 30, 60)]
    assert [(u.name, u.records, u.headcount, u.subsidy_fen, u.settled_fen, u.people) for u in p.units] == [
        ("甲公司", 2, 40, 600_000, 120_000, 2), ("乙公司", 1, 20, 300_000, 0, 2)]
    assert p.people == 3  # person 2 is on two rosters; person 4 only on the draft
    assert sum(u.headcount for u in p.units) == prog.headcount
    assert ys.project("QP2023-04").people is None  # micro-wishes have no roster
    assert ys.towns == [] and not ys.is_district


def test_district_dashboard_by_town_with_reporting_state(app):
    fx.district(app)
    fx.add_health_records(app, origin="ZJJ")
    fx.add_health_records(app, origin="XY", offset=100)
    fx.add_packages(app, "ZJJ", "朱家角镇总工会", [1, 2, 4])
    with app.session() as s:
        ys = year_stats(s, app.specs, 2023)
    p = ys.project("QP2023-03")
    assert p.headcount == 120 and p.people == 6
    assert [(t.key, t.name, t.headcount, t.people) for t in p.towns] == [
        ("XY", "夏阳街道总工会", 60, 3), ("ZJJ", "朱家角镇总工会", 60, 3)]
    towns = {t.code: t for t in ys.towns}
    z = towns["ZJJ"]
    assert (z.packages, z.last_sequence, z.gaps, z.pending, z.headcount) == (3, 4, [3], 0, 60)
    assert z.by_project["QP2023-03"] == 60 and towns["XY"].packages == 0


def test_cli_stats_projects(town_app, run_cli):
    fx.add_health_records(town_app)
    code, out, err = run_cli("stats", "projects", "--year", "2023", "--project", "QP2023-03", "--json")
    assert code == 0, err
    data = json.loads(out)["projects"][0]
    assert (data["headcount"], data["subsidy"], data["settled"], data["people"]) == (60, "9,000.00", "1,200.00", 3)
    code, out, err = run_cli("stats", "projects", "--year", "1999")
    assert code == 2 and "1999 年度没有项目" in err


def test_allocations_flow_into_the_dashboards(app):
    from desktop_app.services.allocations import allocate
    from desktop_app.services.year_report import build_year_report

    fx.district(app)
    fx.add_health_records(app, origin="ZJJ")
    fx.add_health_records(app, origin="XY", offset=100)
    with app.transaction() as s:
        allocate(s, "QP2023-03", "ZJJ", 100)
        allocate(s, "QP2023-03", "XY", 50)
    with app.session() as s:
        ys = year_stats(s, app.specs, 2023)
        report = build_year_report(s, app.specs, 2023)
    p = ys.project("QP2023-03")
    assert (p.allocation, str(p.allocation_percent), p.target) == (150, "80.0", 150)
    assert {t.key: t.allocation for t in p.towns} == {"XY": 50, "ZJJ": 100}
    assert {t.code: t.allocations for t in ys.towns} == {"XY": {"QP2023-03": 50}, "ZJJ": {"QP2023-03": 100}}
    projects = report.tables()[0]
    assert "分配（各街镇合计）" in projects.columns and "分配完成率" in projects.columns
    row = next(r for r in projects.rows if r[0] == "职工健康体检")
    assert row[:6] == ["职工健康体检", 10000, 150, 120, 0.012, 0.8]
    alloc = next(t for t in report.tables() if t.title == "各街镇分配名额完成情况")
    assert alloc.rows == [["夏阳街道总工会", "职工健康体检", 50, 60, 1.2], ["朱家角镇总工会", "职工健康体检", 100, 60, 0.6]]


def test_town_progress_against_its_own_allocation(town_app):
    from desktop_app.store.models import Allocation

    fx.add_health_records(town_app)
    with town_app.transaction() as s:
        s.add(Allocation(project_code="QP2023-03", town_code="ZJJ", quota=200))  # as received
        s.add(Allocation(project_code="QP2023-03", town_code="XY", quota=999))  # not ours
    with town_app.session() as s:
        p = year_stats(s, town_app.specs, 2023).project("QP2023-03")
    assert (p.allocation, str(p.allocation_percent)) == (200, "30.0")


def test_a_survey_spec_added_later_is_read_from_its_fields():
    """Any kind: survey spec: its choice fields are the questions, options as printed; 非常满意
    and 满意 count as satisfied, 一般 / 不太满意 do not; a provider field labelled 承办… is found."""
    from types import SimpleNamespace as NS

    from desktop_app.core.survey import SurveyTally

    opts = [NS(value=str(i), label=lab) for i, lab in enumerate(["非常满意", "满意", "一般", "不太满意"])]
    spec = NS(code="X-9", fields=[
        NS(key="org", label="承办机构", type="text", options=()),
        NS(key="q1", label="讲座内容", type="choice", options=opts),
        NS(key="q2", label="是否愿意再参加", type="choice", options=[NS(value="y", label="是"), NS(value="n", label="否")]),
        NS(key="memo", label="其他意见", type="multiline", options=()),
    ])
    lay = survey_layout(spec)
    assert (lay.provider_key, lay.provider_label, lay.text_keys) == ("org", "承办机构", (("memo", "其他意见"),))
    q1, q2 = lay.questions
    assert q1.satisfied == {"0", "1"} and q2.satisfied == frozenset()
    t = SurveyTally.empty([lay])
    for v1, v2, n in (("0", "y", 3), ("1", "n", 1), ("2", "y", 2), ("3", None, 2)):
        t.responses += n
        t.add(q1, v1, n)
        t.add(q2, v2, n)
    out = t.as_json()
    assert out["questions"]["讲座内容"] == {"非常满意": 3, "满意": 1, "一般": 2, "不太满意": 2, "rate": 0.5}
    assert out["questions"]["是否愿意再参加"] == {"是": 5, "否": 1, "rate": None}  # no 满意 option: no rate
    assert out["rate"] == 0.5 and out["responses"] == 8  # the overall rate counts rated questions only
