"""Reading rosters: typed cells, header rows under titles, two-level headers, synonyms."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop_app.core.forms import load_specs
from desktop_app.documents.xlsx_columns import row_spec, split_options, tick_state
from desktop_app.documents.xlsx_read import (
    col_letter,
    detect_header,
    filled_header_grid,
    make_matcher,
    open_workbook,
)
from tests.unit import xlsx_factory as xf


@pytest.fixture(scope="module")
def rspec():  # type: ignore[no-untyped-def]
    return row_spec(load_specs()["2-3-6"])


def guess(path: Path, rspec, sheet: str | None = None):  # type: ignore[no-untyped-def]
    with open_workbook(path) as wb:
        name = sheet or wb.sheet_names()[0]
        grid = filled_header_grid(wb.rows(name, nrows=20), wb.merged(name), 20)
    return detect_header(grid, make_matcher(rspec.match_header), split_options(rspec))


def targets(g) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {col_letter(c.index): c.target for c in g.columns if c.target}


def test_cells_keep_their_type(tmp_path: Path) -> None:
    p = xf.simple_sheet(tmp_path / "t.xlsx", [["身份证号码"], [xf.ID_F], [310118198905170021]])
    with open_workbook(p) as wb:
        rows = wb.rows(wb.sheet_names()[0])
    assert rows[1][0] == xf.ID_F
    assert isinstance(rows[2][0], (int, float))  # what R-ID-3 must see


def test_title_row_and_merged_two_level_header(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.roster_236(tmp_path / "r.xlsx", [xf.person(1, "张三", "女", "已婚", 34, xf.ID_F)])
    g = guess(p, rspec)
    assert g.rows == [1, 2] and g.first_data_row == 3  # 0-based: Excel rows 2–3, data from 4
    assert targets(g) == {"A": "seq", "B": "unit", "C": "name", "D": "gender", "E": "married=已婚",
                          "F": "married=未婚", "G": "age", "H": "id_number", "I": "phone"}
    married = next(c for c in g.columns if c.index == 4)
    assert married.header == "婚否/已婚" and married.parent == "婚否"


def test_two_level_header_without_merges(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.roster_236(tmp_path / "r.xlsx", [], merged=False)
    g = guess(p, rspec)
    assert g.rows == [1, 2]
    assert targets(g)["E"] == "married=已婚" and targets(g)["F"] == "married=未婚"


def test_sub_header_row_has_most_headers(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    """婚否 alone in the upper row, every other header in the lower one."""
    p = xf.simple_sheet(tmp_path / "r.xlsx", [
        ["某公司体检名单"],
        [None, None, None, "婚否", None],
        ["编号", "职工姓名", "性别", "已婚", "未婚", "身份证"],
        [1, "张三", "女", "√", None, xf.ID_F],
    ])
    g = guess(p, rspec)
    assert g.rows == [1, 2] and g.first_data_row == 3
    assert targets(g) == {"A": "seq", "B": "name", "C": "gender", "D": "married=已婚",
                          "E": "married=未婚", "F": "id_number"}


def test_single_married_column_is_not_a_sub_header(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.simple_sheet(tmp_path / "r.xlsx", [
        ["姓名", "婚否", "身份证号码"],
        ["张三", "已婚", xf.ID_F],
        ["李四", "未婚", xf.ID_M],
    ])
    g = guess(p, rspec)
    assert g.rows == [0] and targets(g) == {"A": "name", "B": "married", "C": "id_number"}


def test_synonyms_brackets_and_duplicates(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.simple_sheet(tmp_path / "r.xlsx", [
        ["工作单位", "名字", "证件号码（必填）", "年龄(岁)", "手机", "电话", "备注"],
    ])
    g = guess(p, rspec)
    assert targets(g) == {"A": "unit", "B": "name", "C": "id_number", "D": "age", "E": "phone"}
    assert [c.header for c in g.columns if c.target is None] == ["电话", "备注"]


def test_full_width_and_spaced_headers(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.simple_sheet(tmp_path / "r.xlsx", [["姓　名", "身份证\n号码", "性 别："]])
    assert targets(guess(p, rspec)) == {"A": "name", "B": "id_number", "C": "gender"}


def test_not_a_roster(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.simple_sheet(tmp_path / "budget.xlsx", [["项目", "金额", "备注"], ["餐费", 8000, ""]])
    assert guess(p, rspec) is None


def test_xls_reads_with_merges(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    p = xf.xls_roster(tmp_path / "old.xls", [[1, "甲", "张三", "女", "已婚", 34, xf.ID_F, "13812345678"]])
    with open_workbook(p) as wb:
        assert wb.merged("名册")[0] == ((0, 0), (0, 7))
    g = guess(p, rspec)
    assert g.rows == [1]
    assert targets(g) == {"A": "seq", "B": "unit", "C": "name", "D": "gender", "E": "married",
                          "F": "age", "G": "id_number", "H": "phone"}


def test_tick_marks() -> None:
    for mark in ("√", "✓", "✔", "是", "1", 1, 1.0, "Y", "y", "已婚"):
        assert tick_state(mark, "已婚") is True, mark
    for mark in ("", None, "否", 0, "×", "N"):
        assert tick_state(mark) is False, mark
    assert tick_state("也许") is None


def test_col_letter() -> None:
    assert [col_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_hidden_sheets_come_last(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "选项"
    wb.active.sheet_state = "hidden"
    wb.create_sheet("名册")
    wb.save(tmp_path / "h.xlsx")
    with open_workbook(tmp_path / "h.xlsx") as book:
        assert book.sheet_names() == ["名册", "选项"]


def test_stray_far_cell_makes_a_huge_area(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.documents import xlsx_read
    from desktop_app.documents.xlsx_safety import WorkbookRefused

    wb = openpyxl.Workbook()
    wb.active["A1"] = "姓名"
    wb.active["ZZ300"] = "x"
    wb.save(tmp_path / "wide.xlsx")
    monkeypatch.setattr(xlsx_read, "MAX_CELLS", 100_000)
    with open_workbook(tmp_path / "wide.xlsx") as book:
        assert len(book.rows("Sheet", nrows=20)) == 20  # the header scan still works
        with pytest.raises(WorkbookRefused, match="数据区域过大"):
            book.rows("Sheet")


def test_data_starting_far_from_a1(tmp_path: Path, rspec) -> None:  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C5"], ws["D5"], ws["E5"] = "姓名", "性别", "身份证号码"
    ws["C6"], ws["D6"], ws["E6"] = "张三", "女", xf.ID_F
    wb.save(tmp_path / "far.xlsx")
    g = guess(tmp_path / "far.xlsx", rspec)
    assert g.rows == [4] and targets(g) == {"C": "name", "D": "gender", "E": "id_number"}
    with open_workbook(tmp_path / "far.xlsx") as book:
        assert book.rows("Sheet")[5][4] == xf.ID_F
