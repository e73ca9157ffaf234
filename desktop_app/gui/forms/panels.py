"""Beside the paper: the computed values (what the subsidy comes to) and the findings list."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QGroupBox, QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget,
)

from desktop_app.gui.style import TONES, set_tone
from desktop_app.core.findings import Finding
from desktop_app.core.field_types import type_of
from desktop_app.core.forms import FormSpec
from desktop_app.core.money import fen_to_yuan_str

SEVERITY_COLOURS = {"error": TONES["error"], "warning": TONES["warning"]}
_YUAN_IN_LABEL = re.compile(r"[（(]\s*元(/人)?\s*[)）]$")
_MONEY_TEXT = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d{2})?|-?\d+(\.\d{2})?")


def _evaluator_labels(evaluator: str | None) -> list[tuple[str, str, str | None]]:
    """(key, label, type) of what the evaluator computes (core.evaluators.EVALUATOR_COMPUTED)."""
    from desktop_app.core.evaluators import EVALUATOR_COMPUTED

    return [(key, label or key, None) for key, label in EVALUATOR_COMPUTED.get(evaluator or "", {}).items()]


def computed_rows(spec: FormSpec) -> list[tuple[str, str, str | None]]:
    """What the panel shows: the spec's computed list first, then the evaluator's other keys."""
    rows = [(f.key, f.label, f.type) for f in spec.computed]
    known = {k for k, _, _ in rows}
    for key, label, ftype in _evaluator_labels(spec.evaluator):
        if key not in known and key.removesuffix("_fen") not in known:
            rows.append((key, label, ftype))
            known.add(key)
    return rows


def _money(type_name: str | None) -> bool:
    ft = type_of(type_name)
    return ft is not None and ft.decimal


def format_computed(key: str, value: Any, ftype: str | None = None, label: str = "") -> str:
    """A computed value for display: fen → "6,000.00 元", money text "150.00" → "150.00 元"
    (or "元/人" when the label says so), counts with grouping, yes/no, dates as is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    unit = "元/人" if "元/人" in label else "元"
    if isinstance(value, int) and key.endswith("_fen"):
        return f"{fen_to_yuan_str(value)} {unit}"
    if isinstance(value, (int, Decimal)):
        if _money(ftype) or _YUAN_IN_LABEL.search(label):
            return f"{fen_to_yuan_str(int(Decimal(value) * 100))} {unit}"
        return f"{value:,}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value)) or "—"
    text = str(value)
    if _MONEY_TEXT.fullmatch(text) and (_money(ftype) or "." in text):
        return f"{text} {unit}"
    return text


def display_label(label: str) -> str:
    return _YUAN_IN_LABEL.sub("", label)


class ComputedPanel(QGroupBox):
    """自动计算: one line per computed value."""

    def __init__(self, spec: FormSpec, parent: QWidget | None = None) -> None:
        super().__init__("自动计算", parent)
        self.rows = computed_rows(spec)
        self._labels: dict[str, QLabel] = {}
        lay = QFormLayout(self)
        lay.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label, _ in self.rows:
            value = QLabel("—", self)
            value.setObjectName(f"computed_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setStyleSheet("font-weight: bold;")
            value.setWordWrap(True)
            lay.addRow(display_label(label) + "：", value)
            self._labels[key] = value
        if not self.rows:
            lay.addRow(QLabel("（本表无自动计算项）", self))
        self.values: dict[str, str] = {}

    def set_computed(self, computed: dict[str, Any]) -> None:
        for key, label, ftype in self.rows:
            value = computed.get(key, computed.get(f"{key}_fen"))
            shown_key = key if key in computed else f"{key}_fen"
            text = format_computed(shown_key, value, ftype, label)
            self.values[key] = text
            self._labels[key].setText(text)

    def text_of(self, key: str) -> str:
        return self.values.get(key, "—")


def finding_text(f: Finding) -> str:
    return f.message if f.rule in f.message else f"{f.message}（{f.rule}）"


class FindingsList(QFrame):
    """Errors and warnings, worst first; a click activates the finding (focus its field)."""

    activated = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("检查结果：无问题", self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        ordered = sorted(findings, key=lambda f: 0 if f.is_error else 1)
        self.findings = ordered
        self.list.clear()
        style = self.style()
        icons = {"error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        for f in ordered:
            item = QListWidgetItem(icons[f.severity], finding_text(f))
            item.setForeground(QBrush(QColor(SEVERITY_COLOURS[f.severity])))
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip(finding_text(f))
            self.list.addItem(item)
        errors = sum(f.is_error for f in ordered)
        warnings = len(ordered) - errors
        if not ordered:
            self.summary.setText("检查结果：无问题")
            set_tone(self.summary, "ok")
        else:
            self.summary.setText(f"检查结果：错误 {errors} 处，提醒 {warnings} 处")
            set_tone(self.summary, "error" if errors else "warning")

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        finding = item.data(Qt.ItemDataRole.UserRole)
        if finding is not None:
            self.activated.emit(finding)
