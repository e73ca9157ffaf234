"""Checkbox questions drawn as on paper: □私营企业 □港澳台商投资企业 …"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QVBoxLayout, QWidget

from desktop_app.core.forms import FieldSpec
from desktop_app.gui.forms.base import FieldWidget
from desktop_app.gui.forms.flow import FlowLayout


class _ArrowKeys(QObject):
    """Arrow keys move between the □ of one question (like radio buttons)."""

    def __init__(self, boxes: list[QCheckBox]) -> None:
        super().__init__(boxes[0] if boxes else None)
        self.boxes = boxes

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and obj in self.boxes:
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}.get(
                Qt.Key(event.key()))
            if step:
                i = (self.boxes.index(obj) + step) % len(self.boxes)
                self.boxes[i].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False


class ChoiceWidget(FieldWidget):
    """□ option □ option … as printed. Exclusive, but unlike QButtonGroup a ticked box can be
    unticked again (a question left blank)."""

    exclusive = True

    def __init__(self, field: FieldSpec, parent: QWidget | None = None, *, layout: str | None = None,
                 box: str | None = None, **kw: Any) -> None:
        super().__init__(field, parent, **kw)
        holder = QWidget(self)
        if layout == "vertical":
            lay: QBoxLayout | FlowLayout = QVBoxLayout(holder)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
        else:
            lay = FlowLayout(holder)
        self.boxes: list[QCheckBox] = []
        for opt in field.options:
            cb = QCheckBox(opt.label, holder)
            if box == "after":  # "满意□": the label first, then the box
                cb.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            cb.setProperty("option", opt.value)
            cb.toggled.connect(lambda on, b=cb: self._toggled(b, on))
            if isinstance(lay, QVBoxLayout):
                # absolute: "label □" boxes are right-to-left widgets, still flush left
                lay.addWidget(cb, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
            else:
                lay.addWidget(cb)
            self.boxes.append(cb)
        self._arrows = _ArrowKeys(self.boxes)
        for cb in self.boxes:
            cb.installEventFilter(self._arrows)
        self.row.addWidget(holder, 1)

    def _toggled(self, box: QCheckBox, on: bool) -> None:
        if on and self.exclusive:
            for other in self.boxes:
                if other is not box and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self._emit()

    def box_for(self, value: str) -> QCheckBox:
        for cb in self.boxes:
            if cb.property("option") == value:
                return cb
        raise KeyError(value)

    def get_value(self) -> Any:
        for cb in self.boxes:
            if cb.isChecked():
                return cb.property("option")
        return None

    def _set(self, value: Any) -> None:
        for cb in self.boxes:
            cb.blockSignals(True)
            cb.setChecked(cb.property("option") == value)
            cb.blockSignals(False)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.boxes)


class MultiChoiceWidget(ChoiceWidget):
    exclusive = False

    def get_value(self) -> Any:
        return [cb.property("option") for cb in self.boxes if cb.isChecked()]

    def _set(self, value: Any) -> None:
        chosen = set(value or [])
        for cb in self.boxes:
            cb.blockSignals(True)
            cb.setChecked(cb.property("option") in chosen)
            cb.blockSignals(False)
