"""The error workbook sent back to the enterprise: its own file, with the problems marked.

A copy of the enterprise's workbook (openpyxl, their formatting kept; an .xls becomes an
.xlsx with the same cells and merges) in which each bad cell is filled (red for errors,
yellow for warnings) and carries a comment, each bad row gets a 问题说明 cell at the right
(rule id and message), and a 汇总 sheet gives the counts and the problems per rule. The
enterprise fixes its own file and sends it again. Written atomically.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.documents.xlsx_safety import WorkbookRefused, check_workbook
from desktop_app.documents.xlsx_util import atomic_save

ERROR_FILL = "FFC7CE"  # light red
WARNING_FILL = "FFEB9C"  # yellow
HEADER_FILL = "D9D9D9"
NOTE_HEADER = "问题说明"
SUMMARY_SHEET = "汇总"
AUTHOR = "工会实事台账"
# openpyxl's normal mode (the only one that can edit a file) costs ~500 bytes a cell and
# ~75 µs: 100,000 rows × 8 columns took 413 MB and 60 s. A copy beyond this many cells is
# refused, so no file (hostile or not) makes the report cost more than ~300 MB (issue 20).
REPORT_MAX_CELLS = 600_000
# The workbook goes back to the enterprise with full identity and phone numbers in it.
PERSONAL_INFO_NOTE = ("注意：本文件含有职工的身份证号码、手机号码等个人信息，仅用于核对和改正本名册；"
                      "请妥善保管，不要通过不安全的渠道发送，用完请删除。")


@dataclass(frozen=True)
class ErrorMark:
    row: int  # Excel row number
    col: int | None  # 0-based column, None = the whole row
    column: str | None  # header text
    rule: str
    severity: str  # error | warning
    message: str


def _load(source: Path, kind: str, sheet: str) -> Any:
    import openpyxl

    if kind == "xls":
        return _from_xls(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "data validation extension not supported" and the like
        try:
            return openpyxl.load_workbook(source, keep_vba=False, keep_links=False)
        except Exception as exc:
            raise WorkbookRefused(f"文件“{source.name}”无法复制为错误标注文件（{exc}）。") from exc


def _from_xls(source: Path) -> Any:
    """An .xls cannot be edited by openpyxl: copy its cells and merges into a new workbook."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    from desktop_app.documents.xlsx_read import open_workbook

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    with open_workbook(source) as book:
        for name in book.sheet_names():
            ws = wb.create_sheet(title=name[:31])
            for r, row in enumerate(book.rows(name), start=1):
                for c, value in enumerate(row, start=1):
                    if value == "" or value is None:
                        continue
                    if isinstance(value, (dt.time, dt.timedelta)):
                        value = str(value)
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"
            for (r0, c0), (r1, c1) in book.merged(name):
                if (r0, c0) != (r1, c1):
                    ws.merge_cells(f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}")
    return wb


def write_error_workbook(
    source: str | Path,
    out: str | Path,
    *,
    sheet: str,
    header_row: int,
    last_header_row: int | None = None,
    marks: list[ErrorMark],
    counts: dict[str, int],
    title: str = "",
    text_columns: tuple[int, ...] = (),
) -> Path:
    """`text_columns` (0-based): identity-number and phone columns, stored as text so that
    what the enterprise types there next is not turned into a number (R-ID-3)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    source = Path(source)
    info = check_workbook(source)
    if info.cells > REPORT_MAX_CELLS:
        raise WorkbookRefused(
            f"文件“{source.name}”有约 {info.cells:,} 个填写的单元格，太大，无法生成错误标注文件"
            f"（上限 {REPORT_MAX_CELLS:,} 个，约 {REPORT_MAX_CELLS // 10:,} 行 × 10 列）。"
            "检查结果不受影响，问题已逐条列出；如需标注文件，请把名册分成几个文件后再检查。"
        )
    wb = _load(source, info.kind, sheet)
    if sheet not in wb.sheetnames:
        raise WorkbookRefused(f"文件“{source.name}”中没有工作表“{sheet}”。")
    ws = wb[sheet]
    fills = {"error": PatternFill("solid", fgColor=ERROR_FILL), "warning": PatternFill("solid", fgColor=WARNING_FILL)}
    by_cell: dict[tuple[int, int], list[ErrorMark]] = defaultdict(list)
    by_row: dict[int, list[ErrorMark]] = defaultdict(list)
    for m in marks:
        by_row[m.row].append(m)
        if m.col is not None:
            by_cell[(m.row, m.col)].append(m)
    note_col = ws.max_column + 1
    top_left = {}  # a mark inside a merged range goes on the range's top-left cell
    for rng in ws.merged_cells.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                top_left[(row, col)] = (rng.min_row, rng.min_col)
    merged_marks: dict[tuple[int, int], list[ErrorMark]] = defaultdict(list)
    for (r, c), items in by_cell.items():
        merged_marks[top_left.get((r, c + 1), (r, c + 1))].extend(items)
    for (r, c), items in merged_marks.items():
        cell = ws.cell(row=r, column=c)
        worst = "error" if any(i.severity == "error" for i in items) else "warning"
        cell.fill = fills[worst]
        text = "\n".join(f"[{i.rule}] {i.message}" for i in items)
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, min(60 + 40 * len(items), 400)
        cell.comment = comment
    last = last_header_row or header_row
    head = ws.cell(row=header_row, column=note_col, value=NOTE_HEADER)
    head.font = Font(bold=True, color="C00000")
    head.fill = PatternFill("solid", fgColor=HEADER_FILL)
    head.alignment = Alignment(horizontal="center", vertical="center")
    if last > header_row:
        letter = get_column_letter(note_col)
        ws.merge_cells(f"{letter}{header_row}:{letter}{last}")
    ws.column_dimensions[get_column_letter(note_col)].width = 60
    for r, items in sorted(by_row.items()):
        if (r, note_col) in top_left:
            continue
        text = "；".join(f"[{i.rule}] {(i.column + '：') if i.column else ''}{i.message}" for i in items)
        cell = ws.cell(row=r, column=note_col, value=text)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = fills["error" if any(i.severity == "error" for i in items) else "warning"]
    _text_columns(ws, text_columns, (last_header_row or header_row) + 1)
    _summary(wb, source, marks, counts, title)
    return atomic_save(wb, out)


def _text_columns(ws: Any, columns: tuple[int, ...], first_row: int) -> None:
    """Identity and phone columns as text: whole numbers become their digits as a string
    (an 11-digit mobile stored as a number loses nothing), every cell gets the "@" format."""
    for col in columns:
        for r in range(first_row, ws.max_row + 1):
            cell = ws.cell(row=r, column=col + 1)
            if type(cell).__name__ == "MergedCell":
                continue
            value = cell.value
            if isinstance(value, bool):
                continue
            if isinstance(value, (int, float)) and float(value).is_integer() and abs(value) < 10**15:
                cell.value = str(int(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.number_format = "@"


def _summary(wb: Any, source: Path, marks: list[ErrorMark], counts: dict[str, int], title: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    from desktop_app.core.rules.registry import RULES

    name = SUMMARY_SHEET
    n = 2
    while name in wb.sheetnames:
        name, n = f"{SUMMARY_SHEET}{n}", n + 1
    ws = wb.create_sheet(name, 0)
    bold = Font(bold=True)
    ws.append(["导入检查结果汇总"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([PERSONAL_INFO_NOTE])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True, color="C00000")
    rows = [
        ("文件", source.name), ("名册", title), ("检查时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("数据行数", counts.get("rows", 0)), ("新增", counts.get("added", 0)),
        ("更新", counts.get("updated", 0)), ("无变化", counts.get("unchanged", 0)),
        ("有错误（未导入）", counts.get("rejected", 0)),
        ("有提示（可导入）", len({m.row for m in marks if m.severity == "warning"}
                           - {m.row for m in marks if m.severity == "error"})),
    ]
    for label, value in rows:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=1).font = bold
        if isinstance(value, str):
            ws.cell(row=ws.max_row, column=2).data_type = "s"
    ws.append([])
    ws.append(["规则", "规则说明", "级别", "问题数", "涉及行（前 20 行）"])
    for c in range(1, 6):
        cell = ws.cell(row=ws.max_row, column=c)
        cell.font, cell.fill = bold, PatternFill("solid", fgColor=HEADER_FILL)
    per: Counter[tuple[str, str]] = Counter((m.rule, m.severity) for m in marks)
    where: dict[tuple[str, str], list[int]] = defaultdict(list)
    for m in marks:
        rows_of = where[(m.rule, m.severity)]
        if m.row not in rows_of:
            rows_of.append(m.row)
    for (rule, severity), count in sorted(per.items(), key=lambda kv: (kv[0][1] != "error", kv[0][0])):
        listed = where[(rule, severity)]
        text = "、".join(map(str, listed[:20])) + ("…" if len(listed) > 20 else "")
        ws.append([rule, RULES.get(rule, ""), "错误" if severity == "error" else "提示", count, text])
    if not per:
        ws.append(["没有发现问题。"])
    ws.append([])
    ws.append(["说明：标红的单元格有错误，标黄的有提示；鼠标指向单元格可看批注。"
               "请在原表中改正后重新发送。身份证号码列请先设为“文本”格式再录入。"])
    ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=False)
    for letter, width in zip("ABCDE", (18, 40, 8, 8, 40)):
        ws.column_dimensions[letter].width = width
