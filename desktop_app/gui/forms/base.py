"""FieldWidget: the base of every field widget (value in stored JSON form, a ``changed``
signal on user edits, a red / orange border and tooltip for findings)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from desktop_app.core.forms import CoerceError, FieldSpec, coerce_value
from desktop_app.gui.style import PROBLEM_COLOURS  # colours live in gui/style.py (re-exported: gui.forms.widgets)


def _coerce(field: FieldSpec, text: str) -> Any:
    """Stored value of typed text; the raw text when it cannot be read (reported later)."""
    text = text.strip()
    if not text:
        return None
    try:
        return coerce_value(field, text)
    except CoerceError:
        return text


class FieldWidget(QFrame):
    """Base of all field widgets."""

    changed = Signal()

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.field = field
        self.compact = compact
        self.setObjectName("fieldFrame")
        self.setProperty("problem", "")
        self._loading = False
        self._shown_problem = ("", "")
        self._help = field.help or ""
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(4)
        self.row = lay
        if self._help:
            self.setToolTip(self._help)

    # -- to be provided by subclasses ------------------------------------------------------
    def get_value(self) -> Any:
        raise NotImplementedError

    def _set(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        """The focusable editors, in tab order."""
        raise NotImplementedError

    # -- common ------------------------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._set(value)
        finally:
            self._loading = False

    def _emit(self, *_: Any) -> None:
        if not self._loading:
            self.changed.emit()

    def focus(self) -> None:
        widgets = self.focus_widgets()
        if widgets:
            widgets[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        for w in self.focus_widgets():
            w.setEnabled(not read_only)

    def set_problem(self, severity: str | None, message: str = "") -> None:
        """Red (error) / orange (warning) border and the message as tooltip; None clears."""
        if (severity or "", message) == self._shown_problem:
            return  # unchanged: no re-polish on every keystroke
        self._shown_problem = (severity or "", message)
        self.setProperty("problem", severity or "")
        colour = PROBLEM_COLOURS.get(severity or "")
        self.setStyleSheet(f"QFrame#fieldFrame {{ border: 2px solid {colour}; }}" if colour else "")
        tip = "\n".join(t for t in (message, self._help) if t)
        self.setToolTip(tip)
        for w in self.focus_widgets():
            w.setToolTip(tip)

    @property
    def problem(self) -> str:
        return str(self.property("problem") or "")
