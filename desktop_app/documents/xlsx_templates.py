"""Blank Excel templates for the enterprises: the roster forms and the one-person forms' lists.

Each template has the attachment number and the title with the year, an instruction row,
the header (two-level for 2-3-6: 婚否 over 已婚 / 未婚), and 1,000 data rows whose identity
number and phone columns are already *text* formatted ('@'), so a number typed there cannot
be destroyed by Excel's 15-digit limit (PITFALLS §8, §10). Drop-down lists for gender, ticks,
industry, plan and the other choices come from the spec's options; the header is frozen and
the sheet prints on A4, fitted to the width, with the header repeated on every page.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.field_types import field_type
from desktop_app.core.forms import FormSpec
from desktop_app.documents.xlsx_columns import Leaf, column_width, header_band, leaves, row_spec
from desktop_app.documents.xlsx_util import TEXT_FORMAT, atomic_save

TEMPLATE_ROWS = 1000
MAX_LIST_CHARS = 255  # Excel's limit for an inline list validation
INSTRUCTION = (
    "填写说明：身份证号码请按文本录入（本表该列已设为文本格式，请勿改为“数值”或“常规”），"
    "18 位，末位 X 大写；{ticks}性别等带下拉箭头的列请从列表中选择；请勿修改、删除表头行；"
    "每人一行，中间不要留空行。"
)


def template_columns(spec: FormSpec) -> list[Leaf]:
    rspec = row_spec(spec)
    if rspec is None:
        raise ValueError(f"表单 {spec.code} 没有人员名单，无法生成 Excel 模板。")
    return leaves(rspec)


def _list_values(leaf: Leaf) -> list[str] | None:
    col = leaf.column
    if leaf.sub:
        return ["√"]
    return list(field_type(col.type).choices(col.as_field())) or None


def write_template(spec: FormSpec, out: str | Path, *, year: int, rows: int = TEMPLATE_ROWS) -> Path:
    """Write the blank template of ``spec`` to ``out`` (atomically); returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = template_columns(spec)
    n = len(cols)
    last = get_column_letter(n)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.code if spec.kind == "roster" else "名单"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    r = 1
    if spec.attachment:
        ws.cell(row=r, column=1, value=spec.attachment).font = Font(size=11)
        r += 1
    title = spec.title_for(year) if spec.kind == "roster" else f"{spec.title_for(year)}名单"
    ws.cell(row=r, column=1, value=title).font = Font(bold=True, size=16)
    ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[r].height = 30
    r += 1
    ticks = "婚否请在“已婚”或“未婚”下打 √；" if any(c.sub for c in cols) else ""
    text = INSTRUCTION.format(ticks=ticks) + ("\n" + "".join(spec.notes) if spec.notes else "")
    note = ws.cell(row=r, column=1, value=text)
    note.font = Font(size=10, color="C00000")
    note.alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[r].height = 60
    r += 1

    band, merges = header_band(cols)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    for i, texts in enumerate(band):
        for c, heading in enumerate(texts, start=1):
            cell = ws.cell(row=r + i, column=c, value=heading)
            cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), center, border, head_fill
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
    header_first, header_last = r, r + len(band) - 1
    first_data = header_last + 1
    last_data = first_data + rows - 1

    for c, leaf in enumerate(cols, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = column_width(leaf)
        ft = field_type(leaf.column.type)
        textual = ft.text_cell
        if textual:
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
        for row in range(first_data, last_data + 1):
            cell = ws.cell(row=row, column=c)
            cell.border = border
            if textual:
                cell.number_format = TEXT_FORMAT
            if leaf.sub:
                cell.alignment = Alignment(horizontal="center")
        values = _list_values(leaf)
        if values and len(",".join(values)) <= MAX_LIST_CHARS and not any("," in v for v in values):
            dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
            dv.error, dv.errorTitle = f"请从下拉列表中选择{leaf.header}。", "输入有误"
            dv.prompt, dv.promptTitle = f"请选择：{'、'.join(values)}", leaf.header
            dv.showErrorMessage = dv.showInputMessage = True
            dv.add(f"{letter}{first_data}:{letter}{last_data}")
            ws.add_data_validation(dv)
        if ft.identity:
            ref = f"{letter}{first_data}"
            dv = DataValidation(type="custom", formula1=f"OR(LEN({ref})=18,LEN({ref})=15)", allow_blank=True)
            dv.error, dv.errorTitle = "身份证号码应为 18 位（旧号码 15 位），请按文本录入。", "身份证号码"
            dv.showErrorMessage = True
            dv.add(f"{letter}{first_data}:{letter}{last_data}")
            ws.add_data_validation(dv)

    ws.freeze_panes = f"A{first_data}"
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if (spec.orientation == "landscape" or n > 9) else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return atomic_save(wb, out)
