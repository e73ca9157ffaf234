"""Form spec parser: JSON data of one spec file → :class:`FormSpec`, checked as it goes.

A bad spec is refused with the file name and the JSON path of the problem
(:class:`SpecError`). Part of the form-spec layer (facade: ``desktop_app.core.forms``).
Pure Python: no Qt, no SQL, no I/O.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from desktop_app.core.field_types import type_of
from desktop_app.core.form_model import (
    COUNTS,
    FIELD_TYPES,
    KINDS,
    ROSTER_TYPES,
    Cell,
    FieldSpec,
    FormSpec,
    GridSpec,
    Option,
    RosterColumn,
    RosterSpec,
    _norm_header,
    _place_rows,
)
from desktop_app.core.rules.registry import RULES

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {
    "code", "attachment", "title", "title_breaks", "subtitle", "kind", "paper", "orientation", "copies",
    "evaluator", "subsidy_field", "record_date_field", "rules", "roster_form", "headcount_field", "counts", "count_column", "reference_date", "fields",
    "computed", "header", "grid", "footer", "notes", "roster", "unit_fields",
}
UNIT_FIELD_KEYS = ("name", "contact", "phone", "address", "ownership")
DIRECTORIES = ("units", "check_centres", "travel_agencies")
_FIELD_KEYS = {
    "key", "label", "type", "required", "options", "print", "group", "help", "default",
    "max_length", "lines", "min", "max", "directory",
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


class _Parser:
    def __init__(self, file: str, evaluators: Mapping[str, Any] | None) -> None:
        self.file = file
        self.evaluators = evaluators

    def fail(self, path: str, detail: str) -> SpecError:
        return SpecError(self.file, path, detail)

    # -- small typed getters -------------------------------------------------------------
    def _obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, got {type(value).__name__}")
        return value

    def _list(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {type(value).__name__}")
        return value

    def _str(self, obj: dict[str, Any], key: str, path: str, required: bool = False) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                raise self.fail(_join(path, key), "missing (required)")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(_join(path, key), "expected a non-empty string")
        return value

    def _req(self, obj: dict[str, Any], key: str, path: str) -> str:
        """A required non-empty string."""
        value = self._str(obj, key, path, required=True)
        assert value is not None  # _str raised otherwise
        return value

    def _bool(self, obj: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(_join(path, key), "expected true or false")
        return value

    def _int(self, obj: dict[str, Any], key: str, path: str, default: int | None, low: int = 1) -> int | None:
        value = obj.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail(_join(path, key), f"expected an integer ≥ {low}")
        return value

    def _unknown(self, obj: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in obj:
            if key not in allowed and not key.startswith("_"):
                raise self.fail(_join(path, key), f"unknown key {key!r}")

    # -- the form ------------------------------------------------------------------------
    def form(self, data: Any) -> FormSpec:
        data = self._obj(data, "$")
        self._unknown(data, _TOP_KEYS, "")
        code = self._req(data, "code", "")
        title = self._req(data, "title", "")
        title_breaks = self._title_breaks(data.get("title_breaks", []), title)
        kind = self._req(data, "kind", "")
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
        subsidy_field = self._str(data, "subsidy_field", "")
        if subsidy_field is not None and evaluator is None:
            raise self.fail("subsidy_field", "a computed key: needs an evaluator")
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
        if headcount is not None and not _whole_number(keys.get(headcount)):
            raise self.fail("headcount_field", f"{headcount!r} is not an int field of this form")
        roster_form = self._str(data, "roster_form", "")
        unit_fields = self._unit_fields(data.get("unit_fields"), keys)
        counts = self._str(data, "counts", "") or ("field" if headcount else "roster" if kind == "roster" else "none")
        if counts not in COUNTS:
            raise self.fail("counts", f"unknown counts {counts!r} (one of {', '.join(COUNTS)})")
        if counts == "field" and headcount is None:
            raise self.fail("counts", "counts 'field' needs headcount_field")
        if counts == "roster" and kind != "roster" and roster_form is None:
            raise self.fail("counts", "counts 'roster' needs a roster (kind roster or roster_form)")
        count_column = self._str(data, "count_column", "")
        if count_column is not None and counts != "roster":
            raise self.fail("count_column", "only with counts 'roster'")
        if count_column is not None and roster is not None and not any(
                c.key == count_column and _whole_number(c.type) for c in roster.columns):
            raise self.fail("count_column", f"{count_column!r} is not an int column of this roster")
        record_date = self._str(data, "record_date_field", "")
        if record_date is not None and not _has(keys.get(record_date), "dated"):
            raise self.fail("record_date_field", f"{record_date!r} is not a date field of this form")
        reference_date = self._str(data, "reference_date", "")
        if reference_date is not None and not (_has(keys.get(reference_date), "dated")
                                               or _has(keys.get(reference_date), "day_of_year")):
            raise self.fail("reference_date", f"{reference_date!r} is not a date field of this form")
        return FormSpec(
            code=code, title=title, title_breaks=title_breaks, kind=kind, paper=paper,
            attachment=self._str(data, "attachment", ""), subtitle=self._str(data, "subtitle", ""),
            orientation=orientation, copies=copies or 1, evaluator=evaluator, subsidy_field=subsidy_field,
            record_date_field=record_date, rules=rules,
            roster_form=roster_form, headcount_field=headcount, counts=counts, count_column=count_column,
            reference_date=reference_date, fields=fields, computed=computed,
            header=header, grid=grid, footer=footer, notes=notes, roster=roster, source=self.file,
            unit_fields=unit_fields,
        )

    def _unit_fields(self, raw: Any, keys: dict[str, str]) -> dict[str, str]:
        if raw is None:
            return {}
        obj = self._obj(raw, "unit_fields")
        for attr, key in obj.items():
            if attr not in UNIT_FIELD_KEYS:
                raise self.fail(f"unit_fields.{attr}", f"unknown unit attribute {attr!r} (one of {UNIT_FIELD_KEYS})")
            if key not in keys:
                raise self.fail(f"unit_fields.{attr}", f"{key!r} is not a field of this form")
        if obj and "name" not in obj:
            raise self.fail("unit_fields", "names the unit's other fields but not its name")
        return dict(obj)

    def _title_breaks(self, raw: Any, title: str) -> tuple[str, ...]:
        """Where a long title may break, as on paper: each entry is the text a line ends with
        ("疗休养活动"); it must occur in the title, not at its end, after the previous one."""
        out: list[str] = []
        pos = 0
        for i, text in enumerate(self._list(raw, "title_breaks")):
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"title_breaks[{i}]", "expected a non-empty string")
            at = title.find(text, pos)
            if at < 0:
                raise self.fail(f"title_breaks[{i}]", f"{text!r} does not occur in the title"
                                + (" after the previous break" if pos else ""))
            pos = at + len(text)
            if not title[pos:].strip():
                raise self.fail(f"title_breaks[{i}]", f"{text!r} ends the title: nothing to break before")
            out.append(text)
        return tuple(out)

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
        key = self._req(obj, "key", path)
        if not _KEY_RE.match(key):
            raise self.fail(_join(path, "key"), f"key {key!r} is not snake_case")
        label = self._req(obj, "label", path)
        ftype = self._req(obj, "type", path)
        if ftype not in FIELD_TYPES:
            raise self.fail(_join(path, "type"), f"unknown field type {ftype!r}")
        options = self._options(obj, ftype, path)
        if key.startswith("stamp_") and not _has(ftype, "dated"):
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
            directory=self._directory(obj, ftype, path),
        )

    def _directory(self, obj: dict[str, Any], ftype: str, path: str) -> str | None:
        directory = self._str(obj, "directory", path)
        if directory is None:
            return None
        if directory not in DIRECTORIES:
            raise self.fail(_join(path, "directory"), f"unknown directory {directory!r} (one of {DIRECTORIES})")
        if not _has(ftype, "free_text"):
            raise self.fail(_join(path, "directory"), "only a text field completes from a directory")
        return directory

    def _options(self, obj: dict[str, Any], ftype: str, path: str) -> tuple[Option, ...]:
        raw = obj.get("options")
        if _has(ftype, "has_options"):
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
            value = self._req(o, "value", opath)
            label = self._req(o, "label", opath)
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

    def _layout(self, obj: dict[str, Any], path: str) -> str | None:
        layout = obj.get("layout")
        if layout not in (None, "horizontal", "vertical"):
            raise self.fail(_join(path, "layout"), "expected horizontal or vertical")
        return layout

    def _box(self, obj: dict[str, Any], path: str) -> str | None:
        box = obj.get("box")
        if box not in (None, "before", "after"):
            raise self.fail(_join(path, "box"), "expected before or after")
        return box

    def _cell(self, raw: Any, path: str, keys: dict[str, str], used: dict[str, str]) -> Cell:
        obj = self._obj(raw, path)
        for k in obj:
            if k not in _CELL_KEYS and not k.startswith("_"):
                raise self.fail(path, f"unknown key {k!r} in a cell")
        kinds: list[str] = [k for k in ("field", "parts", "stamp", "empty") if k in obj]
        if not kinds:
            kinds = ["label"] if "label" in obj else []
        if len(kinds) != 1 or "text" in obj:
            raise self.fail(path, "a cell holds exactly one of label, field, parts, stamp, empty")
        kind = kinds[0]
        colspan = self._int(obj, "colspan", path, 1) or 1
        rowspan = self._int(obj, "rowspan", path, 1) or 1
        align = obj.get("align")
        if align not in (None, "left", "center", "right"):
            raise self.fail(_join(path, "align"), "expected left, center or right")
        if kind == "label":
            return Cell("label", text=self._req(obj, "label", path), align=align, colspan=colspan, rowspan=rowspan)
        if kind == "empty":
            if obj["empty"] is not True or "label" in obj:
                raise self.fail(path, "an empty cell is {\"empty\": true}")
            return Cell("empty", align=align, colspan=colspan, rowspan=rowspan)
        if kind == "stamp":
            key = obj["stamp"]
            if not isinstance(key, str):
                raise self.fail(_join(path, "stamp"), "expected the stamp date field key")
            label = self._req(obj, "label", path)
            self._use(key, path, keys, used)
            if not _has(keys[key], "dated") or not key.startswith("stamp_"):
                raise self.fail(path, f"stamp field {key!r} must be a date field named stamp_…")
            return Cell("stamp", text=label, field=key, align=align, colspan=colspan, rowspan=rowspan)
        if "label" in obj:
            raise self.fail(path, "a cell holds exactly one of label, field, parts, stamp, empty")
        if kind == "field":
            key = obj["field"]
            if not isinstance(key, str):
                raise self.fail(_join(path, "field"), "expected a field key")
            self._use(key, path, keys, used)
            return Cell("field", field=key, layout=self._layout(obj, path), box=self._box(obj, path),
                        align=align, colspan=colspan, rowspan=rowspan)
        parts = self._line(obj["parts"], _join(path, "parts"), keys, used)
        if not parts:
            raise self.fail(_join(path, "parts"), "empty parts")
        return Cell("parts", parts=parts, align=align, colspan=colspan, rowspan=rowspan)

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
            key = self._req(c, "key", path)
            if not _KEY_RE.match(key):
                raise self.fail(_join(path, "key"), f"key {key!r} is not snake_case")
            if any(x.key == key for x in cols):
                raise self.fail(_join(path, "key"), f"column {key!r} declared twice")
            ctype = self._req(c, "type", path)
            if ctype not in ROSTER_TYPES:
                raise self.fail(_join(path, "type"), f"unknown field type {ctype!r}")
            options = self._options(c, ctype, path) if not _has(ctype, "row_number") else ()
            split = self._bool(c, "split", path, False)
            if split and not _has(ctype, "picks_one"):
                raise self.fail(_join(path, "split"), "split needs a choice column")
            synonyms = tuple(self._list(c.get("synonyms", []), _join(path, "synonyms")))
            if not all(isinstance(s, str) and s for s in synonyms):
                raise self.fail(_join(path, "synonyms"), "expected a list of strings")
            width = c.get("width")
            if width is not None and (isinstance(width, bool) or not isinstance(width, (int, float))):
                raise self.fail(_join(path, "width"), "expected a number")
            cols.append(RosterColumn(
                key=key, label=self._req(c, "label", path), type=ctype,
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


def _has(type_name: str | None, trait: str) -> bool:
    """Whether the type called ``type_name`` (None or unknown: no) has ``trait``."""
    ft = type_of(type_name)
    return ft is not None and bool(getattr(ft, trait))


def _whole_number(type_name: str | None) -> bool:
    """An int field or column (a headcount, a count column), not a roster's 序号."""
    return _has(type_name, "integer") and not _has(type_name, "row_number")
