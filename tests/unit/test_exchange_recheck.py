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
from desktop_app.core.ids import mask_id
from tests.unit.exchange_helpers import SECRET, TOWN_KEYS, counts, enrol, make_id, open_office

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


def package(tmp_path: Path, records: list[list[Any]], sequence: int = 1,
            people: list[list[Any]] | None = None) -> Path:
    people = PEOPLE if people is None else people
    enc = pf.encode_package(
        kind="data", sender=pf.Party("ZJJ", "朱家角镇总工会"), receiver=pf.Party("QP", "青浦区总工会"),
        sequence=sequence, passphrase=TOWN_KEYS["ZJJ"],
        files={"people.json": pf.table(ex.PERSON_COLUMNS, people), "records.json": pf.table(ex.RECORD_COLUMNS, records)},
        counts={"people": len(people), "records": len(records)},
        created=__import__("datetime").datetime(2023, 5, 21, 9))
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


# what the town's evaluator says of a batch under 30 people (a town's record carries it)
BATCH = {"rule": "R-HC-2", "severity": "warning", "fields": ["headcount"],
         "message": "体检人数 2 人，不在每批 30–120 人的范围内，请与体检中心确认批次安排（R-HC-2）"}


def roster_record(uid: str, rows: list[list[Any]], findings: list[dict[str, Any]] | None = None) -> list[Any]:
    r = record(uid, values(headcount=len(rows)), headcount=len(rows))
    r[8], r[13] = [BATCH, *(findings or [])], rows
    return r


AGE_WARNING = {"rule": "R-ID-4", "severity": "warning", "fields": ["roster[1]"],
               "message": "名册第 1 行：填写的年龄为 40 岁……（R-ID-4，旧版程序的措辞）"}


ZHAO, QIAN = make_id(1), make_id(2)  # a man born 1971-02-02, a woman born 1972-03-03


def test_the_district_runs_the_towns_roster_rules(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """issue 16 point 4: the per-person rules of the roster (record_rules.roster_findings, as the
    town's editor runs them) run again at the district. 李四 born 1989-05-17 is 34 on 体检时间
    2023-06-01, the roster says 40 (R-ID-4 warning); 王五's number is a man's, the package's
    person says 女 (R-ID-4 error); 钱七 twice on one roster (R-ID-5). Listed masked; a finding
    the town's record carried (same rule, severity, row) is not listed again."""
    people = [[LI, 1, "李四", "女", "甲公司", None], [WANG, 1, "王五", "女", "甲公司", None],
              [ZHAO, 1, "赵六", "男", "甲公司", None], [QIAN, 1, "钱七", "女", "甲公司", None]]
    rows = [
        roster_record("rAge", [[1, LI, {"married": "已婚", "age": 40}], [2, WANG, {"married": "未婚"}]]),
        roster_record("rCarried", [[1, ZHAO, {"married": "已婚", "age": 40}]], [AGE_WARNING]),
        roster_record("rTwice", [[1, QIAN, {"married": "已婚"}], [2, QIAN, {"married": "已婚"}]]),
    ]
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, rows, people=people), SECRET, dry_run=False)
    assert summary.records.new == 3 and summary.records.rejected == 0  # listed, not refused
    got = [(c["uid"], c["rule"], c["severity"], c["message"]) for c in summary.checks]
    assert got == [
        ("rAge", "R-ID-4", "warning",
         "名册第 1 行：填写的年龄为 40 岁，按身份证号码出生日期 1989-05-17 计算，2023-06-01 应为 34 岁（R-ID-4）"),
        ("rAge", "R-ID-4", "error", "名册第 2 行：填写的性别为女，但身份证号码 440306********0519 显示为男（R-ID-4）"),
        ("rTwice", "R-ID-5", "error", f"名册第 2 行：身份证号码 {mask_id(QIAN)} 与第 1 行重复，同一人只能出现一次（R-ID-5）"),
    ]
    assert all(n not in c["message"] for c in summary.checks for n in (LI, WANG, QIAN))  # masked
    [note] = [f["message"] for f in summary.findings if f["type"] == "rechecked"]
    assert "2 条记录有街镇数据未列出的问题 3 处（其中错误 2 处）" in note and LI not in note
    assert "区里复核发现街镇未列出的问题 3 处" in summary.message
    with qp.session() as s:
        stored = {r.uid: sorted((f["rule"], f["severity"], tuple(f["fields"])) for f in r.findings)
                  for r in s.scalars(select(models.Record))}
    # the district's own findings are stored with the records (the carried one as well)
    hc2 = ("R-HC-2", "warning", ("headcount",))
    assert stored["rAge"] == [hc2, ("R-ID-4", "error", ("roster[2]",)), ("R-ID-4", "warning", ("roster[1]",))]
    assert stored["rCarried"] == [hc2, ("R-ID-4", "warning", ("roster[1]",))]
    assert stored["rTwice"] == [hc2, ("R-ID-5", "error", ("roster[2].id_number",))]


def test_roster_people_sent_earlier_are_checked_with_the_registry(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A second package names 赵六 without his person row (sent before): the district checks
    the stated age against his number and his gender from its own registry (男: no error)."""
    people = [*PEOPLE, [ZHAO, 1, "赵六", "男", "甲公司", None]]
    with qp.transaction() as s:
        ex.import_package(s, package(tmp_path, [record("r1", values())], people=people), SECRET, dry_run=False)
    later = roster_record("r2", [[1, ZHAO, {"married": "未婚", "age": 30}]])
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, [later], sequence=2, people=[]), SECRET, dry_run=False)
    assert summary.records.new == 1
    assert [(c["rule"], c["severity"], c["message"]) for c in summary.checks] == [
        ("R-ID-4", "warning", "名册第 1 行：填写的年龄为 30 岁，按身份证号码出生日期 1971-02-02 计算，2023-06-01 应为 52 岁（R-ID-4）")]


def test_the_same_person_on_two_records_of_a_project(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """R-ID-5 across one town's records (its editor refuses it): two records of this package,
    or one here from an earlier package, name the same person for QP2023-03. Each record to be
    stored gets the finding in the town's words; sending a record again changes nothing."""
    first = [roster_record("r1", [[1, LI, {"married": "已婚"}], [2, WANG, {"married": "未婚"}]])]
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, first), SECRET, dry_run=False)
        r1 = s.scalar(select(models.Record.id).where(models.Record.uid == "r1"))
    assert summary.checks == []
    people = [*PEOPLE, [ZHAO, 1, "赵六", "男", "甲公司", None]]
    rows = [first[0],  # the same again: unchanged, holds 李四 and 王五 as before
            roster_record("rA", [[1, ZHAO, {"married": "已婚"}], [2, WANG, {"married": "未婚"}]]),
            roster_record("rB", [[1, ZHAO, {"married": "已婚"}]])]
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, rows, sequence=2, people=people), SECRET, dry_run=False)
    assert summary.records.new == 2 and summary.records.unchanged == 1
    got = [(c["uid"], c["rule"], c["severity"], c["message"]) for c in summary.checks]
    assert got == [
        ("rA", "R-ID-5", "error", f"名册第 1 行：身份证号码 {mask_id(ZHAO)} 也在本数据包的记录（甲公司 2-3-2 记录 rB）中，"
                                  "同一人同一项目每年只能享受一次（R-ID-5）"),
        ("rA", "R-ID-5", "error", f"名册第 2 行：身份证号码 {mask_id(WANG)} 已在本项目 2023 年度的记录 {r1}（甲公司）中，"
                                  "同一人同一项目每年只能享受一次（R-ID-5）"),
        ("rB", "R-ID-5", "error", f"名册第 1 行：身份证号码 {mask_id(ZHAO)} 也在本数据包的记录（甲公司 2-3-2 记录 rA）中，"
                                  "同一人同一项目每年只能享受一次（R-ID-5）"),
    ]
    assert summary.conflicts == []  # one town: not a double subsidy between towns
    with qp.session() as s:
        stored = {r.uid: [f["fields"] for f in r.findings if f["rule"] == "R-ID-5"]
                  for r in s.scalars(select(models.Record))}
    assert stored == {"r1": [], "rA": [["roster[1].id_number"], ["roster[2].id_number"]],
                      "rB": [["roster[1].id_number"]]}
    # r1 not in the package: found among the town's records here (store.exchange_repo)
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, [roster_record("rC", [[1, LI, {"married": "已婚"}]])],
                                               sequence=3, people=[]), SECRET, dry_run=False)
    assert [(c["uid"], c["message"]) for c in summary.checks] == [
        ("rC", f"名册第 1 行：身份证号码 {mask_id(LI)} 已在本项目 2023 年度的记录 {r1}（甲公司）中，"
               "同一人同一项目每年只能享受一次（R-ID-5）")]


def test_cli_lists_the_districts_findings_masked(qp, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from desktop_app.__main__ import main

    path = package(tmp_path, [roster_record("rTwice", [[1, LI, {"married": "已婚"}], [2, LI, {"married": "已婚"}]])])
    monkeypatch.setenv("UNIONLEDGER_PASSPHRASE", SECRET)
    root = str(tmp_path / "QP")
    qp.close()
    assert main(["--data-dir", root, "exchange", "import", str(path), "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert [(c["uid"], c["rule"], c["severity"]) for c in dry["checks"]] == [("rTwice", "R-ID-5", "error")]
    assert main(["--data-dir", root, "exchange", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert ("  [复核错误] 甲公司 2-3-2 记录 rTwice：名册第 2 行：身份证号码 310118********002X 与第 1 行重复，"
            "同一人只能出现一次（R-ID-5）") in out.splitlines()
    assert LI not in out


def test_the_roster_rules_are_the_towns_function(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One implementation: the district calls record_rules.roster_findings (no copy of it)."""
    from desktop_app.services import record_rules

    calls: list[int] = []
    real = record_rules.roster_findings

    def spy(*a: Any, **k: Any) -> Any:
        calls.append(len(a[1]))
        return real(*a, **k)

    monkeypatch.setattr(record_rules, "roster_findings", spy)
    checker = exchange_plan.Rechecker({1: ({}, 2023)}, None, people={LI: ("李四", "女")})
    verdict = checker({"form": "2-3-2", "values": values(headcount=1), "roster": [[1, LI, {"age": 34}]],
                       "headcount": 1, "subsidy_fen": 0, "computed": {}, "findings": [BATCH]}, 1)
    assert calls == [1] and checker.rows_checked == 1
    assert verdict is not None and verdict.new_findings == []


def test_roster_findings_with_a_memo_and_fast_numbers_say_the_same() -> None:
    """The district's memo (validate_row per (column, value)) and canonical_id's fast verdict
    change nothing: the same findings, in the same order, as the town's plain call — bad cells,
    a 15-digit number, a lower-case x, a number cell, a wrong check character, a repeat."""
    import datetime as dt

    from desktop_app.app_paths import resource_path
    from desktop_app.core.forms import load_specs
    from desktop_app.services.record_rules import roster_findings

    rspec = load_specs(resource_path("forms"))["2-3-6"]
    rows = [
        {"name": "李四", "gender": "女", "id_number": LI, "age": 34, "married": "已婚"},
        {"name": "", "gender": "X", "id_number": WANG, "age": "abc", "married": "离异"},
        {"name": "赵六", "gender": "男", "id_number": "310118890517001", "age": 40},
        {"name": "钱七", "id_number": LI.lower(), "phone": "123"},
        {"name": "孙八", "id_number": 310118198905170020, "age": True},
        {"name": "周九", "id_number": LI[:-1] + "1", "gender": "女"},
        {"name": "李四", "gender": "男", "id_number": LI, "age": 1.0},
    ]
    plain = roster_findings(rspec, rows, 2023, dt.date(2023, 5, 20), dt.date(2023, 6, 1))
    memo: dict[Any, Any] = {}
    for _ in range(2):  # cold, then every cell from the memo
        assert roster_findings(rspec, rows, 2023, dt.date(2023, 5, 20), dt.date(2023, 6, 1), memo) == plain
    rules = [(f.rule, f.fields[0]) for f in plain]
    assert ("R-FORM-1", "roster[2].name") in rules and ("R-ID-2", "roster[3].id_number") in rules
    assert ("R-ID-1", "roster[6].id_number") in rules and ("R-ID-5", "roster[7].id_number") in rules
    assert ("R-ID-4", "roster[7]") in rules  # 男 stated for a woman's number


def test_one_person_records_across_records(qp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The town's cross-record rules for records naming one person, re-run over what the
    district holds and the package: 品上海's yearly sum per person (R-TRIP-3: 300 held, then 150
    and 100 in one package — the second passes 500) and one enrolment a person a project
    (R-ID-5: 王五 on two INS records of one package)."""
    def psh(uid: str, amount: str) -> list[Any]:
        vals = {"name": "李四", "id_number": LI, "goods": "品上海礼盒", "purchase_date": "2023-06-01", "amount": amount}
        return record(uid, vals, headcount=1, subsidy_fen=0, form="PSH", project="QP2023-01")

    with qp.transaction() as s:
        first = ex.import_package(s, package(tmp_path, [psh("p1", "300")]), SECRET, dry_run=False)
    assert first.records.new == 1 and first.checks == []
    ins = {"name": "王五", "id_number": WANG, "mobile": "13812345678", "industry": "快递物流", "plan": "E",
           "enrol_mode": "individual", "pay_date": "2023-05-20"}
    rows = [psh("p2", "150"), psh("p3", "100"),
            record("i1", ins, headcount=1, form="INS", project="QP2023-02"),
            record("i2", ins, headcount=1, form="INS", project="QP2023-02")]
    with qp.transaction() as s:
        summary = ex.import_package(s, package(tmp_path, rows, sequence=2), SECRET, dry_run=False)
    assert summary.records.new == 4 and summary.records.rejected == 0
    got = [(c["uid"], c["rule"], c["message"]) for c in summary.checks if c["rule"] in ("R-TRIP-3", "R-ID-5")]
    assert got == [
        ("p3", "R-TRIP-3", "品上海：此人本年度已用 450.00 元，本次 100.00 元，合计 550.00 元，超过每人每年 500 元上限（R-TRIP-3）"),
        ("i1", "R-ID-5", f"身份证号码 {mask_id(WANG)} 也在本数据包的记录（甲公司 INS 记录 i2）中，同一人同一项目每年只能享受一次（R-ID-5）"),
        ("i2", "R-ID-5", f"身份证号码 {mask_id(WANG)} 也在本数据包的记录（甲公司 INS 记录 i1）中，同一人同一项目每年只能享受一次（R-ID-5）"),
    ]
    with qp.session() as s:
        stored = {r.uid: [(f["rule"], f["fields"]) for f in r.findings if f["rule"] in ("R-TRIP-3", "R-ID-5")]
                  for r in s.scalars(select(models.Record))}
    assert stored == {"p1": [], "p2": [], "p3": [("R-TRIP-3", ["amount"])],
                      "i1": [("R-ID-5", ["id_number"])], "i2": [("R-ID-5", ["id_number"])]}
