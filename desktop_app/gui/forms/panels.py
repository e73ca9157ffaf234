"""Beside the paper: the computed values (what the subsidy comes to) and the findings list."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QGroupBox, QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget,
)

from desktop_app.gui.style import TONES, set_tone
from desktop_app.core.findings import Finding
from desktop_app.core.field_types import FieldType, type_of
from desktop_app.core.forms import FormSpec
from desktop_app.core.money import fen_to_yuan_str

SEVERITY_COLOURS = {"error": TONES["error"], "warning": TONES["warning"]}
_YUAN_IN_LABEL = re.compile(r"[（(]\s*元(/人)?\s*[)）]$")


def computed_rows(spec: FormSpec) -> list[tuple[str, str, FieldType | None]]:
    """What the panel shows, (key, label, type): the spec's computed list first (in its order,
    with its labels), then the evaluator's other keys; the type is what the evaluator declares
    (core.evaluators.EVALUATOR_COMPUTED), else the spec field's."""
    from desktop_app.core.evaluators import EVALUATOR_COMPUTED, computed_label, computed_types

    declared = computed_types(spec.evaluator)
    rows = [(f.key, f.label, declared.get(f.key) or type_of(f.type)) for f in spec.computed]
    known = {k for k, _, _ in rows}
    for key, description in EVALUATOR_COMPUTED.get(spec.evaluator or "", {}).items():
        if key not in known:
            rows.append((key, computed_label(description) or key, declared[key]))
            known.add(key)
    return rows


def format_computed(value: Any, ftype: FieldType | None, label: str = "") -> str:
    """An evaluator's typed value on screen, through its type: fen → "6,000.00 元" (or "元/人"
    when the label says so), counts with grouping ("3,001"), dates, 是/否 and shares as they are
    stored ("2023-06-30", "是", "37.0%"); "—" when not computable."""
    if value is None or value == "":
        return "—"
    if ftype is not None and ftype.decimal and type(value) is int:
        return f"{fen_to_yuan_str(value)} {'元/人' if '元/人' in label else '元'}"
    if type(value) is int:
        return f"{value:,}"
    if ftype is not None:
        try:
            return str(ftype.stored(value))
        except TypeError:
            pass  # not the declared type: shown as it is
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value)) or "—"
    return str(value)


def computed_texts(rows: list[tuple[str, str, FieldType | None]], computed: dict[str, Any]) -> dict[str, str]:
    """The panel's text per row key for an evaluation's computed values."""
    return {key: format_computed(computed.get(key), ftype, label) for key, label, ftype in rows}


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
        """An evaluation's typed computed values (records.evaluate), formatted here."""
        self.values = computed_texts(self.rows, computed)
        for key, text in self.values.items():
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
