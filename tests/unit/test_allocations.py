"""Quota allocations (issue 13): made at the district, carried down in the return package,
shown at the town beside the quota, and what R-QUOTA-1 warns against there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.documents import package_format as pf
from desktop_app.services import exchange as ex
from desktop_app.services.allocations import allocate, allocation_grid, allocation_of
from desktop_app.services.errors import NotFound, ValidationFailed
from tests.unit.exchange_helpers import SECRET, add_record, enrol, make_id, open_office


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)


@pytest.fixture()
def run_cli_for(capsys):  # type: ignore[no-untyped-def]
    from desktop_app.__main__ import main

    def _run(app, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
        code = main(["--data-dir", str(app.data_dir.root), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


@pytest.fixture()
def offices(tmp_path: Path):  # type: ignore[no-untyped-def]
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    xj = open_office(tmp_path, "XJ", "徐泾镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会", key=SECRET)  # each town its own key (issue 20); here the same text
    enrol(qp, "XJ", "徐泾镇总工会", key=SECRET)  # each town its own key (issue 20); here the same text
    usb = tmp_path / "usb"
    usb.mkdir()
    # the district knows its towns from their first data packages
    for town in (zjj, xj):
        add_record(town, "甲物流公司", [("李四", make_id(3))])
        with town.transaction() as s:
            pkg = ex.export_package(s, usb, SECRET)
        with qp.transaction() as s:
            ex.import_package(s, pkg.path, SECRET, dry_run=False)
    yield zjj, xj, qp, usb
    for a in (zjj, xj, qp):
        a.close()


def test_allocation_reaches_the_town_in_the_return_package(offices, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.cli.basic import project_rows

    zjj, xj, qp, usb = offices
    with qp.transaction() as s:
        r = allocate(s, "QP2023-03", "ZJJ", 1200)
        allocate(s, "QP2023-03", "徐泾镇总工会", 800)  # by name too
        allocate(s, "QP2023-01", "ZJJ", 300)
    assert r.warnings == [] and r.town_name == "朱家角镇总工会"
    with zjj.session() as s:  # nothing at the town before the package
        assert allocation_of(s, "QP2023-03") is None
    with qp.transaction() as s:
        ret = ex.export_return(s, "ZJJ", usb, SECRET)  # no decisions to send: made anyway
    assert ret.count == 0
    with zjj.transaction() as s:
        dry = ex.import_return(s, ret.path, SECRET, dry_run=True)
    assert {a["project"]: a["new"] for a in dry.allocations} == {"QP2023-01": 300, "QP2023-03": 1200}
    with zjj.session() as s:
        assert allocation_of(s, "QP2023-03") is None  # a dry run changes nothing
    with zjj.transaction() as s:
        back = ex.import_return(s, ret.path, SECRET)
    assert "名额分配更新 2 项" in back.message
    with zjj.session() as s:
        assert allocation_of(s, "QP2023-03") == 1200
        rows = {r["code"]: r for r in project_rows(s, 2023)}
    assert rows["QP2023-03"]["quota"] == 10_000 and rows["QP2023-03"]["allocation"] == 1200
    assert rows["QP2023-02"]["allocation"] is None
    assert back.findings == []
    with xj.session() as s:  # the other town got nothing yet
        assert allocation_of(s, "QP2023-03") is None

    # A change at the district travels in the next package; re-importing the old one is refused.
    with qp.transaction() as s:
        allocate(s, "QP2023-03", "ZJJ", 1000)
        ret2 = ex.export_return(s, "ZJJ", usb, SECRET)
    with zjj.transaction() as s:
        ex.import_return(s, ret2.path, SECRET)
        old = ex.import_return(s, ret.path, SECRET)
    assert old.allocations == []
    with zjj.session() as s:
        assert allocation_of(s, "QP2023-03") == 1000


def test_town_cli_list_and_quota_warning_use_the_allocation(offices, run_cli_for) -> None:  # type: ignore[no-untyped-def]
    zjj, _xj, qp, usb = offices
    with qp.transaction() as s:
        allocate(s, "QP2023-03", "ZJJ", 2)
        ret = ex.export_return(s, "ZJJ", usb, SECRET)
    with zjj.transaction() as s:
        ex.import_return(s, ret.path, SECRET)
    code, out, _ = run_cli_for(zjj, "projects", "list", "--year", "2023", "--json")
    assert code == 0
    row = next(r for r in json.loads(out) if r["code"] == "QP2023-03")
    assert (row["quota"], row["allocation"], row["progress"]) == (10_000, 2, 1)
    rid = add_record(zjj, "乙科技公司", [("王五", "440306198002290519"), ("赵六", make_id(9))])
    with zjj.session() as s:
        from desktop_app.store.models import Record

        findings = s.get(Record, rid).findings
    quota = [f for f in findings if f["rule"] == "R-QUOTA-1"]
    assert quota and "分配给本单位的名额 2 人" in quota[0]["message"] and "超出 1" in quota[0]["message"]


def test_grid_sums_and_over_warning(offices, run_cli_for) -> None:  # type: ignore[no-untyped-def]
    _zjj, _xj, qp, _usb = offices
    with qp.transaction() as s:
        allocate(s, "QP2023-04", "ZJJ", 60)
        over = allocate(s, "QP2023-04", "XJ", 50)
    assert over.allocated_total == 110
    assert len(over.warnings) == 1 and "已分配 110" in over.warnings[0] and "比项目名额 100 多 10 个" in over.warnings[0]
    with qp.session() as s:
        grid = allocation_grid(s, 2023)
    assert [c for c, _ in grid.towns] == ["XJ", "ZJJ"]
    wish = next(p for p in grid.projects if p["code"] == "QP2023-04")
    assert (wish["allocated"], wish["quota"], wish["over"]) == (110, 100, True)
    assert grid.cells[("QP2023-04", "ZJJ")] == 60
    code, out, err = run_cli_for(qp, "district", "allocate", "QP2023-04", "--town", "XJ", "--quota", "40", "--json")
    assert code == 0, err
    assert json.loads(out)["allocated_total"] == 100 and json.loads(out)["warnings"] == []
    code, out, err = run_cli_for(qp, "district", "allocations", "--year", "2023", "--json")
    assert code == 0 and json.loads(out)["projects"][3]["by_town"] == {"XJ": 40, "ZJJ": 60}


def test_refusals(offices, run_cli_for) -> None:  # type: ignore[no-untyped-def]
    zjj, _xj, qp, _usb = offices
    with qp.transaction() as s, pytest.raises(ValidationFailed, match="“分配名额”不能为负数"):
        allocate(s, "QP2023-03", "ZJJ", -5)
    with qp.transaction() as s, pytest.raises(ValidationFailed, match="“分配名额”须为整数"):
        allocate(s, "QP2023-03", "ZJJ", "十")
    with qp.transaction() as s, pytest.raises(NotFound, match="找不到街镇“ABC”"):
        allocate(s, "QP2023-03", "ABC", 5)
    with zjj.transaction() as s, pytest.raises(ValidationFailed, match="只有区总工会"):
        allocate(s, "QP2023-03", "ZJJ", 5)
    code, _out, err = run_cli_for(qp, "district", "allocate", "QP2099-03", "--town", "ZJJ", "--quota", "5")
    assert code == 2 and "找不到项目" in err
    with qp.session() as s:
        assert allocation_of(s, "QP2023-03") is None


def test_allocation_for_a_year_the_town_has_not_created(offices) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.catalog import copy_year

    zjj, _xj, qp, usb = offices
    with qp.transaction() as s:
        copy_year(s, 2023, 2024)
        allocate(s, "QP2024-03", "ZJJ", 900)
        ret = ex.export_return(s, "ZJJ", usb, SECRET)
    with zjj.transaction() as s:
        back = ex.import_return(s, ret.path, SECRET)
    assert any("QP2024-03 本机还没有" in f for f in back.findings)
    with zjj.transaction() as s:
        copy_year(s, 2023, 2024)
    with zjj.session() as s:
        assert allocation_of(s, "QP2024-03") == 900
