"""Field type → widget (Tryton-like: one widget class per spec field type).

Every widget is a :class:`FieldWidget` (a QFrame, so a finding can draw a border round it)
with ``get_value()`` / ``set_value(json_value)`` in the stored JSON form of docs/form-spec.md
and a ``changed`` signal emitted on user edits (not on ``set_value``). A value that cannot be
read yet (half-typed date, "12." yuan) is returned as the raw text, so validation reports it
(R-FORM-1) instead of the widget silently dropping it.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QFont, QIntValidator, QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop_app.core.field_types import field_type
from desktop_app.core.forms import CoerceError, FieldSpec, coerce_value
from desktop_app.core.ids import normalize_id
from desktop_app.gui.forms.base import PROBLEM_COLOURS, FieldWidget, _coerce
from desktop_app.gui.forms.choices import ChoiceWidget, MultiChoiceWidget
from desktop_app.gui.forms.dates import DateWidget, MonthDayWidget

__all__ = ["FieldWidget", "PROBLEM_COLOURS", "WIDGETS", "make_widget", "ChoiceWidget",
           "MultiChoiceWidget", "DateWidget", "MonthDayWidget"]


class TextWidget(FieldWidget):
    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.edit = QLineEdit(self)
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        if self.compact:
            self.edit.setMinimumWidth(120)
        self.edit.textEdited.connect(self._emit)
        self.edit.editingFinished.connect(self._finish)
        self.row.addWidget(self.edit)

    def _finish(self) -> None:
        """Hook for normalising the display once typing is done."""

    def get_value(self) -> Any:
        return self.edit.text().strip() or None

    def _set(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]


class MultilineWidget(FieldWidget):
    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)  # Tab goes on to the next field, as on paper
        lines = field.lines or 3
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)  # the printed lines
        self.edit.textChanged.connect(self._emit)
        self.row.addWidget(self.edit)

    def get_value(self) -> Any:
        text = self.edit.toPlainText().strip()
        return text or None

    def _set(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit]


class IntWidget(TextWidget):
    """Blank ≠ 0: a line edit with an integer validator, not a spin box."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        low = field.minimum if field.minimum is not None and field.minimum < 0 else 0
        high = field.maximum if field.maximum is not None else 2_000_000_000
        self.edit.setValidator(QIntValidator(low, high, self.edit))
        self.edit.setMaximumWidth(110)
        self.edit.setMinimumWidth(60)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.row.addStretch(1)

    def get_value(self) -> Any:
        return _coerce(self.field, self.edit.text())


class MoneyWidget(TextWidget):
    """Yuan with at most two decimals, "元" after the box; stored as "720.00"."""

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        rx = QRegularExpression(r"[0-9,]{0,12}(\.[0-9]{0,2})?")
        self.edit.setValidator(QRegularExpressionValidator(rx, self.edit))
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setMaximumWidth(140)
        self.edit.setMinimumWidth(80)
        self.row.addWidget(QLabel("元", self))
        self.row.addStretch(1)

    def get_value(self) -> Any:
        return _coerce(self.field, self.edit.text())

    def _finish(self) -> None:
        value = self.get_value()
        if isinstance(value, str) and value != self.edit.text() and not value.endswith("."):
            try:
                coerce_value(self.field, value)
                self.edit.setText(value)
            except CoerceError:
                pass


class PhoneWidget(TextWidget):
    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.edit.setMaxLength(30)
        self.edit.setMinimumWidth(120)

    def get_value(self) -> Any:
        return _coerce(self.field, self.edit.text())

    def _finish(self) -> None:
        value = self.get_value()
        if value and value != self.edit.text():
            self.edit.setText(value)  # "+86 138-1234-5678" → "13812345678"


class IdValidator(QValidator):
    """R-ID-2 as you type: full-width → half-width, spaces dropped, x → X; at most 18."""

    def validate(self, text: str, pos: int) -> object:  # noqa: D102
        norm = normalize_id(text)
        if len(norm) > 18 or any(c not in "0123456789X" for c in norm):
            return (QValidator.State.Invalid, text, pos)
        state = QValidator.State.Acceptable if len(norm) in (0, 15, 18) else QValidator.State.Intermediate
        return (state, norm, min(pos, len(norm)))


class IdNumberWidget(TextWidget):
    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.edit.setValidator(IdValidator(self.edit))
        font = QFont("WenQuanYi Micro Hei Mono")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.edit.setFont(font)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0" * 19) + 12)
        self.edit.setPlaceholderText("18 位身份证号码")

    def get_value(self) -> Any:
        return normalize_id(self.edit.text()) or None

    def _finish(self) -> None:
        norm = normalize_id(self.edit.text())
        if norm != self.edit.text():
            self.edit.setText(norm)


class GenderWidget(FieldWidget):
    CHOICES = ("", "男", "女")

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.combo = QComboBox(self)
        self.combo.addItems(["（空）" if not c else c for c in self.CHOICES])
        self.combo.setMinimumWidth(70)
        self.combo.currentIndexChanged.connect(self._emit)
        self.row.addWidget(self.combo)
        self.row.addStretch(1)

    def get_value(self) -> Any:
        return self.CHOICES[self.combo.currentIndex()] or None

    def _set(self, value: Any) -> None:
        self.combo.setCurrentIndex(self.CHOICES.index(value) if value in self.CHOICES else 0)

    def focus_widgets(self) -> list[QWidget]:
        return [self.combo]


class BoolWidget(FieldWidget):
    def __init__(self, field: FieldSpec, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        self.box = QCheckBox("" if self.compact else "是", self)
        self.box.toggled.connect(self._emit)
        self.row.addWidget(self.box)
        self.row.addStretch(1)

    def get_value(self) -> Any:
        return self.box.isChecked()

    def _set(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.box]


WIDGETS: dict[str, Callable[..., FieldWidget]] = {
    "text": TextWidget,
    "multiline": MultilineWidget,
    "int": IntWidget,
    "money": MoneyWidget,
    "date": DateWidget,
    "month_day": MonthDayWidget,
    "phone": PhoneWidget,
    "mobile": PhoneWidget,
    "id_number": IdNumberWidget,
    "gender": GenderWidget,
    "bool": BoolWidget,
    "choice": ChoiceWidget,
    "multi_choice": MultiChoiceWidget,
}


def make_widget(field: FieldSpec, parent: QWidget | None = None, *, layout: str | None = None,
                box: str | None = None, compact: bool = False) -> FieldWidget:
    """The widget for a field (``layout``/``box`` only matter for choices)."""
    cls = WIDGETS[field.type]
    if field_type(field.type).has_options:
        return cls(field, parent, layout=layout, box=box, compact=compact)
    return cls(field, parent, compact=compact)
