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
    [[1, "x", {}], 7], [[2**63, "31011819890517002X", {}]], [[-1, "31011819890517002X", {}]],
    [[1, "31011819890517002X", {"age": 2**63}]], [[1, "31011819890517002X", {"a": {"b": {"c": 1}}}]],
    [[1, "31011819890517002X", {"age": float("nan")}]], [[1, "31011819890517002X", {"age": -2.0**60}]],
])
def test_malformed_rosters_are_named(roster: Any) -> None:
    assert _record_problem(record(roster=roster), PROJECTS) == "名册格式不正确"


@pytest.mark.parametrize(("changes", "problem"), [
    ({"revision": 0}, "版本号无效"),
    ({"revision": True}, "版本号无效"),
    ({"project": "XX"}, "本单位的项目目录中没有项目 XX（请先更新项目目录）"),
    ({"form": "2-3-6"}, "项目 QP2023-03 不使用表单 2-3-6"),
    ({"values": []}, "记录内容格式不正确"),
    ({"headcount": "2"}, "人数 “2” 不在 0–1,000,000 的范围内"),
    ({"headcount": -5}, "人数 -5 不在 0–1,000,000 的范围内"),
    ({"headcount": 2**63}, "人数 9223372036854775808 不在 0–1,000,000 的范围内"),
    ({"subsidy_fen": 10**12}, "补贴金额 1000000000000 分不在合理范围内"),
    ({"subsidy_fen": [1]}, "补贴金额 [1] 分不在合理范围内"),
    ({"revision": 2**64}, "版本号无效"),
    ({"project": ["QP2023-03"]}, "项目或表单代码格式不正确"),
    ({"values": {"headcount": 2**63}}, "表单内容数字超出范围"),
    ({"values": {"a": [[[[["deep"]]]]]}}, "表单内容嵌套层数过多"),
    ({"computed": {"x": float("nan")}}, "计算结果数字超出范围"),
    ({"findings": [{"m": "x" * 30_000}]}, "检查结果文字过长"),
    ({"record_date": ["2023-05-20"]}, "日期格式不正确"),
    ({"unit_name": 5}, "单位名称格式不正确"),
    ({"record_date": "2023-02-30"}, "日期格式不正确"),
])
def test_other_problems_are_named(changes: dict[str, Any], problem: str) -> None:
    assert _record_problem(record(**changes), PROJECTS) == problem


def test_people_columns_in_another_order_or_missing_plan_the_same(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.app import App
    from desktop_app.services.exchange_summary import KindCounts
    from desktop_app.services.exchange_plan import plan_people
    from tests.unit.exchange_helpers import make_id

    canonical = ["id_number", "revision", "name", "gender", "work_unit", "phone"]
    rows = [[make_id(1), 1, " 张三 ", "男", " 甲公司 ", " 13812345678 "], [make_id(2), 2, "李四", "女", None, None],
            ["123", 1, "王五", "男", "乙", "1"], [make_id(3), 0, "赵六", "男", "乙", "1"]]
    order = ["phone", "name", "extra", "id_number", "work_unit", "revision", "gender"]
    shuffled = [[r[canonical.index(c)] if c in canonical else "?" for c in order] for r in rows]
    app = App.open(tmp_path / "d")
    try:
        with app.session() as s:
            a, b = KindCounts(), KindCounts()
            plan_a = plan_people(s, "T1", (canonical, rows), a)
            plan_b = plan_people(s, "T1", (order, shuffled), b)
            c = KindCounts()  # no phone column at all: phones are None, the rest as before
            plan_c = plan_people(s, "T1", (canonical[:5], [r[:5] for r in rows]), c)
    finally:
        app.close()
    assert plan_a.inserts == plan_b.inserts and a.to_dict() == b.to_dict()
    assert plan_a.inserts[0] == (make_id(1), "张三", "男", "甲公司", "13812345678", 1, plan_a.inserts[0][6], "T1")
    assert [r[0] for r in plan_a.inserts] == [make_id(1), make_id(2)] and a.rejected == 2
    assert [r[:4] + r[5:] for r in plan_c.inserts] == [r[:4] + r[5:] for r in plan_a.inserts]
    assert [r[4] for r in plan_c.inserts] == [None, None]


def test_people_identity_numbers_are_judged_by_core_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The package's people go through core.ids.canonical_id: a number with a correct check
    character but no such province (R-ID-4), or born in the future, is refused like check_id does."""
    import datetime as dt

    from desktop_app.core.ids import check_char, check_id
    from desktop_app.services.app import App
    from desktop_app.services.exchange_summary import KindCounts
    from desktop_app.services.exchange_plan import plan_people

    def num(prefix17: str) -> str:
        return prefix17 + check_char(prefix17)

    future = dt.date.today() + dt.timedelta(days=400)
    numbers = [num("31011819890517001"), num("99011819890517003"), num(f"310118{future:%Y%m%d}005")]
    assert [check_id(n).valid for n in numbers] == [True, False, False]
    cols = ["id_number", "revision", "name", "gender", "work_unit", "phone"]
    app = App.open(tmp_path / "d")
    try:
        with app.session() as s:
            counts = KindCounts()
            plan = plan_people(s, "T1", (cols, [[n, 1, "某人", "男", None, None] for n in numbers]), counts)
    finally:
        app.close()
    assert [r[0] for r in plan.inserts] == numbers[:1] and plan.inserts[0][6] == "1989-05-17"
    assert counts.rejected == 2
