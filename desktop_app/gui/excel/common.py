"""Shared bits of the Excel GUI: masking for display, cell text, the preview table model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.core.field_types import type_of
from desktop_app.core.ids import mask_id
from desktop_app.core.phones import mask_phone

EXCEL_FILTER = "Excel 文件 (*.xlsx *.xlsm *.xls)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
ACTIONS = {"added": "新增", "updated": "更新", "unchanged": "无变化", "rejected": "有错误，不导入"}
SEVERITY = {"error": "错误", "warning": "提醒"}
RED_FG, RED_BG = QColor("#b71c1c"), QColor("#ffebee")
WARN_FG = QColor("#8a5a00")
GREEN_FG = QColor("#2e7d32")

# Identity numbers (15/18 characters, ASCII or full-width digits) and mobiles inside free text.
_ID_RE = re.compile(r"(?<![0-9A-Za-z０-９])[0-9０-９]{15}(?:[0-9０-９]{2}[0-9０-９XxＸｘ])?(?![0-9A-Za-z０-９])")
_MOBILE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_FLOAT_RE = re.compile(r"(?<![0-9])([0-9]\.[0-9]{4})[0-9]{4,}([eE]\+?1[4-8])")  # 4.101051965082685e+17
# Phones written with spaces or hyphens (139 1234 5678, 021-59729571, +86 139-1234-5678).
_SPACED_PHONE_RE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(?:0[0-9]{2,3}[ -]?[0-9]{7,8}|1[3-9][0-9][ -][0-9]{4}[ -][0-9]{4}"
                              r"|1[3-9][0-9]-?[0-9]{4}-?[0-9]{4})(?![0-9])")


def mask_text(text: str) -> str:
    """Identity numbers and mobile numbers inside ``text`` masked (PIPL: lists are masked)."""
    if not text:
        return text
    text = _ID_RE.sub(lambda m: mask_id(m.group(0)), text)
    text = _FLOAT_RE.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text)
    text = _SPACED_PHONE_RE.sub(lambda m: mask_phone(m.group(0)), text)
    return _MOBILE_RE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_cell(text: str, kind: str | None) -> str:
    """A cell of a column known to hold phones or identity numbers: masked whatever its form
    (a landline without area code, a number with stray characters)."""
    if not text:
        return text
    ft = type_of(kind)
    if ft is not None and ft.phone:
        return mask_phone(text) if any(ch.isdigit() for ch in text) else text
    if ft is not None and ft.identity and len(text) >= 8:
        return mask_id(text) if len(text) in (15, 18) else text[:3] + "*" * (len(text) - 7) + text[-4:]
    return mask_text(text)


# What is left after the rules' own quoting is masked: a run of ten or more digits (a number of
# the wrong length, spaced or hyphenated: "3101181989051700", "310118-1989-0517-002X",
# "1391234567") keeps its first three and last four characters. Dates (8 digits) stay.
_LONG_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z０-９])[0-9０-９](?:[ -]?[0-9０-９]){8,}[ -]?[0-9０-９XxＸｘ]"
                             r"(?![0-9A-Za-z０-９])")


def _mask_long(match: re.Match[str]) -> str:
    text = match.group(0)
    if "*" in text or sum(ch.isdigit() for ch in text) < 10:
        return text
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_message(message: str, personal: Sequence[tuple[str, str]] = ()) -> str:
    """A finding's message for a list: the row's own identity numbers and phones (``personal``:
    (text as given, field type)) masked wherever the message quotes them, whatever their form
    (a number of the wrong length included), then any other number (``mask_text``)."""
    if not message:
        return message
    for text, kind in personal:
        if len(text) >= 5 and text in message:
            message = message.replace(text, mask_cell(text, kind))
    message = mask_text(message)
    return _LONG_NUMBER_RE.sub(_mask_long, message)


def personal_values(values: dict[str, Any] | None, types: dict[str, str]) -> list[tuple[str, str]]:
    """(text, field type) of a row's identity-number and phone values, longest first."""
    out = []
    for key, value in (values or {}).items():
        ft = type_of(types.get(key))
        if ft is not None and (ft.identity or ft.phone) and value not in (None, ""):
            out.append((cell_text(value), types[key]))
    return sorted(out, key=lambda p: -len(p[0]))


def cell_text(value: Any) -> str:
    """A raw cell as the clerk would read it (a number cell of 18 digits shown whole)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if type(value).__name__ == "date" else str(value)
    return str(value).strip()


def counts_text(counts: dict[str, int]) -> str:
    return (f"共 {counts['rows']} 行：新增 {counts['added']}，更新 {counts['updated']}，"
            f"无变化 {counts['unchanged']}，有错误 {counts['rejected']}")


class PreviewModel(QAbstractTableModel):
    """One line per finding (a row without findings: one line) of an ImportPreview. Identity
    numbers and phones in the messages are masked unless revealed (``set_revealed``)."""

    HEADERS = ("Excel 行号", "处理", "姓名", "列（文件中的表头）", "规则", "级别", "说明")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all: list[tuple[Any, ...]] = []
        self.lines: list[tuple[Any, ...]] = []
        self.problems_only = False
        self.revealed = False

    def set_preview(self, preview: Any) -> None:
        """Lines (Excel row, action, name, column, rule, severity, masked message, message)."""
        rspec = getattr(getattr(preview, "plan", None), "rspec", None)
        types = {c.key: c.type for c in rspec.columns} if rspec is not None else {}
        lines: list[tuple[Any, ...]] = []
        for r in preview.rows:
            name = mask_text(cell_text(r.values.get("name"))) if r.values else ""
            if not r.findings:
                lines.append((r.row, r.action, name, "", "", "", "", ""))
                continue
            personal = personal_values(r.values, types)
            for f in r.findings:
                lines.append((r.row, r.action, name, f.column or "", f.rule, f.severity,
                              mask_message(f.message, personal), f.message))
        self.all = lines
        self._apply()

    def set_revealed(self, revealed: bool) -> None:
        if revealed != self.revealed:
            self.revealed = revealed
            if self.lines:
                self.dataChanged.emit(self.index(0, 6), self.index(len(self.lines) - 1, 6))

    def set_problems_only(self, on: bool) -> None:
        self.problems_only = on
        self._apply()

    def _apply(self) -> None:
        self.beginResetModel()
        self.lines = [ln for ln in self.all if ln[4]] if self.problems_only else self.all
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return ACTIONS.get(line[1], line[1])
            if col == 5:
                return SEVERITY.get(line[5], line[5])
            if col == 6:
                return line[7] if self.revealed else line[6]
            return str(line[col]) if line[col] != "" else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if line[1] == "rejected":
                return QBrush(RED_FG)
            if line[5] == "warning":
                return QBrush(WARN_FG)
            if col == 1 and line[1] == "added":
                return QBrush(GREEN_FG)
        if role == Qt.ItemDataRole.BackgroundRole and line[1] == "rejected":
            return QBrush(RED_BG)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def line(self, row: int) -> tuple[Any, ...]:
        """A line as shown: (Excel row, action, name, column, rule, severity, message)."""
        ln = self.lines[row]
        return (*ln[:6], ln[7] if self.revealed else ln[6])
