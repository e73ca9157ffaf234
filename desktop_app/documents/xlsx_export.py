"""Excel exports: the official 2-3-6 roster layout and plain lists of records.

Both stream through :mod:`xlsx_fastwrite` (openpyxl's write-only mode serialises cells in pure
Python without lxml: 2.2 s for 10,000 rows, over the 1.5 s budget) and are written atomically.
User text is always a text cell — a value starting with = + - @ stays text and never becomes a
formula (PITFALLS §11, CWE-1236); identity numbers and phones are text cells formatted '@' so
that opening and saving the file in Excel cannot turn them into numbers. The roster export
reads back through the importer unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop_app.core.field_types import FieldType, field_type
from desktop_app.core.forms import FormSpec
from desktop_app.documents.xlsx_columns import Leaf, column_width, header_band, leaves, row_spec
from desktop_app.documents.xlsx_fastwrite import (
    BODY,
    CENTER,
    DEFAULT,
    HEAD,
    MONEY,
    TEXT,
    TITLE,
    SheetLayout,
    col_letters,
    write_xlsx,
)

TICK = "√"


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
    rspec = row_spec(spec)
    if rspec is None:
        raise ValueError(f"表单 {spec.code} 没有名册。")
    cols = leaves(rspec, printed_only=printed_only)
    letters = col_letters(len(cols))
    top: list[list[tuple[Any, int]]] = []
    if spec.attachment:
        top.append([(spec.attachment, DEFAULT)])
    top.append([(spec.title_for(year), TITLE)])
    title_row = len(top)
    band, merges = header_band(cols)
    top += [[(t, HEAD) for t in texts] for texts in band]
    header_first, header_last = title_row + 1, title_row + len(band)
    ranges = [f"A{title_row}:{letters[-1]}{title_row}"] + [
        f"{letters[c0]}{header_first + r0}:{letters[c1]}{header_first + r1}" for r0, c0, r1, c1 in merges
    ]
    layout = SheetLayout(
        name=spec.code, widths=[column_width(leaf) for leaf in cols], merges=ranges,
        freeze_row=header_last + 1, print_titles=(header_first, header_last),
        landscape=spec.orientation == "landscape" or len(cols) > 9,
    )
    counted = [0]

    def body() -> Iterator[list[tuple[Any, int]]]:
        yield from top
        kinds = [_kind(leaf) for leaf in cols]
        fields = [leaf.column.as_field() for leaf in cols]  # what the field types read, once a column
        n = 0
        for n, row in enumerate(rows, start=1):
            out_row: list[tuple[Any, int]] = []
            for leaf, field, (kind, ft) in zip(cols, fields, kinds):
                if kind == "seq":
                    out_row.append((n, CENTER))
                elif kind == "tick":
                    out_row.append((TICK if row.get(leaf.key) == leaf.option else None, CENTER))
                else:  # identity numbers and phones: text cells, masked when asked
                    value = ft.excel_value(field, row.get(leaf.key), masked=mask)
                    out_row.append((value, TEXT if ft.personal else MONEY if isinstance(value, Decimal) else BODY))
            yield out_row
        counted[0] = n
        for note in spec.notes:
            yield [(note, DEFAULT)]

    path, _ = write_xlsx(out, layout, body())
    return path, counted[0]


def _kind(leaf: Leaf) -> tuple[str, FieldType]:
    """How a roster sheet writes a leaf: "seq" (the row number), "tick" (√ under one option of
    a split column) or "value" (the type's ``excel_value``)."""
    ft = field_type(leaf.column.type)
    if ft.row_number:
        return "seq", ft
    if leaf.option is not None:
        return "tick", ft
    return "value", ft


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

    ``kinds`` per column: "text" (forced text, '@'), "number" (as given; Decimal → 0.00) or
    "value"."""
    widths = []
    for header, kind in zip(headers, kinds):
        wide = 22 if kind == "text" and ("身份证" in header or "号码" in header) else 14
        widths.append(max(wide, min(40, len(header) * 2 + 2)))
    letters = col_letters(max(1, len(headers)))
    layout = SheetLayout(name=sheet, widths=widths, merges=[f"A1:{letters[-1]}1"], freeze_row=3,
                         print_titles=(2, 2), landscape=len(headers) > 8)
    styles = [TEXT if k == "text" else BODY for k in kinds]
    counted = [0]

    def body() -> Iterator[list[tuple[Any, int]]]:
        from decimal import Decimal

        yield [(title, TITLE)]
        yield [(h, HEAD) for h in headers]
        n = 0
        for n, row in enumerate(rows, start=1):
            yield [
                (None if v in (None, "") else (str(v) if k == "text" else v),
                 MONEY if isinstance(v, Decimal) else s)
                for v, k, s in zip(row, kinds, styles)
            ]
        counted[0] = n

    path, _ = write_xlsx(out, layout, body())
    return path, counted[0]
