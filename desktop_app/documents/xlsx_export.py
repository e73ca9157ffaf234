"""Excel exports: the official 2-3-6 roster layout and plain lists of records.

Both stream through openpyxl's write-only mode (constant memory, ~10,000 rows a second or
better) and are written atomically. User text is always a text cell — a value starting with
= + - @ stays text and never becomes a formula (PITFALLS §11, CWE-1236); identity numbers and
phones are text cells formatted '@' so that opening and saving the file in Excel cannot turn
them into numbers. The roster export reads back through the importer unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from desktop_app.core.forms import FormSpec
from desktop_app.documents.xlsx_columns import Leaf, column_width, header_band, leaves, row_spec
from desktop_app.documents.xlsx_util import TEXT_FORMAT, atomic_save

TICK = "√"


class _Styles:
    """Prototype cells whose style arrays are copied onto each new cell (fast in write-only)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.ws = ws

        def proto(**kw: Any) -> Any:
            cell = WriteOnlyCell(ws)
            for k, v in kw.items():
                setattr(cell, k, v)
            return cell._style  # noqa: SLF001 - copying a StyleArray is the cheap way to style

        self.body = proto(border=border)
        self.text = proto(border=border, number_format=TEXT_FORMAT)
        self.center = proto(border=border, alignment=Alignment(horizontal="center"))
        self.head = proto(border=border, alignment=center, font=Font(bold=True),
                          fill=PatternFill("solid", fgColor="D9E1F2"))
        self.title = proto(font=Font(bold=True, size=16), alignment=Alignment(horizontal="center"))
        self.plain = proto()

    def cell(self, value: Any, style: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # user text is never a formula
        cell._style = copy(style)  # noqa: SLF001
        return cell


def _page_setup(ws: Any, header_first: int, header_last: int, landscape: bool) -> None:
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _mask(value: Any, kind: str, mask: bool) -> Any:
    if not mask or value in (None, ""):
        return value
    if kind == "id_number":
        from desktop_app.core.ids import mask_id

        return mask_id(str(value))
    from desktop_app.core.phones import mask_phone

    return mask_phone(value)


def write_roster(
    spec: FormSpec,
    rows: Iterable[dict[str, Any]],
    out: str | Path,
    *,
    year: int,
    mask: bool = False,
    printed_only: bool = True,
) -> tuple[Path, int]:
    """The official roster layout (2-3-6): attachment, title, two-level header, 序号, ticks.

    ``rows`` are keyed by roster column (``records.roster_rows``). Returns (path, rows written)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    rspec = row_spec(spec)
    if rspec is None:
        raise ValueError(f"表单 {spec.code} 没有名册。")
    cols = leaves(rspec, printed_only=printed_only)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(spec.code)
    st = _Styles(ws)
    last = get_column_letter(len(cols))
    for c, leaf in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(c)].width = column_width(leaf)
    r = 0
    if spec.attachment:
        ws.append([st.cell(spec.attachment, st.plain)])
        r += 1
    ws.append([st.cell(spec.title_for(year), st.title)])
    r += 1
    ws.merged_cells.add(f"A{r}:{last}{r}")
    band, merges = header_band(cols)
    for texts in band:
        ws.append([st.cell(t, st.head) for t in texts])
    for r0, c0, r1, c1 in merges:
        ws.merged_cells.add(f"{get_column_letter(c0 + 1)}{r + 1 + r0}:{get_column_letter(c1 + 1)}{r + 1 + r1}")
    header_first, header_last = r + 1, r + len(band)
    kinds = [_kind(leaf) for leaf in cols]
    count = 0
    for count, row in enumerate(rows, start=1):
        out_row = []
        for leaf, kind in zip(cols, kinds):
            if kind == "seq":
                out_row.append(st.cell(count, st.center))
            elif kind == "tick":
                out_row.append(st.cell(TICK if row.get(leaf.key) == leaf.option else None, st.center))
            elif kind in ("id_number", "phone"):
                value = row.get(leaf.key)
                value = None if value in (None, "") else str(_mask(value, kind, mask))
                out_row.append(st.cell(value, st.text))
            else:
                out_row.append(st.cell(_display(leaf, row.get(leaf.key)), st.body))
        ws.append(out_row)
    for note in spec.notes:
        ws.append([st.cell(note, st.plain)])
    ws.freeze_panes = f"A{header_last + 1}"
    _page_setup(ws, header_first, header_last, spec.orientation == "landscape" or len(cols) > 9)
    return atomic_save(wb, out), count


def _kind(leaf: Leaf) -> str:
    t = leaf.column.type
    if t == "seq":
        return "seq"
    if leaf.option is not None:
        return "tick"
    if t == "id_number":
        return "id_number"
    if t in ("phone", "mobile"):
        return "phone"
    return "value"


def _display(leaf: Leaf, value: Any) -> Any:
    if value is None or value == "":
        return None
    col = leaf.column
    if col.type == "choice":
        return next((o.label for o in col.options if o.value == value), str(value))
    if col.type == "multi_choice" and isinstance(value, list):
        return "、".join(next((o.label for o in col.options if o.value == v), str(v)) for v in value)
    if col.type == "bool":
        return "是" if value else "否"
    return value


def write_list(
    title: str,
    headers: Sequence[str],
    kinds: Sequence[str],
    rows: Iterable[Sequence[Any]],
    out: str | Path,
    *,
    sheet: str = "列表",
) -> tuple[Path, int]:
    """A plain list: title row, one header row, one row per record.

    ``kinds`` per column: "text" (forced text, '@'), "number" or "value" (as given)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    st = _Styles(ws)
    for c, header in enumerate(headers, start=1):
        wide = 22 if kinds[c - 1] == "text" and ("身份证" in header or "号码" in header) else 14
        ws.column_dimensions[get_column_letter(c)].width = max(wide, min(40, len(header) * 2 + 2))
    ws.append([st.cell(title, st.title)])
    ws.merged_cells.add(f"A1:{get_column_letter(max(1, len(headers)))}1")
    ws.append([st.cell(h, st.head) for h in headers])
    count = 0
    for count, row in enumerate(rows, start=1):
        ws.append([
            st.cell(None if v in (None, "") else (str(v) if k == "text" else v), st.text if k == "text" else st.body)
            for v, k in zip(row, kinds)
        ])
    ws.freeze_panes = "A3"
    _page_setup(ws, 2, 2, len(headers) > 8)
    return atomic_save(wb, out), count
