"""FormView: the screen form built from a form spec, drawn like the paper (DESIGN §2).

The paper (attachment number top-left, centred title with the project year, subtitle, header
lines, the ruled grid with label / value / parts / stamp cells and their spans, footer lines,
notes) is a white sheet in a scroll area; fields that are not printed go in a titled box below
it; the computed values and the findings list sit beside it. Tab order follows the paper.
"""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout,
    QWidget,
)

from desktop_app.core.findings import Evaluation, Finding
from desktop_app.core.field_types import field_type
from desktop_app.core.forms import Cell, FormSpec, auto_grid
from desktop_app.gui.forms.panels import ComputedPanel, FindingsList, finding_text
from desktop_app.gui.forms.widgets import FieldWidget, make_widget

PAPER_STYLE = """
QFrame#paper { background: white; }
QFrame#paper QLabel { color: black; }
QFrame#paperGrid { border-left: 1px solid black; border-top: 1px solid black; background: white; }
QFrame#cell { border-right: 1px solid black; border-bottom: 1px solid black; background: white; }
QLabel#formTitle { font-size: 20px; font-weight: bold; }
QLabel#formSubtitle { font-size: 15px; }
QLabel#attachment { font-size: 14px; }
QLabel#note { font-size: 12px; }
QLabel#stampLabel { font-size: 14px; }
QLabel#stampSpace { color: #9e9e9e; border: 1px dashed #bdbdbd; }
QGroupBox#extraBox { font-weight: bold; }
"""
STAMP_HEIGHT = 120  # screen room for the seal (≥ 45 mm on paper; here a hint of it)


def _hbox(parent: QWidget | None = None, margins: tuple[int, int, int, int] = (0, 0, 0, 0)) -> QHBoxLayout:
    lay = QHBoxLayout(parent)
    lay.setContentsMargins(*margins)
    lay.setSpacing(4)
    return lay


class FormView(QWidget):
    """The paper form of ``spec`` for a project of ``year``: values(), set_values(),
    set_evaluation(); emits ``changed`` on every user edit and ``finding_activated(Finding)``
    when a finding that is not about a field of this form is clicked (roster rows …)."""

    changed = Signal()
    finding_activated = Signal(object)

    def __init__(self, spec: FormSpec, year: int | str, parent: QWidget | None = None,
                 *, side_panel: bool = True) -> None:
        super().__init__(parent)
        self.spec = spec
        self.year = year
        self.widgets: dict[str, FieldWidget] = {}
        self._order: list[str] = []  # field keys in paper order
        self.setStyleSheet(PAPER_STYLE)

        outer = _hbox(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(8, 8, 8, 8)
        self.paper = self._build_paper()
        col.addWidget(self.paper)
        self.extra_box = self._build_extra()
        if self.extra_box is not None:
            col.addWidget(self.extra_box)
        self.below = QVBoxLayout()  # room for hosts (e.g. a roster under a roster form's title)
        col.addLayout(self.below)
        col.addStretch(1)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)

        side = QVBoxLayout()
        self.computed_panel = ComputedPanel(spec, self)
        self.findings_list = FindingsList(self)
        self.findings_list.activated.connect(self._activate)
        side.addWidget(self.computed_panel)
        side.addWidget(self.findings_list, 1)
        self.side = QWidget(self)
        self.side.setLayout(side)
        self.side.setFixedWidth(330)
        self.side.setVisible(side_panel)
        outer.addWidget(self.side)
        self._set_tab_order()
        for w in self.widgets.values():
            w.changed.connect(self.changed)
            if field_type(w.field.type).identity:
                w.edit.editingFinished.connect(lambda w=w: self._fill_from_id(w))

    # -- building ------------------------------------------------------------------------
    def _widget(self, key: str, parent: QWidget, cell: Cell | None = None, compact: bool = False) -> FieldWidget:
        field = self.spec.field(key)
        w = make_widget(field, parent, layout=cell.layout if cell else None,
                        box=cell.box if cell else None, compact=compact)
        w.setObjectName("fieldFrame")
        self.widgets[key] = w
        self._order.append(key)
        return w

    def _build_paper(self) -> QFrame:
        spec = self.spec
        paper = QFrame(self)
        paper.setObjectName("paper")
        paper.setFrameShape(QFrame.Shape.Box)
        lay = QVBoxLayout(paper)
        lay.setContentsMargins(36, 24, 36, 24)
        lay.setSpacing(8)
        if spec.attachment:
            att = QLabel(spec.attachment, paper)
            att.setObjectName("attachment")
            lay.addWidget(att)
        title = QLabel(spec.title_for(self.year), paper)
        title.setObjectName("formTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        lay.addWidget(title)
        if spec.subtitle:
            sub = QLabel(spec.subtitle, paper)
            sub.setObjectName("formSubtitle")
            sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(sub)
        for line in spec.header:
            lay.addLayout(self._line(line, paper))
        grid = spec.layout_grid()
        self.grid_layout: QGridLayout | None = None
        if grid is not None:
            frame = self._grid(grid.widths, grid.placements(), paper)
            self.grid_layout = frame.layout()
            lay.addWidget(frame)
        for line in spec.footer:
            lay.addLayout(self._line(line, paper))
        for note in spec.notes:
            n = QLabel(note, paper)
            n.setObjectName("note")
            n.setWordWrap(True)
            lay.addWidget(n)
        self.paper_layout = lay
        return paper

    def _line(self, parts: Iterable[Cell], parent: QWidget) -> QHBoxLayout:
        """A header / footer line or the inside of a parts cell: text and small fields."""
        lay = _hbox()
        wide = ("multiline", "text")
        expanding = False
        for part in parts:
            if part.align == "right" and not expanding:
                lay.addStretch(1)
            if part.kind == "text":
                lay.addWidget(QLabel(part.text or "", parent))
            elif part.kind == "field" and part.field:
                grows = self.spec.field(part.field).type in wide
                expanding = expanding or grows
                lay.addWidget(self._widget(part.field, parent, part, compact=True), 1 if grows else 0)
        if not expanding:
            lay.addStretch(1)
        return lay

    def _grid(self, widths: Iterable[float], placements: Iterable[Any], parent: QWidget) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName("paperGrid")
        grid = QGridLayout(frame)
        grid.setContentsMargins(1, 1, 0, 0)
        grid.setSpacing(0)
        for i, w in enumerate(widths):
            grid.setColumnStretch(i, max(1, int(round(float(w) * 10))))
        for row, col, cell in placements:
            box = self._cell(cell, frame)
            grid.addWidget(box, row, col, cell.rowspan, cell.colspan)
        return frame

    def _cell(self, cell: Cell, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        box.setObjectName("cell")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 4, 6, 4)
        center = Qt.AlignmentFlag.AlignCenter
        if cell.kind == "label":
            label = QLabel(cell.text or "", box)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                               if cell.align == "left" else center)
            lay.addWidget(label)
        elif cell.kind == "field" and cell.field:
            lay.setContentsMargins(2, 2, 2, 2)
            lay.addWidget(self._widget(cell.field, box, cell))
        elif cell.kind == "parts":
            lay.addLayout(self._line(cell.parts, box))
        elif cell.kind == "stamp":
            self._stamp(cell, box, lay)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        return box

    def _stamp(self, cell: Cell, box: QFrame, lay: QVBoxLayout) -> None:
        """"XX工会 盖章：", room for the seal, then the date it was stamped (entered later)."""
        head = QLabel(f"{cell.text or ''}\n盖章：", box)
        head.setObjectName("stampLabel")
        lay.addWidget(head)
        space = QLabel("（盖章处）", box)
        space.setObjectName("stampSpace")
        space.setAlignment(Qt.AlignmentFlag.AlignCenter)
        space.setMinimumHeight(STAMP_HEIGHT)
        lay.addWidget(space, 1)
        row = _hbox()
        row.addStretch(1)
        row.addWidget(QLabel("盖章日期：", box))
        if cell.field:
            row.addWidget(self._widget(cell.field, box, compact=True))
        lay.addLayout(row)

    def _build_extra(self) -> QGroupBox | None:
        placed = set(self._order)
        extra = [f for f in self.spec.fields if f.key not in placed]
        if not extra:
            return None
        box = QGroupBox("补充信息（不打印）" if self.spec.paper else "其他信息", self)
        box.setObjectName("extraBox")
        lay = QVBoxLayout(box)
        grid = auto_grid(extra)
        lay.addWidget(self._grid(grid.widths, grid.placements(), box))
        hint = QLabel("以下各项供计算与核对，不印在纸质表上。" if self.spec.paper else "", box)
        hint.setVisible(self.spec.paper)
        lay.addWidget(hint)
        return box

    def _set_tab_order(self) -> None:
        chain = [w for key in self._order for w in self.widgets[key].focus_widgets()]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
        self.tab_chain = chain

    def _fill_from_id(self, source: FieldWidget) -> None:
        """A valid identity number fills a blank 性别 / 出生日期 of the same form."""
        from desktop_app.core.ids import check_id

        res = check_id(str(source.get_value() or ""))
        if not res.valid or res.birth_date is None:
            return
        for key, value in (("gender", res.gender), ("birth_date", res.birth_date.isoformat())):
            w = self.widgets.get(key)
            if w is not None and w.get_value() in (None, "") and _fills_from_id(w.field.type):
                w.set_value(value)
                w.changed.emit()

    # -- values ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Every field's value, keyed by field key (blank → None, bool → false, [] for multi)."""
        return {key: self.widgets[key].get_value() for key in self.spec.all_field_keys if key in self.widgets}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, w in self.widgets.items():
            w.set_value(values.get(key, w.field.default))

    def field_widget(self, key: str) -> FieldWidget:
        return self.widgets[key]

    def set_read_only(self, read_only: bool) -> None:
        for w in self.widgets.values():
            w.set_read_only(read_only)

    # -- evaluation ------------------------------------------------------------------------
    def set_evaluation(self, ev: Evaluation, extra: Iterable[Finding] = ()) -> None:
        findings = list(ev.findings) + [f for f in extra if f not in ev.findings]
        self.computed_panel.set_computed(ev.computed)
        self.findings_list.set_findings(findings)
        self.mark_fields(findings)

    def mark_fields(self, findings: Iterable[Finding]) -> None:
        worst: dict[str, str] = {}
        messages: dict[str, list[str]] = {}
        for f in findings:
            for key in f.fields:
                if key in self.widgets:
                    if worst.get(key) != "error":
                        worst[key] = f.severity
                    messages.setdefault(key, []).append(finding_text(f))
        for key, w in self.widgets.items():
            w.set_problem(worst.get(key), "\n".join(messages.get(key, [])))

    def focus_field(self, key: str) -> bool:
        w = self.widgets.get(key)
        if w is None:
            return False
        self.scroll.ensureWidgetVisible(w)
        w.focus()
        return True

    def _activate(self, finding: Finding) -> None:
        for key in finding.fields:
            if self.focus_field(key):
                return
        self.finding_activated.emit(finding)


def _fills_from_id(type_name: str) -> bool:
    """A gender or a date field: what an identity number can fill in (性别, 出生日期)."""
    ft = field_type(type_name)
    return ft.sex or ft.dated
