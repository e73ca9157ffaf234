"""Form specs: each paper form (and each record kind without paper) described once, as data.

DESIGN §2 "One spec per paper form": the screen form, the PDF, the Excel columns and field
validation are all derived from the JSON files in ``resources/forms/`` (format:
``docs/form-spec.md``). This module loads and checks them; a bad spec is refused at load with
the file name and the JSON path of the problem (:class:`SpecError`).

Pure Python: no Qt, no SQL. Reading JSON from a directory passed in is the only I/O.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import json
import re
import unicodedata
from dataclasses import dataclass, field as dc_field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

from desktop_app.core.findings import Finding, error
from desktop_app.core.rules.registry import RULES

FIELD_TYPES = frozenset(
    {
        "text", "multiline", "int", "money", "date", "month_day", "phone", "mobile",
        "id_number", "gender", "bool", "choice", "multi_choice",
    }
)
ROSTER_TYPES = FIELD_TYPES | {"seq"}
KINDS = frozenset({"application", "survey", "roster", "registration", "demand", "record"})
FORM_RULE = "R-FORM-1"  # generic field validation (required, type, options)
GENDERS = ("男", "女")

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {
    "code", "attachment", "title", "subtitle", "kind", "paper", "orientation", "copies",
    "evaluator", "rules", "roster_form", "headcount_field", "fields", "computed", "header",
    "grid", "footer", "notes", "roster",
}
_FIELD_KEYS = {
    "key", "label", "type", "required", "options", "print", "group", "help", "default",
    "max_length", "lines", "min", "max",
}
_CELL_KEYS = {
    "label", "field", "parts", "stamp", "empty", "text", "colspan", "rowspan", "align",
    "layout", "box",
}
_CELL_KINDS = ("label", "field", "parts", "stamp", "empty")
_PART_KEYS = {"text", "field", "layout", "box", "align"}
_COLUMN_KEYS = {
    "key", "label", "type", "required", "options", "print_label", "split", "synonyms", "print",
    "width", "help",
}
_ROSTER_KEYS = {"columns", "person_fields"}


class SpecError(Exception):
    """A form spec is wrong. ``str(err)`` is "<file>: <json path>: <what>"."""

    def __init__(self, file: str, path: str, detail: str) -> None:
        self.file, self.path, self.detail = file, path, detail
        super().__init__(f"{file}: {path}: {detail}" if path else f"{file}: {detail}")


# ---------------------------------------------------------------------------------------------
# The spec dataclasses


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

    @property
    def display_label(self) -> str:
        """Label that stands alone (Excel column, message): "体检职工人数（男）"."""
        return f"{self.group}（{self.label}）" if self.group else self.label

    def option_label(self, value: Any) -> str:
        for opt in self.options:
            if opt.value == value:
                return opt.label
        return "" if value is None else str(value)

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
    paper: bool = True
    attachment: str | None = None
    subtitle: str | None = None
    orientation: str = "portrait"
    copies: int = 1
    evaluator: str | None = None
    rules: tuple[str, ...] = ()
    roster_form: str | None = None
    headcount_field: str | None = None
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
    width = pairs * 2
    rows: list[tuple[Cell, ...]] = []
    cur: list[Cell] = []
    for f in fields:
        wide = f.type in ("multiline", "multi_choice")
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
# Loading and checking


def default_forms_dir() -> Path:
    """resources/forms of a source checkout (the packaged app passes its own path)."""
    return Path(__file__).resolve().parents[2] / "resources" / "forms"


def load_spec(path: str | Path, evaluators: Mapping[str, Any] | None = None) -> FormSpec:
    """Load and check one spec file. ``evaluators`` defaults to core.evaluators.EVALUATORS
    when that module exists (otherwise evaluator names are not checked)."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SpecError(name, "", f"cannot read file: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SpecError(name, "", f"not UTF-8 text: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(name, f"line {exc.lineno} column {exc.colno}", f"bad JSON: {exc.msg}") from exc
    if evaluators is None:
        evaluators = _known_evaluators()
    return _Parser(name, evaluators).form(data)


def load_specs(
    directory: str | Path | None = None, evaluators: Mapping[str, Any] | None = None
) -> dict[str, FormSpec]:
    """All ``*.json`` specs of a directory, keyed by code, sorted by code; cross-file checks
    (duplicate codes, roster_form pointing to a roster spec)."""
    directory = Path(directory) if directory is not None else default_forms_dir()
    if evaluators is None:
        evaluators = _known_evaluators()
    found: dict[str, FormSpec] = {}
    for path in sorted(directory.glob("*.json")):
        spec = load_spec(path, evaluators)
        if spec.code in found:
            other = found[spec.code].source
            raise SpecError(path.name, "code", f"duplicate code {spec.code!r} (also in {other})")
        found[spec.code] = spec
    for spec in found.values():
        if spec.roster_form is not None:
            target = found.get(spec.roster_form)
            if target is None or target.kind != "roster":
                raise SpecError(
                    spec.source, "roster_form", f"{spec.roster_form!r} is not a roster spec here"
                )
    return dict(sorted(found.items(), key=lambda kv: _code_sort_key(kv[0])))


def _code_sort_key(code: str) -> tuple:
    # "2-1-1" < "2-3-6" < "2-8" < records (letters) — numeric parts compare as numbers.
    parts = re.split(r"[-.]", code)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _known_evaluators() -> Mapping[str, Any] | None:
    try:
        ev = importlib.import_module("desktop_app.core.evaluators")
    except ModuleNotFoundError as exc:
        if exc.name == "desktop_app.core.evaluators":
            return None  # not written yet: evaluator names are not checked
        raise
    return getattr(ev, "EVALUATORS", None)


class _Parser:
    def __init__(self, file: str, evaluators: Mapping[str, Any] | None) -> None:
        self.file = file
        self.evaluators = evaluators

    def fail(self, path: str, detail: str) -> SpecError:
        return SpecError(self.file, path, detail)

    # -- small typed getters -------------------------------------------------------------
    def _obj(self, value: Any, path: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, got {type(value).__name__}")
        return value

    def _list(self, value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {type(value).__name__}")
        return value

    def _str(self, obj: dict, key: str, path: str, required: bool = False) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                raise self.fail(_join(path, key), "missing (required)")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(_join(path, key), "expected a non-empty string")
        return value

    def _bool(self, obj: dict, key: str, path: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(_join(path, key), "expected true or false")
        return value

    def _int(self, obj: dict, key: str, path: str, default: int | None, low: int = 1) -> int | None:
        value = obj.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail(_join(path, key), f"expected an integer ≥ {low}")
        return value

    def _unknown(self, obj: dict, allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed and not key.startswith("_"):
                raise self.fail(_join(path, key), f"unknown key {key!r}")

    # -- the form ------------------------------------------------------------------------
    def form(self, data: Any) -> FormSpec:
        data = self._obj(data, "$")
        self._unknown(data, _TOP_KEYS, "")
        code = self._str(data, "code", "", required=True)
        title = self._str(data, "title", "", required=True)
        kind = self._str(data, "kind", "", required=True)
        if kind not in KINDS:
            raise self.fail("kind", f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        paper = self._bool(data, "paper", "", kind != "record")
        orientation = self._str(data, "orientation", "") or "portrait"
        if orientation not in ("portrait", "landscape"):
            raise self.fail("orientation", "expected portrait or landscape")
        copies = self._int(data, "copies", "", 1)
        evaluator = self._str(data, "evaluator", "")
        if evaluator is not None and self.evaluators is not None and evaluator not in self.evaluators:
            raise self.fail("evaluator", f"unknown evaluator {evaluator!r}")
        rules = tuple(self._list(data.get("rules", []), "rules"))
        for i, rule in enumerate(rules):
            if rule not in RULES:
                raise self.fail(f"rules[{i}]", f"unknown rule id {rule!r}")

        fields = tuple(self._fields(data.get("fields", []), "fields"))
        keys: dict[str, str] = {}
        for i, f in enumerate(fields):
            if f.key in keys:
                raise self.fail(f"fields[{i}].key", f"field {f.key!r} declared twice")
            keys[f.key] = f.type
        computed = tuple(self._fields(data.get("computed", []), "computed"))
        for i, f in enumerate(computed):
            if f.key in keys:
                raise self.fail(f"computed[{i}].key", f"{f.key!r} is also an input field")

        used: dict[str, str] = {}  # field key → JSON path where placed
        header = tuple(self._line(line, f"header[{i}]", keys, used)
                       for i, line in enumerate(self._list(data.get("header", []), "header")))
        grid = self._grid(data["grid"], keys, used) if data.get("grid") is not None else None
        footer = tuple(self._line(line, f"footer[{i}]", keys, used)
                       for i, line in enumerate(self._list(data.get("footer", []), "footer")))
        notes = tuple(self._list(data.get("notes", []), "notes"))
        for i, note in enumerate(notes):
            if not isinstance(note, str):
                raise self.fail(f"notes[{i}]", "expected a string")
        roster = self._roster(data["roster"]) if data.get("roster") is not None else None
        if kind == "roster" and roster is None:
            raise self.fail("roster", "a roster spec needs roster.columns")
        if kind != "roster" and roster is not None:
            raise self.fail("roster", f"only kind 'roster' has a roster (kind is {kind!r})")

        self._check_placement(fields, used, paper, grid is not None or bool(header or footer))

        headcount = self._str(data, "headcount_field", "")
        if headcount is not None and keys.get(headcount) != "int":
            raise self.fail("headcount_field", f"{headcount!r} is not an int field of this form")
        roster_form = self._str(data, "roster_form", "")
        return FormSpec(
            code=code, title=title, kind=kind, paper=paper,
            attachment=self._str(data, "attachment", ""), subtitle=self._str(data, "subtitle", ""),
            orientation=orientation, copies=copies or 1, evaluator=evaluator, rules=rules,
            roster_form=roster_form, headcount_field=headcount, fields=fields, computed=computed,
            header=header, grid=grid, footer=footer, notes=notes, roster=roster, source=self.file,
        )

    def _check_placement(
        self, fields: tuple[FieldSpec, ...], used: dict[str, str], paper: bool, has_layout: bool
    ) -> None:
        for i, f in enumerate(fields):
            where = used.get(f.key)
            if not f.printed and where:
                raise self.fail(where, f"field {f.key!r} has \"print\": false but is placed on paper")
            if paper and has_layout and f.printed and not where:
                raise self.fail(
                    f"fields[{i}]",
                    f"printed field {f.key!r} is not placed in header/grid/footer "
                    "(place it or mark it \"print\": false)",
                )
        if paper and has_layout:
            # fields are declared in paper (tab) order: header, grid rows left to right, footer
            placed = list(used)
            declared = [f.key for f in fields if f.key in used]
            for want, got in zip(placed, declared):
                if want != got:
                    index = next(j for j, f in enumerate(fields) if f.key == got)
                    raise self.fail(
                        f"fields[{index}]",
                        f"fields must be declared in paper order: {want!r} is printed before {got!r}",
                    )

    def _fields(self, raw: Any, path: str) -> Iterable[FieldSpec]:
        for i, item in enumerate(self._list(raw, path)):
            yield self._field(item, f"{path}[{i}]")

    def _field(self, raw: Any, path: str) -> FieldSpec:
        obj = self._obj(raw, path)
        self._unknown(obj, _FIELD_KEYS, path)
        key = self._str(obj, "key", path, required=True)
        if not _KEY_RE.match(key):
            raise self.fail(_join(path, "key"), f"key {key!r} is not snake_case")
        label = self._str(obj, "label", path, required=True)
        ftype = self._str(obj, "type", path, required=True)
        if ftype not in FIELD_TYPES:
            raise self.fail(_join(path, "type"), f"unknown field type {ftype!r}")
        options = self._options(obj, ftype, path)
        if key.startswith("stamp_") and ftype != "date":
            raise self.fail(_join(path, "type"), f"stamp field {key!r} must be of type date")
        return FieldSpec(
            key=key, label=label, type=ftype,
            required=self._bool(obj, "required", path, False), options=options,
            printed=self._bool(obj, "print", path, True), group=self._str(obj, "group", path),
            help=self._str(obj, "help", path), default=obj.get("default"),
            max_length=self._int(obj, "max_length", path, None),
            lines=self._int(obj, "lines", path, None),
            minimum=self._int(obj, "min", path, None, low=-(10**12)),
            maximum=self._int(obj, "max", path, None, low=-(10**12)),
        )

    def _options(self, obj: dict, ftype: str, path: str) -> tuple[Option, ...]:
        raw = obj.get("options")
        if ftype in ("choice", "multi_choice"):
            if not raw:
                raise self.fail(_join(path, "options"), f"{ftype} field without options")
        elif raw is not None:
            raise self.fail(_join(path, "options"), f"options on a {ftype} field")
        else:
            return ()
        out: list[Option] = []
        for j, item in enumerate(self._list(raw, _join(path, "options"))):
            opath = f"{_join(path, 'options')}[{j}]"
            o = self._obj(item, opath)
            self._unknown(o, {"value", "label"}, opath)
            value = self._str(o, "value", opath, required=True)
            label = self._str(o, "label", opath, required=True)
            if any(x.value == value for x in out):
                raise self.fail(opath, f"duplicate option value {value!r}")
            out.append(Option(value, label))
        return tuple(out)

    # -- cells ---------------------------------------------------------------------------
    def _use(self, key: str, path: str, keys: dict[str, str], used: dict[str, str]) -> None:
        if key not in keys:
            raise self.fail(path, f"cell refers to undeclared field {key!r}")
        if key in used:
            raise self.fail(path, f"field {key!r} used twice (first at {used[key]})")
        used[key] = path

    def _line(self, raw: Any, path: str, keys: dict[str, str], used: dict[str, str]) -> tuple[Cell, ...]:
        return tuple(self._part(p, f"{path}[{j}]", keys, used)
                     for j, p in enumerate(self._list(raw, path)))

    def _part(self, raw: Any, path: str, keys: dict[str, str], used: dict[str, str]) -> Cell:
        obj = self._obj(raw, path)
        for k in obj:
            if k not in _PART_KEYS and not k.startswith("_"):
                raise self.fail(path, f"unknown key {k!r} in a part (text | field)")
        if ("text" in obj) == ("field" in obj):
            raise self.fail(path, "a part holds exactly one of text, field")
        align = obj.get("align")
        if align not in (None, "left", "center", "right"):
            raise self.fail(_join(path, "align"), "expected left, center or right")
        if "text" in obj:
            if not isinstance(obj["text"], str):
                raise self.fail(_join(path, "text"), "expected a string")
            return Cell("text", text=obj["text"], align=align)
        key = obj["field"]
        if not isinstance(key, str):
            raise self.fail(_join(path, "field"), "expected a field key")
        self._use(key, path, keys, used)
        return Cell("field", field=key, layout=self._layout(obj, path), box=self._box(obj, path),
                    align=align)

    def _layout(self, obj: dict, path: str) -> str | None:
        layout = obj.get("layout")
        if layout not in (None, "horizontal", "vertical"):
            raise self.fail(_join(path, "layout"), "expected horizontal or vertical")
        return layout

    def _box(self, obj: dict, path: str) -> str | None:
        box = obj.get("box")
        if box not in (None, "before", "after"):
            raise self.fail(_join(path, "box"), "expected before or after")
        return box

    def _cell(self, raw: Any, path: str, keys: dict[str, str], used: dict[str, str]) -> Cell:
        obj = self._obj(raw, path)
        for k in obj:
            if k not in _CELL_KEYS and not k.startswith("_"):
                raise self.fail(path, f"unknown key {k!r} in a cell")
        kinds = [k for k in ("field", "parts", "stamp", "empty") if k in obj]
        if not kinds:
            kinds = ["label"] if "label" in obj else []
        if len(kinds) != 1 or "text" in obj:
            raise self.fail(path, "a cell holds exactly one of label, field, parts, stamp, empty")
        kind = kinds[0]
        span = dict(colspan=self._int(obj, "colspan", path, 1), rowspan=self._int(obj, "rowspan", path, 1))
        align = obj.get("align")
        if align not in (None, "left", "center", "right"):
            raise self.fail(_join(path, "align"), "expected left, center or right")
        if kind == "label":
            return Cell("label", text=self._str(obj, "label", path, required=True), align=align, **span)
        if kind == "empty":
            if obj["empty"] is not True or "label" in obj:
                raise self.fail(path, "an empty cell is {\"empty\": true}")
            return Cell("empty", align=align, **span)
        if kind == "stamp":
            key = obj["stamp"]
            if not isinstance(key, str):
                raise self.fail(_join(path, "stamp"), "expected the stamp date field key")
            label = self._str(obj, "label", path, required=True)
            self._use(key, path, keys, used)
            if keys[key] != "date" or not key.startswith("stamp_"):
                raise self.fail(path, f"stamp field {key!r} must be a date field named stamp_…")
            return Cell("stamp", text=label, field=key, align=align, **span)
        if "label" in obj:
            raise self.fail(path, "a cell holds exactly one of label, field, parts, stamp, empty")
        if kind == "field":
            key = obj["field"]
            if not isinstance(key, str):
                raise self.fail(_join(path, "field"), "expected a field key")
            self._use(key, path, keys, used)
            return Cell("field", field=key, layout=self._layout(obj, path), box=self._box(obj, path),
                        align=align, **span)
        parts = self._line(obj["parts"], _join(path, "parts"), keys, used)
        if not parts:
            raise self.fail(_join(path, "parts"), "empty parts")
        return Cell("parts", parts=parts, align=align, **span)

    def _grid(self, raw: Any, keys: dict[str, str], used: dict[str, str]) -> GridSpec:
        obj = self._obj(raw, "grid")
        self._unknown(obj, {"widths", "rows"}, "grid")
        widths = self._list(obj.get("widths"), "grid.widths")
        if not widths or any(isinstance(w, bool) or not isinstance(w, (int, float)) or w <= 0
                             for w in widths):
            raise self.fail("grid.widths", "expected a non-empty list of positive numbers")
        rows_raw = self._list(obj.get("rows"), "grid.rows")
        rows = tuple(
            tuple(self._cell(c, f"grid.rows[{r}][{j}]", keys, used)
                  for j, c in enumerate(self._list(row, f"grid.rows[{r}]")))
            for r, row in enumerate(rows_raw)
        )
        for r, row in enumerate(rows):
            for j, cell in enumerate(row):
                if r + cell.rowspan > len(rows):
                    raise self.fail(f"grid.rows[{r}][{j}]", f"rowspan {cell.rowspan} runs past the last row")
        for _ in _place_rows(rows, len(widths), self, "grid.rows"):
            pass
        return GridSpec(tuple(float(w) for w in widths), rows)

    # -- roster --------------------------------------------------------------------------
    def _roster(self, raw: Any) -> RosterSpec:
        obj = self._obj(raw, "roster")
        self._unknown(obj, _ROSTER_KEYS, "roster")
        cols: list[RosterColumn] = []
        for i, item in enumerate(self._list(obj.get("columns"), "roster.columns")):
            path = f"roster.columns[{i}]"
            c = self._obj(item, path)
            self._unknown(c, _COLUMN_KEYS, path)
            key = self._str(c, "key", path, required=True)
            if not _KEY_RE.match(key):
                raise self.fail(_join(path, "key"), f"key {key!r} is not snake_case")
            if any(x.key == key for x in cols):
                raise self.fail(_join(path, "key"), f"column {key!r} declared twice")
            ctype = self._str(c, "type", path, required=True)
            if ctype not in ROSTER_TYPES:
                raise self.fail(_join(path, "type"), f"unknown field type {ctype!r}")
            options = self._options(c, ctype, path) if ctype != "seq" else ()
            split = self._bool(c, "split", path, False)
            if split and ctype != "choice":
                raise self.fail(_join(path, "split"), "split needs a choice column")
            synonyms = tuple(self._list(c.get("synonyms", []), _join(path, "synonyms")))
            if not all(isinstance(s, str) and s for s in synonyms):
                raise self.fail(_join(path, "synonyms"), "expected a list of strings")
            width = c.get("width")
            if width is not None and (isinstance(width, bool) or not isinstance(width, (int, float))):
                raise self.fail(_join(path, "width"), "expected a number")
            cols.append(RosterColumn(
                key=key, label=self._str(c, "label", path, required=True), type=ctype,
                required=self._bool(c, "required", path, False),
                print_label=self._str(c, "print_label", path), options=options, split=split,
                synonyms=synonyms, printed=self._bool(c, "print", path, True),
                width=float(width) if width is not None else None, help=self._str(c, "help", path),
            ))
        if not cols:
            raise self.fail("roster.columns", "a roster needs columns")
        person = self._obj(obj.get("person_fields", {}), "roster.person_fields")
        for col_key, attr in person.items():
            if col_key not in {c.key for c in cols} or not isinstance(attr, str):
                raise self.fail(f"roster.person_fields.{col_key}", f"unknown column {col_key!r}")
        seen: dict[str, str] = {}
        for i, col in enumerate(cols):
            for name in (col.label, col.print_label or "", *col.synonyms):
                norm = _norm_header(name)
                if norm and seen.setdefault(norm, col.key) != col.key:
                    raise self.fail(f"roster.columns[{i}]",
                                    f"header {name!r} also names column {seen[norm]!r}")
        return RosterSpec(tuple(cols), dict(person))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _place_rows(
    rows: tuple[tuple[Cell, ...], ...], width: int, parser: _Parser | None, base: str
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


def _norm_header(text: Any) -> str:
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*＊:：]+", "", s)


# ---------------------------------------------------------------------------------------------
# Values: coercion of typed text and validation


class CoerceError(ValueError):
    """Text that cannot become a value of the field's type (Chinese message for the clerk)."""


_TRUE = {"是", "true", "1", "yes", "y", "√", "☑", "■", "✓", "x", "X", "有"}
_FALSE = {"否", "false", "0", "no", "n", "□", "无", ""}
_GENDER = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女"}
_MULTI_SPLIT = re.compile(r"[、,，;；/|\n]+")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def coerce_value(field: FieldSpec | RosterColumn, raw_text: Any) -> Any:
    """Typed text (screen, Excel cell text) → the stored JSON value; None when empty.

    Raises CoerceError with a Chinese message when the text cannot be read."""
    if isinstance(field, RosterColumn):
        field = field.as_field()
    ftype = field.type
    if raw_text is None:
        return False if ftype == "bool" else None
    if ftype == "bool" and isinstance(raw_text, bool):
        return raw_text
    if ftype == "multi_choice" and isinstance(raw_text, (list, tuple)):
        return [_coerce_option(field, str(x)) for x in raw_text]
    if ftype == "date" and isinstance(raw_text, (_dt.date, _dt.datetime)):
        return (raw_text.date() if isinstance(raw_text, _dt.datetime) else raw_text).isoformat()
    text = _nfkc(str(raw_text))
    label = field.display_label
    if ftype == "bool":
        if text.lower() in _TRUE or text in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise CoerceError(f"「{label}」应填“是”或“否”，不能是“{raw_text}”")
    if text == "":
        return None
    if ftype in ("text", "multiline"):
        return str(raw_text).strip()
    if ftype == "int":
        cleaned = text.replace(",", "").removesuffix("人").removesuffix("个").strip()
        if re.fullmatch(r"[+-]?\d+(\.0+)?", cleaned):
            return int(Decimal(cleaned))
        raise CoerceError(f"「{label}」应为整数，不能是“{raw_text}”")
    if ftype == "money":
        fen = _to_fen(raw_text if isinstance(raw_text, (int, Decimal)) else text)
        if fen is None:
            raise CoerceError(f"「{label}」应为金额（元，最多两位小数），不能是“{raw_text}”")
        return _fen_text(fen)
    if ftype == "date":
        value = _parse_date(text)
        if value is None:
            raise CoerceError(f"「{label}」应为日期（如 2023-05-01），不能是“{raw_text}”")
        return value.isoformat()
    if ftype == "month_day":
        md = _parse_month_day(text)
        if md is None:
            raise CoerceError(f"「{label}」应为月日（如 5月1日 或 05-01），不能是“{raw_text}”")
        return md
    if ftype == "gender":
        g = _GENDER.get(text.lower()) or _GENDER.get(text.removesuffix("性"))
        if g is None:
            raise CoerceError(f"「{label}」应为“男”或“女”，不能是“{raw_text}”")
        return g
    if ftype == "id_number":
        return _coerce_id(field, raw_text, text)
    if ftype in ("phone", "mobile"):
        from desktop_app.core import phones  # noqa: PLC0415

        check = phones.check_phone if ftype == "phone" else phones.check_mobile
        normalized, _ = check(text)
        return normalized if normalized is not None else text
    if ftype == "choice":
        return _coerce_option(field, text)
    if ftype == "multi_choice":
        values: list[str] = []
        for piece in _MULTI_SPLIT.split(text):
            if piece.strip():
                v = _coerce_option(field, piece.strip())
                if v not in values:
                    values.append(v)
        return values
    raise CoerceError(f"「{label}」类型未知：{ftype}")


def _coerce_option(field: FieldSpec, text: str) -> str:
    text = _nfkc(text).lstrip("□☑■√✓ ").strip()
    for o in field.options:
        if text in (o.value, _nfkc(o.label)):
            return o.value
    for o in field.options:  # "1 长三角区域" also matches "长三角区域"
        if re.sub(r"^\w\s+", "", _nfkc(o.label)) == text or o.value.lower() == text.lower():
            return o.value
    choices = "、".join(o.label for o in field.options)
    raise CoerceError(f"「{field.display_label}」应为以下之一：{choices}；不能是“{text}”")


def _coerce_id(field: FieldSpec, raw: Any, text: str) -> str:
    """R-ID-2 normalisation; an Excel number cell is refused, never repaired (R-ID-3)."""
    from desktop_app.core import ids  # noqa: PLC0415

    if not isinstance(raw, str):
        result = ids.check_id_cell(raw)
        for f in result.findings:
            if f.rule == "R-ID-3":
                raise CoerceError(f"「{field.display_label}」{f.message}")
    return ids.normalize_id(text)


def _to_fen(value: Any) -> int | None:
    """Yuan (text, int or Decimal) → fen via core.money; None when not a money amount."""
    from desktop_app.core import money  # noqa: PLC0415

    if isinstance(value, (bool, float)):
        return None
    try:
        return money.to_fen(value)
    except (ValueError, TypeError, InvalidOperation):
        return None


def _fen_text(fen: int) -> str:
    from desktop_app.core import money  # noqa: PLC0415

    return money.fen_to_yuan_plain(fen)


def _parse_date(text: str) -> _dt.date | None:
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _parse_month_day(text: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m or not _valid_month_day(int(m[1]), int(m[2])):
        return None
    return f"{int(m[1]):02d}-{int(m[2]):02d}"


def _valid_month_day(month: int, day: int) -> bool:
    try:
        _dt.date(2000, month, day)  # a leap year: 02-29 is a valid month-day
    except ValueError:
        return False
    return True


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def validate_values(spec: FormSpec, values: Mapping[str, Any]) -> list[Finding]:
    """Field-level checks (R-FORM-1): required, type, options; id/phone checks by their rules.

    Keys in ``values`` that are not fields (computed values, metadata) are ignored. Business
    rules (subsidies, quotas…) are the evaluator's job, not this one's."""
    findings: list[Finding] = []
    for f in spec.fields:
        findings += check_field(f, values.get(f.key))
    return findings


def validate_row(spec: FormSpec, row: Mapping[str, Any]) -> list[Finding]:
    """The same checks for one roster row (keys = roster column keys)."""
    findings: list[Finding] = []
    for col in spec.roster_columns:
        if col.type != "seq":
            findings += check_field(col.as_field(), row.get(col.key))
    return findings


def check_field(f: FieldSpec, value: Any) -> list[Finding]:
    label = f.display_label
    if _empty(value):
        if f.required:
            return [error(FORM_RULE, f"「{label}」为必填项（{FORM_RULE}）", f.key)]
        return []

    def bad(what: str) -> list[Finding]:
        return [error(FORM_RULE, f"「{label}」{what}（{FORM_RULE}）", f.key)]

    t = f.type
    if t in ("text", "multiline"):
        if not isinstance(value, str):
            return bad("应为文字")
        if f.max_length and len(value) > f.max_length:
            return bad(f"不能超过 {f.max_length} 个字（现为 {len(value)} 个）")
    elif t == "int":
        number = value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            number = int(value)
        if isinstance(number, bool) or not isinstance(number, int):
            return bad(f"应为整数，不能是“{value}”")
        if f.minimum is not None and number < f.minimum:
            return bad(f"不能小于 {f.minimum}（现为 {number}）")
        if f.maximum is not None and number > f.maximum:
            return bad(f"不能大于 {f.maximum}（现为 {number}）")
    elif t == "money":
        fen = _to_fen(value)
        if fen is None:
            return bad(f"应为金额（元，最多两位小数），不能是“{value}”")
        if fen < 0:
            return bad(f"不能为负数（现为 {value}）")
    elif t == "date":
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) \
                or _parse_date(value) is None:
            return bad(f"应为有效日期（YYYY-MM-DD），不能是“{value}”")
    elif t == "month_day":
        m = re.fullmatch(r"(\d{2})-(\d{2})", value) if isinstance(value, str) else None
        if not m or not _valid_month_day(int(m[1]), int(m[2])):
            return bad(f"应为有效的月日（MM-DD），不能是“{value}”")
    elif t == "gender":
        if value not in GENDERS:
            return bad(f"应为“男”或“女”，不能是“{value}”")
    elif t == "bool":
        if not isinstance(value, bool):
            return bad("应为“是”或“否”")
    elif t == "choice":
        if value not in f.option_values:
            return bad(f"应为以下之一：{'、'.join(o.label for o in f.options)}；不能是“{value}”")
    elif t == "multi_choice":
        if not isinstance(value, list):
            return bad("应为选项列表")
        unknown = [v for v in value if v not in f.option_values]
        if unknown:
            return bad(f"含有未知选项：{'、'.join(map(str, unknown))}")
        if len(set(value)) != len(value):
            return bad("选项重复")
    elif t in ("id_number", "phone", "mobile"):
        if not isinstance(value, str):
            return bad("应为文字")
        return _external_check(f, value)
    return []


def _external_check(f: FieldSpec, value: str) -> list[Finding]:
    """R-ID-* / R-PHONE-1 live in core.ids / core.phones (imported lazily)."""
    if f.type == "id_number":
        from desktop_app.core.ids import check_id as check  # noqa: PLC0415
    elif f.type == "phone":
        from desktop_app.core.phones import check_phone as check  # noqa: PLC0415
    else:
        from desktop_app.core.phones import check_mobile as check  # noqa: PLC0415
    result = check(value)
    # check_id → IdResult(.findings); check_phone/check_mobile → (normalized, findings)
    found = result[1] if isinstance(result, tuple) else getattr(result, "findings", [])
    out: list[Finding] = []
    for item in found:
        message = item.message
        if f.display_label not in message:
            message = f"「{f.display_label}」：{message}"
        out.append(Finding(item.rule, item.severity, message, (f.key,)))
    return out


# ---------------------------------------------------------------------------------------------
# CLI: `forms list --json`


def _field_json(f: FieldSpec | RosterColumn) -> dict[str, Any]:
    out: dict[str, Any] = {"key": f.key, "label": f.label, "type": f.type}
    if f.options:
        out["options"] = [{"value": o.value, "label": o.label} for o in f.options]
    out["required"] = f.required
    if isinstance(f, FieldSpec):
        if f.group:
            out["group"] = f.group
        if not f.printed:
            out["print"] = False
    else:
        if f.print_label:
            out["print_label"] = f.print_label
        if f.split:
            out["split"] = True
        if f.synonyms:
            out["synonyms"] = list(f.synonyms)
        if not f.printed:
            out["print"] = False
    return out


def forms_as_json(specs: Mapping[str, FormSpec] | Iterable[FormSpec]) -> list[dict[str, Any]]:
    """Plain data for `forms list --json` (one entry per form, in code order)."""
    items = specs.values() if isinstance(specs, Mapping) else specs
    out: list[dict[str, Any]] = []
    for spec in items:
        entry: dict[str, Any] = {
            "code": spec.code,
            "title": spec.title,
            "title_example": spec.title_for(2023),
            "kind": spec.kind,
            "paper": spec.paper,
            "evaluator": spec.evaluator,
            "fields": [_field_json(f) for f in spec.fields],
        }
        if spec.roster is not None:
            entry["roster_columns"] = [_field_json(c) for c in spec.roster.columns]
        out.append(entry)
    return out
