"""The district evaluates the numbers it receives again (issue 20): same spec, same evaluator,
its own catalogue. Values outside the domain are refused; differences are listed and the
district's results stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.documents import package_format as pf
from desktop_app.services import exchange as ex
from desktop_app.services import exchange_plan
from desktop_app.store import models
from tests.unit.exchange_helpers import SECRET, TOWN_KEYS, counts, enrol, open_office

LI, WANG = "31011819890517002X", "440306198002290519"  # female, male
PEOPLE = [[LI, 1, "李四", "女", "甲公司", None], [WANG, 1, "王五", "男", "甲公司", None]]


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)


@pytest.fixture()
def qp(tmp_path: Path):  # type: ignore[no-untyped-def]
    app = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(app, "ZJJ", "朱家角镇总工会")
    yield app
    app.close()


def values(**changes: Any) -> dict[str, Any]:
    return {"unit_name": "甲公司", "contact": "张三", "contact_phone": "13812345678", "headcount": 2,
            "check_date": "2023-06-01", "check_place": "青浦区体检中心", "ownership": "private", "plan": "B",
            "fill_date": "2023-05-20", **changes}


def record(uid: str, vals: dict[str, Any], headcount: int = 2, subsidy_fen: int = 30_000,
           computed: dict[str, Any] | None = None, form: str = "2-3-2", project: str = "QP2023-03") -> list[Any]:
    roster = [[1, LI, {"married": "已婚"}], [2, WANG, {"married": "未婚"}]] if form == "2-3-2" else []
    return [uid, 1, project, form, "甲公司", "ready", vals, computed if computed is not None else {}, [], headcount,
            subsidy_fen, "2023-05-20", "2023-05-20T10:00:00", roster]


def package(tmp_path: Path, records: list[list[Any]], sequence: int = 1) -> Path:
    enc = pf.encode_package(
        kind="data", sender=pf.Party("ZJJ", "朱家角镇总工会"), receiver=pf.Party("QP", "青浦区总工会"),
        sequence=sequence, passphrase=TOWN_KEYS["ZJJ"],
        files={"people.json": pf.table(ex.PERSON_COLUMNS, PEOPLE), "records.json": pf.table(ex.RECORD_COLUMNS, records)},
        counts={"people": 2, "records": len(records)}, created=__import__("datetime").datetime(2023, 5, 21, 9))
    path = tmp_path / f"ZJJ_{sequence}.ulpkg"
    path.write_bytes(enc.blob)
    return path


def test_an_inflated_subsidy_is_recomputed_and_listed(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Plan B, one man and one woman: 503 + 526 = 1,029.00, subsidy 2 × 150 = 300.00 (R-HC-1).
    The town claims 999,999.99: the district stores its own 300.00 and says where it differs."""
    honest = record("rHonest", values(), subsidy_fen=30_000, computed={"subsidy_total": "300.00"})
    inflated = record("rInflated", values(unit_name="甲公司"), subsidy_fen=99_999_999,
                      computed={"subsidy_total": "999,999.99", "price_total": "1,029.00"})
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, [honest, inflated]), SECRET, dry_run=False)
    assert summary.records.new == 2 and summary.records.rejected == 0
    [diff] = summary.differences
    assert diff["uid"] == "rInflated" and diff["differences"] == ["补贴 街镇 999,999.99 元，区里 300.00 元"]
    [note] = [f["message"] for f in summary.findings if f["type"] == "recomputed"]
    assert "有 1 条记录的结果与街镇不同，已按区里的结果保存" in note and "999,999.99" in note
    with qp.session() as s:
        stored = {r.uid: (r.subsidy_fen, r.headcount, r.computed["subsidy_total"], r.computed["price_total"])
                  for r in s.scalars(select(models.Record))}
    assert stored == {"rHonest": (30_000, 2, "300.00", "1,029.00"), "rInflated": (30_000, 2, "300.00", "1,029.00")}


@pytest.mark.parametrize(("vals", "row", "reason"), [
    (values(headcount=-5), {"headcount": 0}, "「体检人数」"),  # a negative count in the form itself
    (values(plan="Z"), {}, "「体检计划」"),  # a choice the form does not have
    (values(headcount=3), {"headcount": 3}, "R-HC-3"),  # the roster has 2 people
])
def test_values_that_break_the_rules_are_refused(qp, tmp_path: Path, vals, row, reason) -> None:  # type: ignore[no-untyped-def]
    before = counts(qp)
    r = record("rBad", vals, **row)
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, [r]), SECRET, dry_run=False)
    [rej] = summary.records.rejects
    assert summary.records.new == 0 and rej["reason"].startswith("区总工会按同一规则复核不通过：") and reason in rej["reason"]
    assert [i["status"] for i in summary.received] == ["rejected"]  # the receipt says so, record by record
    after = counts(qp)
    assert after["records"] == before["records"]


def test_a_trip_over_the_meal_cap_is_refused(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """R-TRIP-1 at the district: meals 9,000 of 21,600 (41.7 %) — whatever the town computed."""
    from desktop_app.app_paths import resource_path
    from desktop_app.core.forms import load_specs

    spec = load_specs(resource_path("forms"))["2-1-1"]
    assert spec.evaluator == "trip_kan_shanghai"
    base = {"trip_kind": "2d1n", "headcount": 30, "total_cost": "21600.00", "meal_cost": "9000.00",
            "start_month_day": "06-01", "end_month_day": "06-02"}
    from desktop_app.core.evaluators import EVALUATORS

    ev = EVALUATORS["trip_kan_shanghai"](base, [], {"year": 2023}, None)
    assert any(f.rule == "R-TRIP-1" and f.is_error for f in ev.findings), ev.findings
    checker = exchange_plan.Rechecker({1: ({}, 2023)}, None)
    verdict = checker({"form": "2-1-1", "values": base, "roster": [], "headcount": 30, "subsidy_fen": 600_000,
                       "computed": {}}, 1)
    assert verdict is not None and any("R-TRIP-1" in e for e in verdict.errors)


def test_absurd_numbers_are_refused_before_any_rule(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [record("rBig", values(), subsidy_fen=10**12), record("rNeg", values(), headcount=-5),
            record("rHuge", values(headcount=2**63))]
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, rows), SECRET, dry_run=False)
    reasons = [r["reason"] for r in summary.records.rejects]
    assert reasons == ["补贴金额 1000000000000 分不在合理范围内，未导入。", "人数 -5 不在 0–1,000,000 的范围内，未导入。",
                       "表单内容数字超出范围，未导入。"]


def test_only_records_to_be_stored_are_evaluated(qp, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made: list[exchange_plan.Rechecker] = []
    real = exchange_plan.Rechecker

    def spy(*a: Any, **k: Any) -> exchange_plan.Rechecker:
        made.append(real(*a, **k))
        return made[-1]

    monkeypatch.setattr(exchange_plan, "Rechecker", spy)
    path = package(tmp_path, [record("r1", values()), record("r2", values(unit_name="乙公司"))])
    for _ in range(2):
        with qp.transaction() as s:
            ex.import_package(s, path, SECRET, dry_run=False)
    assert [m.evaluated for m in made] == [2, 0]  # the same package again: nothing to evaluate
