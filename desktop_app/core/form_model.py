"""Form spec data model: the frozen dataclasses a form spec loads into (DESIGN §2).

Part of the form-spec layer (facade: ``desktop_app.core.forms``; format: ``docs/form-spec.md``).
Pure Python: no Qt, no SQL, no I/O.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Iterable, NamedTuple, Protocol

FIELD_TYPES = frozenset(
    {
        "text", "multiline", "int", "money", "date", "month_day", "phone", "mobile",
        "id_number", "gender", "bool", "choice", "multi_choice",
    }
)
ROSTER_TYPES = FIELD_TYPES | {"seq"}
KINDS = frozenset({"application", "survey", "roster", "registration", "demand", "record"})
COUNTS = ("field", "roster", "person", "unit", "none")
FORM_RULE = "R-FORM-1"  # generic field validation (required, type, options)
GENDERS = ("男", "女")


# ---------------------------------------------------------------------------------------------
# The spec dataclasses


def _option_label(options: Iterable["Option"], value: Any) -> str:
    """The printed label of the option stored as ``value``; unknown values as text."""
    for opt in options:
        if opt.value == value:
            return opt.label
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # exactly as printed beside its □


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # exactly as printed on paper (screen-only fields: the screen label)
    type: str
    required: bool = False
    options: tuple[Option, ...] = ()
    printed: bool = True  # JSON "print": false → entered on screen, never printed
    group: str | None = None  # the printed row label a field sits under ("其中", "体检职工人数")
    help: str | None = None
    default: Any = None
    max_length: int | None = None
    lines: int | None = None  # multiline: printed lines
    minimum: int | None = None  # JSON "min"
    maximum: int | None = None  # JSON "max"
    # JSON "directory": the list this text field completes from — "units" (the units
    # directory), "check_centres" (体检地点 / 承办体检中心), "travel_agencies" (承接旅行社).
    directory: str | None = None

    @property
    def display_label(self) -> str:
        """Label that stands alone (Excel column, message): "体检职工人数（男）"."""
        return f"{self.group}（{self.label}）" if self.group else self.label

    def option_label(self, value: Any) -> str:
        return _option_label(self.options, value)

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class Cell:
    """A grid cell, or a part of a parts cell / header / footer line.

    kind: label | field | parts | stamp | empty (grid cells); text | field (parts).
    A stamp cell has ``field`` = the stamp date key and ``text`` = the printed unit name.
    """

    kind: str
    text: str | None = None
    field: str | None = None
    parts: tuple["Cell", ...] = ()
    colspan: int = 1
    rowspan: int = 1
    align: str | None = None
    layout: str | None = None  # choice fields: horizontal | vertical
    box: str | None = None  # checkbox before (default) or after the option label

    def field_keys(self) -> tuple[str, ...]:
        own = (self.field,) if self.field else ()
        return own + tuple(k for p in self.parts for k in p.field_keys())


class Placement(NamedTuple):
    row: int
    col: int
    cell: Cell


@dataclass(frozen=True)
class GridSpec:
    widths: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def columns(self) -> int:
        return len(self.widths)

    def placements(self) -> tuple[Placement, ...]:
        """Each cell with its (row, column) slot, spans from rows above taken into account."""
        return tuple(_place_rows(self.rows, len(self.widths), None, ""))


@dataclass(frozen=True)
class RosterColumn:
    key: str
    label: str  # the column's name (Excel header, screen)
    type: str
    required: bool = False
    print_label: str | None = None  # as printed when it differs ("单 位")
    options: tuple[Option, ...] = ()
    split: bool = False  # choice printed as one sub-column per option (婚否 → 已婚 / 未婚)
    synonyms: tuple[str, ...] = ()  # other Excel header names accepted on import
    printed: bool = True
    width: float | None = None
    help: str | None = None

    @property
    def header(self) -> str:
        return self.print_label or self.label

    @property
    def display_label(self) -> str:
        return self.label

    def option_label(self, value: Any) -> str:
        return _option_label(self.options, value)

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def as_field(self) -> FieldSpec:
        ftype = "int" if self.type == "seq" else self.type
        return FieldSpec(self.key, self.label, ftype, self.required, self.options, self.printed,
                         help=self.help)


@dataclass(frozen=True)
class RosterSpec:
    columns: tuple[RosterColumn, ...]
    person_fields: dict[str, str] = dc_field(default_factory=dict, hash=False)

    def column(self, key: str) -> RosterColumn:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def match_header(self, header: Any) -> str | None:
        """Column key for an Excel header cell (label, printed label or a synonym)."""
        wanted = _norm_header(header)
        if not wanted:
            return None
        for col in self.columns:
            names = (col.label, col.print_label or "", *col.synonyms)
            if any(_norm_header(n) == wanted for n in names):
                return col.key
        return None


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str  # may hold "{year}"
    kind: str
    title_breaks: tuple[str, ...] = ()  # a title line may end only after one of these
    paper: bool = True
    attachment: str | None = None
    subtitle: str | None = None
    orientation: str = "portrait"
    copies: int = 1
    evaluator: str | None = None
    # The computed money key (the evaluator gives fen) that is the committed subsidy of a record; None:
    # the form carries no subsidy (surveys, rosters, lists).
    subsidy_field: str | None = None
    # The date field that dates the record (填表日期, 申请日期…: lists and statistics by month).
    record_date_field: str | None = None
    rules: tuple[str, ...] = ()
    roster_form: str | None = None
    headcount_field: str | None = None
    # JSON "unit_fields": which fields are the applying unit's name, contact, phone, address
    # and ownership. Saving a record keeps them in the units directory; picking a unit's name
    # fills the others (issue 18).
    unit_fields: dict[str, str] = dc_field(default_factory=dict, hash=False)
    # What a record adds to its project's progress (issue 12): "field" (headcount_field),
    # "roster" (rows, or the sum of count_column), "person", "unit" or "none" (surveys, logs).
    counts: str = "none"
    count_column: str | None = None
    # The date a roster's stated ages are taken at (R-ID-4), e.g. 2-3-2 体检时间.
    reference_date: str | None = None
    fields: tuple[FieldSpec, ...] = ()
    computed: tuple[FieldSpec, ...] = ()
    header: tuple[tuple[Cell, ...], ...] = ()
    grid: GridSpec | None = None
    footer: tuple[tuple[Cell, ...], ...] = ()
    notes: tuple[str, ...] = ()
    roster: RosterSpec | None = None
    source: str = ""  # file name it was loaded from

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        for f in self.computed:
            if f.key == key:
                return f
        raise KeyError(f"{self.code}: no field {key!r}")

    def has_field(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    def paper_fields(self) -> tuple[FieldSpec, ...]:
        """Fields printed on paper, in paper order (stamp dates included)."""
        return tuple(f for f in self.fields if f.printed)

    def screen_only_fields(self) -> tuple[FieldSpec, ...]:
        """Fields entered on screen but never printed ("print": false)."""
        return tuple(f for f in self.fields if not f.printed)

    def title_for(self, year: int | str) -> str:
        return self.title.replace("{year}", str(year))

    @property
    def roster_columns(self) -> tuple[RosterColumn, ...]:
        return self.roster.columns if self.roster else ()

    @property
    def all_field_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def stamp_keys(self) -> tuple[str, ...]:
        """Stamp date fields, in print order."""
        return tuple(c.field for c in self._all_cells() if c.kind == "stamp" and c.field)

    def stamp_labels(self) -> tuple[str, ...]:
        return tuple(c.text or "" for c in self._all_cells() if c.kind == "stamp")

    def layout_grid(self) -> GridSpec | None:
        """The paper grid, or for a record without one an automatic label/value grid."""
        if self.grid is not None:
            return self.grid
        if self.kind == "roster" or not self.fields:
            return None
        return auto_grid(self.fields)

    def _all_cells(self) -> Iterable[Cell]:
        for line in self.header:
            yield from line
        if self.grid:
            for row in self.grid.rows:
                yield from row
        for line in self.footer:
            yield from line


def auto_grid(fields: Iterable[FieldSpec], pairs: int = 2) -> GridSpec:
    """Label/value grid for a record without paper: ``pairs`` label+value pairs a row; long
    fields (multiline, multi_choice) take a whole row."""
    from desktop_app.core.field_types import field_type  # it imports this module

    width = pairs * 2
    rows: list[tuple[Cell, ...]] = []
    cur: list[Cell] = []
    for f in fields:
        wide = field_type(f.type).wide
        if cur and (wide or len(cur) == width):
            rows.append(_pad(cur, width))
            cur = []
        cur += [Cell("label", text=f.label), Cell("field", field=f.key, colspan=width - 1 if wide else 1)]
        if wide:
            rows.append(tuple(cur))
            cur = []
    if cur:
        rows.append(_pad(cur, width))
    return GridSpec(tuple([2.0, 4.0] * pairs), tuple(rows))


def _pad(cells: list[Cell], width: int) -> tuple[Cell, ...]:
    used = sum(c.colspan for c in cells)
    if used < width:
        last = cells[-1]
        cells = cells[:-1] + [Cell(last.kind, last.text, last.field, colspan=last.colspan + width - used)]
    return tuple(cells)


# ---------------------------------------------------------------------------------------------
# Placement and header names (shared by the model and the parser)


class SpecFailer(Protocol):
    """What placement needs of the spec parser: an error to raise for a place in the spec."""

    def fail(self, path: str, detail: str) -> Exception: ...


def _place_rows(
    rows: tuple[tuple[Cell, ...], ...], width: int, parser: SpecFailer | None, base: str
) -> Iterable[Placement]:
    """Place cells left to right, skipping slots held by rowspans from above.

    With a parser, a row that does not fill exactly ``width`` slots or a cell that overlaps a
    span is a SpecError; without one (already checked) it just yields placements."""
    owner: dict[tuple[int, int], int] = {}  # (row, col) → row of the cell that holds the slot
    for r, row in enumerate(rows):
        col = 0
        for j, cell in enumerate(row):
            while (r, col) in owner and owner[(r, col)] < r:
                col += 1
            where = f"{base}[{r}][{j}]"
            if parser is not None and col + cell.colspan > width:
                raise parser.fail(where, f"row fills more than {width} slots")
            for c in range(col, col + cell.colspan):
                if (r, c) in owner and parser is not None:
                    raise parser.fail(where, f"cell overlaps a rowspan from row {owner[(r, c)]}")
                for rr in range(r, r + cell.rowspan):
                    owner[(rr, c)] = r
            yield Placement(r, col, cell)
            col += cell.colspan
        filled = sum(1 for c in range(width) if (r, c) in owner)
        if parser is not None and filled != width:
            raise parser.fail(f"{base}[{r}]", f"row fills {filled} of {width} slots")


_HEADER_NOISE = re.compile(r"[\s*＊:：]+")


@functools.lru_cache(maxsize=4096)
def _norm_text(text: str) -> str:
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text))


def _norm_header(text: Any) -> str:
    """A header as compared: NFKC, without spaces, asterisks and colons (memoised: every
    header cell of a file is compared with every label and synonym of the form)."""
    if text is None:
        return ""
    return _norm_text(text if text.__class__ is str else str(text))
