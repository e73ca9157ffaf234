"""Date widgets: a blank-able date with a calendar button, and [ ]月[ ]日 (month_day)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QLabel, QLineEdit, QSpinBox, QToolButton, QWidget

from desktop_app.core.forms import FieldSpec
from desktop_app.gui.forms.base import FieldWidget, _coerce


class DateWidget(FieldWidget):
    """Blank allowed: a line edit ("2023-05-20", "2023/5/20", "20230520", "2023年5月20日")
    with a calendar button."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("年-月-日")
        self.edit.setMaxLength(12)
        width = self.edit.fontMetrics().horizontalAdvance("2023-05-20") + 24
        self.edit.setMinimumWidth(width)
        self.edit.setMaximumWidth(width + 30)
        self.edit.textEdited.connect(self._emit)
        self.edit.editingFinished.connect(self._finish)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("选择日期")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        self.row.addWidget(self.edit)
        self.row.addWidget(self.button)
        self.row.addStretch(1)
        self._popup: QCalendarWidget | None = None

    def get_value(self) -> Any:
        return _coerce(self.field, self.edit.text())

    def _set(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def _finish(self) -> None:
        value = self.get_value()
        if isinstance(value, str) and value != self.edit.text() and len(value) == 10 and value[4] == "-":
            self.edit.setText(value)

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setEnabled(not read_only)

    def open_calendar(self) -> QCalendarWidget:
        cal = QCalendarWidget()
        cal.setWindowFlags(Qt.WindowType.Popup)
        cal.setGridVisible(True)
        value = self.get_value()
        if isinstance(value, str) and len(value) == 10:
            cal.setSelectedDate(QDate.fromString(value, "yyyy-MM-dd"))
        cal.clicked.connect(self._picked)
        cal.activated.connect(self._picked)
        cal.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        cal.show()
        self._popup = cal
        return cal

    def _picked(self, date: QDate) -> None:
        self.edit.setText(date.toString("yyyy-MM-dd"))
        if self._popup is not None:
            self._popup.close()
            self._popup.deleteLater()
            self._popup = None
        self.edit.setFocus()
        self._emit()


class MonthDayWidget(FieldWidget):
    """[ ]月[ ]日: two small spin boxes; 0 shows blank (no value)."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.month, self.day = QSpinBox(self), QSpinBox(self)
        for box, top, unit in ((self.month, 12, "月"), (self.day, 31, "日")):
            box.setRange(0, top)
            box.setSpecialValueText(" ")
            box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            box.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            box.setFixedWidth(40)
            box.valueChanged.connect(self._emit)
            self.row.addWidget(box)
            self.row.addWidget(QLabel(unit, self))

    def get_value(self) -> Any:
        m, d = self.month.value(), self.day.value()
        if not m and not d:
            return None
        return f"{m:02d}-{d:02d}"

    def _set(self, value: Any) -> None:
        m = d = 0
        if isinstance(value, str) and len(value) == 5 and value[2] == "-":
            try:
                m, d = int(value[:2]), int(value[3:])
            except ValueError:
                m = d = 0
        self.month.setValue(m)
        self.day.setValue(d)

    def focus_widgets(self) -> list[QWidget]:
        return [self.month, self.day]
