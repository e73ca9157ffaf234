"""A report (``report_model.Report``) as an .xlsx workbook: one sheet per section, each table
with its title, bold header and total row, numbers as numbers (money in yuan "#,##0.00", rates
"0.0%"), and each chart a native Excel chart over cells of the sheet, so a clerk can restyle
it, change its type or copy it into a Word report. Text is never a formula (PITFALLS §2.11).
"""

from __future__ import annotations

import io
from typing import Any

from desktop_app.documents.report_model import Chart, Report, Table, excel_value

FORMATS = {"int": "#,##0", "money": "#,##0.00", "percent": "0.0%", "text": "@"}


def _put(ws: Any, row: int, col: int, value: Any, kind: str = "text", bold: bool = False) -> Any:
    from openpyxl.styles import Font

    cell = ws.cell(row=row, column=col, value=excel_value(value, kind))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    elif kind != "text":
        cell.number_format = FORMATS[kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def _styles(wb: Any) -> dict[str, str]:
    """Named styles of the table cells, registered once per workbook: assigning a named style is
    a look-up by name, where assigning a Border or Font object compares it with every style the
    workbook holds (~0.3 ms a cell: 1.5 s for a report with a thousand 意见和建议)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    names = {f"ul_{k}{'_b' if bold else ''}": "" for k in FORMATS for bold in (False, True)}
    if "ul_head" in wb.named_styles:
        return {k: k for k in [*names, "ul_head"]}
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for kind, fmt in FORMATS.items():
        for bold in (False, True):
            style = NamedStyle(name=f"ul_{kind}{'_b' if bold else ''}", border=border, font=Font(bold=bold),
                               number_format=fmt if kind != "text" else "General")
            wb.add_named_style(style)
    wb.add_named_style(NamedStyle(
        name="ul_head", border=border, font=Font(bold=True), fill=PatternFill("solid", fgColor="E6E6E6"),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)))
    return {k: k for k in [*names, "ul_head"]}


def write_table(ws: Any, t: Table, top: int) -> int:
    """Write the table from row ``top``; returns the next free row."""
    styles = _styles(ws.parent)
    _put(ws, top, 1, t.title, bold=True)
    head = top + 1
    for j, name in enumerate(t.columns, start=1):
        c = ws.cell(row=head, column=j, value=name)
        c.data_type = "s"
        c.style = styles["ul_head"]
    r = head + 1
    for row in t.rows + ([t.total] if t.total else []):
        suffix = "_b" if t.total is not None and row is t.total else ""
        for j, (v, k) in enumerate(zip(row, t.kinds), start=1):
            c = ws.cell(row=r, column=j, value=excel_value(v, k))
            if isinstance(c.value, str):
                c.data_type = "s"  # user text is never a formula
            c.style = styles[f"ul_{k}{suffix}"]
        r += 1
    if t.note:
        _put(ws, r, 1, t.note)
        r += 1
    for j, name in enumerate(t.columns, start=1):
        letter = ws.cell(row=head, column=j).column_letter
        want = 22 if t.kinds[j - 1] == "text" else max(10, min(16, len(name) * 2 + 2))
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, want)
    return r + 1


def write_chart(ws: Any, chart: Chart, top: int) -> int:
    """The chart's data as a small table (category, one column per series) and a native chart
    anchored beside it; returns the next free row."""
    from openpyxl.chart import BarChart, LineChart, Reference

    _put(ws, top, 1, chart.title, bold=True)
    head = top + 1
    _put(ws, head, 1, "类别", bold=True)
    for j, (name, _vals) in enumerate(chart.series, start=2):
        _put(ws, head, j, name, bold=True)
    kind = "percent" if chart.value_kind == "percent" else "int"
    for i, cat in enumerate(chart.categories):
        _put(ws, head + 1 + i, 1, cat)
        for j, (_name, vals) in enumerate(chart.series, start=2):
            _put(ws, head + 1 + i, j, vals[i] if kind == "percent" else round(vals[i]), kind)
    last = head + len(chart.categories)
    if chart.kind == "line":
        xl: Any = LineChart()
    else:
        xl = BarChart()
        xl.type = "bar" if chart.kind == "hbar" else "col"
        if chart.kind == "stacked":
            xl.grouping = "stacked"
            xl.overlap = 100
    xl.title = chart.title
    xl.style = 10
    xl.height = max(7.5, 0.6 * len(chart.categories) + 3) if chart.kind == "hbar" else 8.0
    xl.width = 17.0
    data = Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=head, max_row=max(last, head + 1))
    cats = Reference(ws, min_col=1, min_row=head + 1, max_row=max(last, head + 1))
    xl.add_data(data, titles_from_data=True)
    xl.set_categories(cats)
    xl.y_axis.numFmt = "0%" if kind == "percent" else "#,##0"
    for axis in (xl.x_axis, xl.y_axis):
        axis.delete = False  # openpyxl ≥ 3.1 hides axes unless told otherwise
    if chart.kind == "hbar":
        xl.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    if len(chart.series) == 1:
        xl.legend = None
    anchor_col = 2 + len(chart.series) + 1
    ws.add_chart(xl, f"{ws.cell(row=top, column=anchor_col).column_letter}{top}")
    rows_needed = int(xl.height / 0.5) + 2  # a row is about 0.5 cm
    return max(last + 2, top + rows_needed)


def render_report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for section in report.sections:
        name = section.sheet[:31] or "Sheet"
        while name in used:
            name = name[:29] + f"_{len(used)}"
        used.add(name)
        ws = wb.create_sheet(name)
        _put(ws, 1, 1, report.title.replace("\n", ""), bold=True)
        _put(ws, 2, 1, f"{section.heading}　{report.subtitle}")
        row = 4
        for block in section.blocks:
            if isinstance(block, Table):
                row = write_table(ws, block, row)
            elif isinstance(block, Chart):
                row = write_chart(ws, block, row)
            else:
                _put(ws, row, 1, block)
                row += 2
    if not wb.sheetnames:
        wb.create_sheet("报告")
    wb.properties.creator = "工会实事台账 UnionLedger"
    wb.properties.title = report.title.replace("\n", "")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_xlsx(table: Table, sheet: str = "统计") -> bytes:
    """One table as a workbook of its own (the 统计 page's 导出 Excel)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    write_table(ws, table, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
