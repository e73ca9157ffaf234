"""Record rows of a received package: each malformed part named (exchange_plan._record_problem)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.services.exchange_plan import _record_problem

PROJECTS = {"QP2023-03": (1, ["2-3-2"])}


def record(**changes: Any) -> dict[str, Any]:
    r = {"uid": "a1", "revision": 1, "project": "QP2023-03", "form": "2-3-2", "unit_name": "甲公司",
         "values": {}, "computed": {}, "findings": [], "headcount": 2, "subsidy_fen": 24000,
         "record_date": "2023-05-20", "roster": [[1, "31011819890517002X", {"married": "已婚"}],
                                                 [2, "310118199001010011", {}]]}
    r.update(changes)
    return r


def test_a_good_record_has_no_problem() -> None:
    assert _record_problem(record(), PROJECTS) is None
    assert _record_problem(record(roster=[]), PROJECTS) is None


@pytest.mark.parametrize("roster", [
    None, "1,2,3", {"1": 2}, [(1, "31011819890517002X", {})], [[1, "31011819890517002X"]],
    [[1, "31011819890517002X", {}, 4]], [["1", "31011819890517002X", {}]], [[True, "31011819890517002X", {}]],
    [[1, 310118198905170020, {}]], [[1, "31011819890517002X", []]], ["abc"], [[1, "x", {}], [2, "y", None]],
    [[1, "x", {}], 7],
])
def test_malformed_rosters_are_named(roster: Any) -> None:
    assert _record_problem(record(roster=roster), PROJECTS) == "名册格式不正确"


@pytest.mark.parametrize(("changes", "problem"), [
    ({"revision": 0}, "版本号无效"),
    ({"revision": True}, "版本号无效"),
    ({"project": "XX"}, "本单位的项目目录中没有项目 XX（请先更新项目目录）"),
    ({"form": "2-3-6"}, "项目 QP2023-03 不使用表单 2-3-6"),
    ({"values": []}, "记录内容格式不正确"),
    ({"headcount": "2"}, "人数或补贴金额格式不正确"),
    ({"unit_name": 5}, "单位名称格式不正确"),
    ({"record_date": "2023-02-30"}, "日期格式不正确"),
])
def test_other_problems_are_named(changes: dict[str, Any], problem: str) -> None:
    assert _record_problem(record(**changes), PROJECTS) == problem
