"""Table model of a roster (名册, e.g. 2-3-6): rows keyed by the roster spec's columns.

Validation is per row and cached: an edit re-checks only the edited row (field formats,
R-ID-1…4 on the identity number, stated gender/age against it) and updates the map of
identity numbers that finds the same person twice (R-ID-5), so a 120-row roster typed by
keyboard never waits. Typing a valid identity number fills a blank 性别 and 年龄 and shows the
birth date. A split choice column (婚否 → 已婚 / 未婚) is one tick column per option.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack

from desktop_app.core.findings import Finding, error
from desktop_app.core.field_types import field_type
from desktop_app.core.forms import CoerceError, FormSpec, RosterColumn, coerce_value, validate_row
from desktop_app.core.ids import age_at, check_id, check_stated, normalize_id

BIRTH_KEY = "__birth__"
Snap = tuple[dict[str, Any], frozenset[str]]  # a row's values and its auto-filled keys
TICKS = {"√", "✓", "✔", "☑", "■", "1", "y", "Y", "x", "X", "是", "对", "v", "V"}
BACKGROUNDS = {"error": QColor("#ffd6d6"), "warning": QColor("#ffe9c2")}
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ViewColumn:
    key: str  # roster column key, or BIRTH_KEY
    header: str
    kind: str  # seq | value | tick | derived
    column: RosterColumn | None = None
    option: str | None = None  # tick columns: the option value
    group: str | None = None  # tick columns: the printed group header ("婚否")


def view_columns(rspec: FormSpec) -> list[ViewColumn]:
    cols: list[ViewColumn] = []
    for c in rspec.roster_columns:
        ft = field_type(c.type)
        if ft.row_number:
            cols.append(ViewColumn(c.key, c.header, "seq", c))
        elif ft.picks_one and c.split:
            cols += [ViewColumn(c.key, o.label, "tick", c, o.value, c.header) for o in c.options]
        else:
            cols.append(ViewColumn(c.key, c.header, "value", c))
        if ft.identity:
            cols.append(ViewColumn(BIRTH_KEY, "出生日期（自动）", "derived"))
    return cols


def age_date(year: int, today: dt.date) -> dt.date:
    """The date rosters state ages at (as records.roster_findings checks them)."""
    return dt.date(year, 12, 31) if year < today.year else today


@dataclass(eq=False)
class Row:
    values: dict[str, Any] = field(default_factory=dict)
    id_norm: str | None = None  # normalised identity number when valid
    birth: dt.date | None = None
    cells: dict[str, list[Finding]] = field(default_factory=dict)  # column key → findings
    auto: set[str] = field(default_factory=set)  # keys filled from the identity number

    def blank(self) -> bool:
        return all(v in (None, "", [], False) for k, v in self.values.items() if k != "seq")


class RosterModel(QAbstractTableModel):
    def __init__(self, rspec: FormSpec, year: int, today: dt.date | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        assert rspec.roster is not None
        self.spec = rspec
        self.today = today or dt.date.today()
        self.age_on = age_date(year, self.today)
        self.columns = view_columns(rspec)
        pf = rspec.roster.person_fields or {}
        self.id_key = next((k for k, v in pf.items() if v == "id_number"), "id_number")
        self.gender_key = next((k for k, v in pf.items() if v == "gender"), "gender")
        keys = {c.key for c in rspec.roster_columns}
        self.age_key = "age" if "age" in keys else None
        self.has_gender = self.gender_key in keys
        self.rows: list[Row] = []
        self.dups: dict[str, list[Row]] = {}
        self.masked = False
        self.read_only = False
        # rows re-checked per edit: one, plus the rows sharing its old or new identity number
        self.rows_rechecked: list[int] = []
        # Ctrl+Z / Ctrl+Y: edits, pastes, cleared cells, inserted and removed rows. Loading a
        # record (set_rows) starts a new history.
        self.undo_stack = QUndoStack(self)
        self._recording = False

    # -- structure ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows) + (0 if self.read_only else 1)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].kind == "value" and not self.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- reading -----------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, vc = index.row(), self.columns[index.column()]
        row = self.rows[r] if r < len(self.rows) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if vc.kind in ("seq", "tick") or (vc.column and field_type(vc.column.type).centred):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(r, row, vc, role == Qt.ItemDataRole.DisplayRole)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            found = self.cell_findings(r, vc)
            if not found:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f.message for f in found)
            return QBrush(BACKGROUNDS["error" if any(f.is_error for f in found) else "warning"])
        if role == Qt.ItemDataRole.ForegroundRole and vc.kind in ("derived", "seq"):
            return QBrush(QColor("#555555"))
        return None

    def _text(self, r: int, row: Row, vc: ViewColumn, display: bool) -> str:
        if vc.kind == "seq":
            return str(r + 1)
        if vc.kind == "derived":
            return row.birth.isoformat() if row.birth else ""
        value = row.values.get(vc.key)
        if vc.kind == "tick":
            return "√" if value == vc.option else ""
        if value is None:
            return ""
        if vc.column is None:
            return str(value)
        masked = display and self.masked and vc.key == self.id_key
        return field_type(vc.column.type).display(vc.column, value, masked=masked)

    def cell_findings(self, r: int, vc: ViewColumn) -> list[Finding]:
        row = self.rows[r]
        found = list(row.cells.get(vc.key, [])) if vc.kind != "derived" else []
        if vc.key == self.id_key and row.id_norm and len(self.dups.get(row.id_norm, ())) > 1:
            others = [self.rows.index(o) + 1 for o in self.dups[row.id_norm] if o is not row]
            found.append(error("R-ID-5", f"第 {r + 1} 行：身份证号码 {row.id_norm} 与第 "
                                         f"{'、'.join(map(str, others))} 行重复，同一人只能出现一次（R-ID-5）",
                               f"roster[{r + 1}].{self.id_key}"))
        return found

    def row_values(self) -> list[dict[str, Any]]:
        """The roster as stored: non-blank rows with their 序号."""
        out = []
        for row in self.rows:
            if row.blank():
                continue
            values = {k: v for k, v in row.values.items() if k != "seq"}
            out.append({"seq": len(out) + 1, **values})
        return out

    def problem_count(self) -> tuple[int, int]:
        errors = warnings = 0
        for r in range(len(self.rows)):
            for vc in self.columns:
                if vc.kind == "tick" and vc.option != (vc.column.options[0].value if vc.column else None):
                    continue
                for f in self.cell_findings(r, vc):
                    errors += f.is_error
                    warnings += not f.is_error
        return errors, warnings

    # -- writing -----------------------------------------------------------------------------
    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.undo_stack.clear()
        self.beginResetModel()
        self.rows = [Row({k: v for k, v in r.items() if k != "seq"}) for r in rows]
        self.dups = {}
        for row in self.rows:
            self._validate(row)
            if row.id_norm:
                self.dups.setdefault(row.id_norm, []).append(row)
        self.endResetModel()

    def set_masked(self, masked: bool) -> None:
        self.masked = masked
        col = next((i for i, c in enumerate(self.columns) if c.key == self.id_key), None)
        if col is not None and self.rows:
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col))

    def set_read_only(self, read_only: bool) -> None:
        self.beginResetModel()
        self.read_only = read_only
        self.endResetModel()

    def coerce(self, vc: ViewColumn, text: Any) -> Any:
        if vc.column is None:
            return None
        if isinstance(text, str) and not text.strip():
            return None
        ft = field_type(vc.column.type)
        if ft.identity:
            return normalize_id(str(text)) or None
        options = vc.column.options
        if ft.picks_one and str(text).strip().isdigit() and 0 < int(text) <= len(options):
            return options[int(text) - 1].value  # "2" = the second option, as numbered on paper
        try:
            return coerce_value(vc.column, text)
        except CoerceError:
            return str(text).strip()  # kept as typed; validation marks it

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        vc = self.columns[index.column()]
        if vc.kind != "value":
            return False
        self.set_cell(index.row(), vc.key, self.coerce(vc, value))
        return True

    def set_cell(self, r: int, key: str, value: Any) -> None:
        """Set one value (row ``len(rows)`` is the blank row: typing there appends a row)."""
        self.set_cells(r, {key: value})

    def set_cells(self, r: int, changes: dict[str, Any]) -> None:
        with self._undoable("编辑", [r]):
            self._set_cells(r, changes)

    def _set_cells(self, r: int, changes: dict[str, Any]) -> None:
        if r >= len(self.rows):
            self.beginInsertRows(QModelIndex(), len(self.rows) + 1, len(self.rows) + 1)
            self.rows.append(Row())
            self.endInsertRows()
        row = self.rows[r]
        row.values.update(changes)
        row.auto -= set(changes)  # typed by the clerk: no longer derived
        self._revalidate(row)

    def toggle_tick(self, r: int, col: int) -> None:
        vc = self.columns[col]
        if vc.kind != "tick" or self.read_only:
            return
        current = self.rows[r].values.get(vc.key) if r < len(self.rows) else None
        self.set_cell(r, vc.key, None if current == vc.option else vc.option)

    def clear_cells(self, cells: list[tuple[int, int]]) -> None:
        by_row: dict[int, dict[str, Any]] = {}
        for r, c in cells:
            vc = self.columns[c]
            if r < len(self.rows) and vc.kind in ("value", "tick"):
                by_row.setdefault(r, {})[vc.key] = None
        with self._undoable("清除", by_row):
            for r, changes in by_row.items():
                self._set_cells(r, changes)

    def remove_rows(self, rows: list[int]) -> None:
        gone = sorted({r for r in rows if 0 <= r < len(self.rows)})
        if gone:
            self.undo_stack.push(_RowsCommand(self, f"删除 {len(gone)} 行", {r: self._snap(r) for r in gone},
                                              remove=True))

    def insert_rows(self, r: int, count: int = 1) -> None:
        """Blank rows before row r (at the end when r is past it)."""
        r = max(0, min(r, len(self.rows)))
        if count > 0:
            blank: Snap = ({}, frozenset())
            self.undo_stack.push(_RowsCommand(self, f"插入 {count} 行",
                                              {r + i: blank for i in range(count)}, remove=False))

    def _remove_raw(self, gone: Iterable[int]) -> None:
        for r in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), r, r)
            row = self.rows.pop(r)
            self.endRemoveRows()
            if row.id_norm:
                group = self.dups.get(row.id_norm, [])
                if row in group:
                    group.remove(row)
        self._all_changed()

    def _insert_raw(self, rows: dict[int, Snap]) -> None:
        for r in sorted(rows):
            self.beginInsertRows(QModelIndex(), r, r)
            row = Row(dict(rows[r][0]), auto=set(rows[r][1]))
            self.rows.insert(r, row)
            self.endInsertRows()
            self._validate(row)
            if row.id_norm:
                self.dups.setdefault(row.id_norm, []).append(row)
        self._all_changed()

    def _all_changed(self) -> None:
        if self.rows:  # 序号 and duplicate messages of the rows below changed
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    # -- undo / redo -------------------------------------------------------------------------
    def _snap(self, r: int) -> Snap:
        row = self.rows[r]
        return dict(row.values), frozenset(row.auto)

    @contextmanager
    def _undoable(self, text: str, rows: Iterable[int]) -> Iterator[None]:
        """Record the rows an edit touches (before and after) as one undo step; rows appended
        by the edit (typing in the blank last row, a paste past the end) go again on undo."""
        if self._recording:
            yield
            return
        self._recording = True
        try:
            count = len(self.rows)
            touched = sorted(set(rows))
            before = {r: self._snap(r) for r in touched if r < count}
            yield
            after = {r: self._snap(r) for r in touched if r < len(self.rows)}
            if before != {r: after.get(r) for r in before} or len(self.rows) != count:
                self.undo_stack.push(_EditCommand(self, text, before, after, count, len(self.rows)))
        finally:
            self._recording = False

    def _restore(self, snaps: dict[int, Snap], count: int) -> None:
        """Rows to `count` (blank rows appended or trailing rows dropped), then values."""
        if len(self.rows) > count:
            self._remove_raw(range(count, len(self.rows)))
        while len(self.rows) < count:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
            self.rows.append(Row())
            self.endInsertRows()
        for r, (values, auto) in sorted(snaps.items()):
            row = self.rows[r]
            row.values = dict(values)
            row.auto = set(auto)
            self._revalidate(row)

    @staticmethod
    def paste_lines(text: str) -> list[str]:
        lines = [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        while lines and not lines[-1].strip():
            lines.pop()
        return lines

    def filled_rows(self, r0: int, c0: int, text: str) -> list[int]:
        """Rows a paste at (r0, c0) would overwrite that already hold a value in its columns."""
        lines = self.paste_lines(text)
        width = max((len(ln.split("\t")) for ln in lines), default=0)
        keys = {vc.key for vc in self.columns[c0:c0 + width] if vc.kind in ("value", "tick")}
        return [r for r in range(r0, min(r0 + len(lines), len(self.rows)))
                if any(self.rows[r].values.get(k) not in (None, "", [], False) for k in keys)]

    def paste(self, r0: int, c0: int, text: str) -> int:
        """Tab-separated rows (Excel clipboard) from cell (r0, c0); returns rows pasted. One
        undo step."""
        lines = self.paste_lines(text)
        with self._undoable(f"粘贴 {len(lines)} 行", range(r0, r0 + len(lines))):
            self._paste(r0, c0, lines)
        return len(lines)

    def _paste(self, r0: int, c0: int, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            changes: dict[str, Any] = {}
            for j, cell in enumerate(line.split("\t")):
                c = c0 + j
                if c >= len(self.columns):
                    break
                vc = self.columns[c]
                cell = cell.strip()
                if vc.kind == "tick":
                    if cell in TICKS or cell == vc.header:
                        changes[vc.key] = vc.option
                    elif vc.key not in changes:
                        old = self.rows[r0 + i].values if r0 + i < len(self.rows) else {}
                        changes[vc.key] = old.get(vc.key)
                elif vc.kind == "value":
                    changes[vc.key] = self.coerce(vc, cell)
            if changes:
                self._set_cells(r0 + i, changes)

    # -- validation --------------------------------------------------------------------------
    def set_age_on(self, when: dt.date) -> None:
        if when != self.age_on:
            self.age_on = when
            self.set_rows(self.row_values())

    def _revalidate(self, row: Row) -> None:
        old_id = row.id_norm
        affected = {row}
        self._autofill(row)
        self._validate(row)
        if old_id != row.id_norm:
            if old_id:
                group = self.dups.get(old_id, [])
                if row in group:
                    group.remove(row)
                affected.update(group)
            if row.id_norm:
                group = self.dups.setdefault(row.id_norm, [])
                group.append(row)
                affected.update(group)
        self.rows_rechecked.append(len(affected))
        last = len(self.columns) - 1
        for other in affected:
            r = self.rows.index(other) if other is not row else None
            r = self.rows.index(row) if r is None else r
            self.dataChanged.emit(self.index(r, 0), self.index(r, last))

    def _autofill(self, row: Row) -> None:
        raw = row.values.get(self.id_key)
        if not raw:
            return
        res = check_id(str(raw), today=self.today)
        if not res.valid or res.birth_date is None:
            return
        derived = {self.gender_key: res.gender} if self.has_gender else {}
        if self.age_key:
            derived[self.age_key] = age_at(res.birth_date, self.age_on)
        for key, value in derived.items():  # blank, or filled by us from an earlier number
            if row.values.get(key) in (None, "") or key in row.auto:
                row.values[key] = value
                row.auto.add(key)

    def _validate(self, row: Row) -> None:
        row.cells = {}
        row.id_norm = row.birth = None
        if row.blank():
            return
        for f in validate_row(self.spec, row.values):
            if f.rule.startswith("R-ID") and self.id_key in f.fields:
                continue  # checked once, below, with today's date
            for key in f.fields or (self.id_key,):
                row.cells.setdefault(key, []).append(f)
        raw = row.values.get(self.id_key)
        if not raw:
            return
        res = check_id(str(raw), today=self.today)
        for f in res.findings:
            row.cells.setdefault(self.id_key, []).append(f)
        if not res.valid:
            return
        row.id_norm, row.birth = res.normalized, res.birth_date
        stated_age = row.values.get(self.age_key) if self.age_key else None
        for f in check_stated(res, row.values.get(self.gender_key), stated_age, self.age_on):
            key = f.fields[0] if f.fields else self.id_key
            key = self.gender_key if key == "gender" else (self.age_key or key) if key == "age" else key
            row.cells.setdefault(key, []).append(f)


class _EditCommand(QUndoCommand):
    """Values of some rows before and after an edit, and the row count before and after."""

    def __init__(self, model: RosterModel, text: str, before: dict[int, Snap], after: dict[int, Snap],
                 count_before: int, count_after: int) -> None:
        super().__init__(text)
        self.model, self.before, self.after = model, before, after
        self.counts = (count_before, count_after)
        self._done = True  # pushed after the edit was made: the first redo() does nothing

    def undo(self) -> None:
        self.model._restore(self.before, self.counts[0])

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.model._restore(self.after, self.counts[1])


class _RowsCommand(QUndoCommand):
    """Rows removed (remove=True) or inserted (remove=False) at the given positions."""

    def __init__(self, model: RosterModel, text: str, rows: dict[int, Snap], *, remove: bool) -> None:
        super().__init__(text)
        self.model, self.rows, self.remove = model, rows, remove

    def redo(self) -> None:
        if self.remove:
            self.model._remove_raw(self.rows)
        else:
            self.model._insert_raw(self.rows)

    def undo(self) -> None:
        if self.remove:
            self.model._insert_raw(self.rows)
        else:
            self.model._remove_raw(self.rows)
