"""Excel out: error workbook, templates, official roster export, list export, round trips."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop_app.documents.xlsx_errors import ERROR_FILL, WARNING_FILL
from desktop_app.services.records import RecordInput, save_record
from desktop_app.services.roster_export import export_list, export_roster, write_template
from desktop_app.services.roster_import import commit, detect, dry_run, write_error_report
from tests.unit import xlsx_factory as xf

TODAY = dt.date(2023, 6, 1)
ID_A = xf.id_ending_x("19900101")


def preview(app, path: Path, form: str = "2-3-6", **kw):  # type: ignore[no-untyped-def]
    with app.session() as s:
        return dry_run(s, detect(path, form, specs=app.specs, session=s), specs=app.specs, today=TODAY, **kw)


def no_formulas(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)


def test_error_workbook(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = xf.roster_236(tmp_path / "src.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
        xf.person(2, "王五", "男", "已婚", 50, 110105194912310016),   # row 5: R-ID-3
        xf.person(3, "赵六", "男", "已婚", 20, ID_A),                 # row 6: age warning
    ])
    ws0 = openpyxl.load_workbook(src).active
    ws0["C4"].font = openpyxl.styles.Font(bold=True, color="0000FF")
    ws0.parent.save(src)
    p = preview(app, src)
    out = write_error_report(p, tmp_path / "back" / "errors.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "体检名册"]
    ws = wb["体检名册"]
    assert ws["C4"].font.b and ws["C4"].font.color.rgb.endswith("0000FF")  # their formatting kept
    assert ws["H5"].fill.fgColor.rgb.endswith(ERROR_FILL) and "R-ID-3" in ws["H5"].comment.text
    assert ws["G6"].fill.fgColor.rgb.endswith(WARNING_FILL)
    assert ws["J2"].value == "问题说明"
    assert ws["J5"].value.startswith("[R-ID-3] 身份证号码：") and ws["J4"].value is None
    assert "R-ID-4" in ws["J6"].value
    summary = {r[0]: r[1] for r in wb["汇总"].iter_rows(values_only=True) if r and r[0]}
    assert summary["数据行数"] == 3 and summary["有错误（未导入）"] == 1 and summary["新增"] == 2
    rules = {r[0]: r[3] for r in wb["汇总"].iter_rows(values_only=True) if r and str(r[0]).startswith("R-")}
    assert rules == {"R-ID-3": 1, "R-ID-4": 1}
    assert not list((tmp_path / "back").glob(".*tmp"))  # written atomically, no leftovers


def test_error_workbook_from_xls(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = xf.xls_roster(tmp_path / "old.xls", [[1, "甲", "张三", "男", "已婚", 34, xf.ID_F, None]])
    out = write_error_report(preview(app, src), tmp_path / "back.xlsx")
    ws = openpyxl.load_workbook(out)["名册"]
    assert ws["A1"].value.startswith("2023") and "A1:H1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["D3"].fill.fgColor.rgb.endswith(ERROR_FILL)  # 性别 男 vs a female number
    assert "R-ID-4" in ws["I3"].value


@pytest.mark.parametrize("form", ["2-3-6", "INS", "JS-8", "GIFT-LIST"])
def test_templates(app, tmp_path: Path, form: str) -> None:  # type: ignore[no-untyped-def]
    out = write_template(app.specs, form, tmp_path / f"{form}.xlsx", year=2024)
    ws = openpyxl.load_workbook(out).active
    texts = [c.value for row in ws.iter_rows(max_row=6) for c in row if isinstance(c.value, str)]
    assert any("2024" in t for t in texts) and any("身份证号码请按文本录入" in t for t in texts)
    first_data = int(ws.freeze_panes[1:])
    headers = {ws.cell(row=r, column=c).value: c for r in range(1, first_data) for c in range(1, ws.max_column + 1)}
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows and ws.print_title_rows.endswith(f"${first_data - 1}")
    if form != "GIFT-LIST":
        id_col = openpyxl.utils.get_column_letter(headers["身份证号码"])
        assert ws[f"{id_col}{first_data}"].number_format == "@"
        assert ws[f"{id_col}{first_data + 999}"].number_format == "@"
    if form == "2-3-6":
        assert ws.cell(row=first_data - 1, column=5).value == "已婚"
        assert validations[f"D{first_data}"].formula1 == '"男,女"'
        assert validations[f"E{first_data}"].formula1 == '"√"'
        phone = openpyxl.utils.get_column_letter(headers["联系电话"])
        assert ws[f"{phone}{first_data}"].number_format == "@"
    if form == "INS":
        industry = openpyxl.utils.get_column_letter(headers["行业"])
        plan = openpyxl.utils.get_column_letter(headers["保障计划"])
        assert "快递物流" in validations[f"{industry}{first_data}"].formula1
        assert validations[f"{plan}{first_data}"].formula1 == '"C 类,D 类,E 类"'


def test_filled_template_imports(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = write_template(app.specs, "2-3-6", tmp_path / "t.xlsx", year=2023)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    first = int(ws.freeze_panes[1:])
    for c, v in enumerate([1, "甲公司", "张三", "女", "√", None, 34, xf.ID_F, "13812345678"], start=1):
        ws.cell(row=first, column=c, value=v)
    wb.save(out)
    p = preview(app, out)
    assert p.counts["added"] == 1 and p.rows[0].row == first and not p.findings
    assert p.rows[0].values["married"] == "已婚"


def _roster_record(app, rows: list[dict]) -> int:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-6",
                           data=RecordInput(roster=rows, unit_name="甲公司"), draft=True).record.id


def test_roster_export_official_layout_and_round_trip(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rid = _roster_record(app, [
        {"unit": "=1+1", "name": "@张三", "gender": "女", "married": "已婚", "age": 34, "id_number": xf.ID_F},
        {"unit": "+甲公司", "name": "李四", "gender": "男", "married": "未婚", "age": 43, "id_number": xf.ID_M,
         "phone": "13812345678"},
        {"unit": "-乙", "name": "王五", "gender": "男", "id_number": ID_A},
    ])
    out = tmp_path / "roster.xlsx"
    with app.session() as s:
        result = export_roster(s, app.specs, rid, out)
    assert result.rows == 3 and result.full_ids
    no_formulas(out)
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "附件 2-3-6" and ws["A2"].value == "2023 年青浦工会各类职工健康体检名册"
    assert [ws.cell(row=3, column=c).value for c in range(1, 8)] == ["序号", "单 位", "姓名", "性别", "婚否", None, "年龄"]
    assert (ws["E4"].value, ws["F4"].value) == ("已婚", "未婚")
    assert [ws[f"A{r}"].value for r in (5, 6, 7)] == [1, 2, 3]
    assert (ws["E5"].value, ws["F5"].value, ws["F6"].value) == ("√", None, "√")
    assert ws["H5"].value == xf.ID_F and ws["H5"].data_type == "s" and ws["H5"].number_format == "@"
    assert ws["B5"].value == "=1+1" and ws["C5"].value == "@张三"
    p = preview(app, out, record_id=rid)
    assert p.counts == {"rows": 3, "added": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert p.rows[0].values["unit"] == "=1+1"
    with app.session() as s:
        masked = export_roster(s, app.specs, rid, tmp_path / "masked.xlsx", mask=True)
    assert not masked.full_ids
    assert openpyxl.load_workbook(masked.path).active["H5"].value == "310118********002X"


def test_round_trip_into_fresh_store(app, tmp_path: Path, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    rid = _roster_record(app, [
        {"unit": "甲公司", "name": "张三", "gender": "女", "married": "已婚", "age": 34, "id_number": xf.ID_F},
        {"unit": "甲公司", "name": "李四", "gender": "男", "married": "未婚", "age": 43, "id_number": xf.ID_M},
    ])
    out = tmp_path / "roster.xlsx"
    with app.session() as s:
        export_roster(s, app.specs, rid, out)
    from desktop_app.services.app import App

    other = App.open(tmp_path / "other")
    try:
        with other.transaction() as s:
            plan = detect(out, "2-3-6", specs=other.specs, session=s)
            pv = dry_run(s, plan, specs=other.specs, today=TODAY)
            commit(s, pv, specs=other.specs)
        assert [r.values for r in pv.rows] == [
            {"unit": "甲公司", "name": "张三", "gender": "女", "married": "已婚", "age": 34, "id_number": xf.ID_F},
            {"unit": "甲公司", "name": "李四", "gender": "男", "married": "未婚", "age": 43, "id_number": xf.ID_M},
        ]
    finally:
        other.close()


def test_list_export(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        save_record(s, app.specs, project_code="QP2023-04", form_code="WISH", draft=True,
                    data=RecordInput(values={"worker_name": "=HYPERLINK(\"http://x\")", "id_number": xf.ID_F,
                                             "work_unit": "-甲公司"}))
    out = tmp_path / "wish.xlsx"
    with app.session() as s:
        result = export_list(s, app.specs, "WISH", out, project_code="QP2023-04")
    assert result.rows == 1 and result.full_ids
    no_formulas(out)
    ws = openpyxl.load_workbook(out).active
    headers = [c.value for c in ws[2]]
    assert headers[:2] == ["编号", "单位"] and "职工姓名" in headers and "记录状态" in headers
    row = {h: c.value for h, c in zip(headers, ws[3])}
    assert row["职工姓名"].startswith("=HYPERLINK") and row["身份证号码"] == xf.ID_F and row["记录状态"] == "草稿"
    assert ws.cell(row=3, column=headers.index("身份证号码") + 1).number_format == "@"
    p = preview(app, out, form="WISH")  # the list reads back as people
    assert p.rows[0].id_number == xf.ID_F and p.rows[0].values["work_unit"] == "-甲公司"
    with app.session() as s:
        masked = export_list(s, app.specs, "WISH", tmp_path / "m.xlsx", mask=True)
    assert "*" in str(openpyxl.load_workbook(masked.path).active.cell(row=3, column=headers.index("身份证号码") + 1).value)


def test_error_workbook_id_and_phone_columns_are_text_with_the_personal_information_note(
        app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: what the enterprise types next into 身份证号 / 联系电话 stays text, and the file
    says it holds personal information."""
    from desktop_app.documents.xlsx_errors import PERSONAL_INFO_NOTE

    src = xf.roster_236(tmp_path / "src.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F, 13912345678),       # phone typed as a number
        xf.person(2, "王五", "男", "已婚", 50, 110105194912310016, "021-59729571"),  # R-ID-3
    ])
    out = write_error_report(preview(app, src), tmp_path / "errors.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["体检名册"]
    assert ws["I4"].value == "13912345678" and ws["I4"].data_type == "s"
    assert ws["I5"].value == "021-59729571"
    assert all(ws[f"{col}{r}"].number_format == "@" for col in "HI" for r in (4, 5))
    assert isinstance(ws["H5"].value, (int, float))  # the number as it arrived: kept, marked R-ID-3
    assert ws["G4"].number_format != "@"  # 年龄 untouched
    texts = [r[0] for r in wb["汇总"].iter_rows(values_only=True) if r and r[0]]
    assert PERSONAL_INFO_NOTE in texts and "个人信息" in PERSONAL_INFO_NOTE
