"""Self-check: Excel can be written (openpyxl) and read back (python-calamine) here.

Proves in a frozen bundle that both libraries and their compiled parts were collected, and that
the reader keeps a text identity number as text and a number cell as a number (R-ID-3).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from desktop_app.core.selfcheck import HasSpecs, check


@check("Excel 写入与读回")
def _excel_round_trip(app: HasSpecs) -> str:
    import openpyxl

    from desktop_app.documents.xlsx_read import open_workbook
    from desktop_app.documents.xlsx_templates import write_template

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("openpyxl 未启用 defusedxml 防护")
    spec = app.specs["2-3-6"]
    with tempfile.TemporaryDirectory(prefix="ul-selfcheck-") as tmp:
        template = write_template(spec, Path(tmp) / "template.xlsx", year=2023)
        roster = Path(tmp) / "roster.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["序号", "姓名", "身份证号码"])
        ws.append([1, "张三", "31011819890517002X"])
        ws.append([2, "李四", 440306198002290519])
        wb.save(roster)
        with open_workbook(template) as book:
            top = book.rows(book.sheet_names()[0], nrows=8)
        if not any("身份证号码" in row for row in top):
            raise RuntimeError("模板表头读回不对：没有“身份证号码”列")
        with open_workbook(roster) as book:
            rows = book.rows(book.sheet_names()[0])
        if rows[1][2] != "31011819890517002X" or not isinstance(rows[2][2], (int, float)):
            raise RuntimeError(f"读回的单元格类型不对：{rows[1][2]!r}, {rows[2][2]!r}")
    return "openpyxl 写入、python-calamine 读回正常；文本与数值单元格可区分"
