"""Small shared widgets and formatting helpers for the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

SEARCH_DEBOUNCE_MS = 150
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # a float 0..1 for ProgressDelegate
ALIGN_NUM = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter


# One number format for every page (core.numfmt): "10,000 人", "37.5%", "<0.1%".
from desktop_app.core.numfmt import fmt_int, fmt_pct, fmt_ratio  # noqa: E402,F401


def fmt_yuan(fen: int | None) -> str:
    """Fen → "1,234.50" (no float arithmetic)."""
    if fen is None:
        return ""
    from desktop_app.core.money import fen_to_yuan_str

    return fen_to_yuan_str(int(fen))


def fmt_date(d: dt.date | dt.datetime | None) -> str:
    if d is None:
        return ""
    if isinstance(d, dt.datetime):
        return d.strftime("%Y-%m-%d %H:%M")
    return d.isoformat()


class SearchBox(QLineEdit):
    """A search field that emits `search(text)` once typing pauses (debounced)."""

    search = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None, delay_ms: int = SEARCH_DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.fire)
        self.textChanged.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self.fire)

    def fire(self) -> None:
        self._timer.stop()
        self.search.emit(self.text())


class PageHeader(QWidget):
    """A page's title line with room for controls on the right."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("pageSubtitle")
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        self.subtitle.setWordWrap(True)
        self.controls = QHBoxLayout()
        self.controls.setSpacing(8)
        self.box = QHBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 4)
        self.box.addLayout(texts, 1)
        self.box.addLayout(self.controls)
        self._texts = texts

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Controls beside the title when they fit, else below it (a narrow window)."""
        from PySide6.QtWidgets import QBoxLayout

        title_w = self.title.sizeHint().width()
        need = title_w + self.controls.sizeHint().width() + 24
        direction = (QBoxLayout.Direction.LeftToRight if event.size().width() >= need
                     else QBoxLayout.Direction.TopToBottom)
        if self.box.direction() != direction:
            self.box.setDirection(direction)
        super().resizeEvent(event)


def hline() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ProgressDelegate(QStyledItemDelegate):
    """Paints a progress bar (PROGRESS_ROLE) behind the cell's text ("3,215 / 10,000")."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        fraction = index.data(PROGRESS_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        # Background and selection as usual, without the text.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        bar = QStyleOptionProgressBar()
        rect: QRect = option.rect.adjusted(6, 5, -6, -5)
        bar.rect = rect
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = int(min(1.0, max(0.0, float(fraction))) * 1000)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = True
        bar.textAlignment = ALIGN_CENTER
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


def make_table(parent: QWidget | None = None, *, row_height: int | None = None) -> QTableView:
    """A list table as the pages use it: whole rows selected, fixed row height (fast with
    100,000 rows), no row numbers, last column stretched."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(row_height or max(26, view.fontMetrics().height() + 10))
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setStretchLastSection(True)
    hh.setDefaultAlignment(ALIGN_TEXT)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view


def on_open(view: QTableView, callback: Callable[[QModelIndex], object]) -> None:
    """Double-click or Enter/Return opens the current row: `callback(index)`, once.

    (QAbstractItemView.activated also fires on a double-click, and on a single click where
    the desktop is set so: connecting both would open things twice.)"""
    view.doubleClicked.connect(callback)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: view.currentIndex().isValid() and callback(view.currentIndex()))


def set_column_widths(view: QTableView, widths: list[int]) -> None:
    for col, w in enumerate(widths):
        view.setColumnWidth(col, w)


class WrapBar(QWidget):
    """A row of buttons that wraps onto a second line when the window is narrow (1366×768,
    150 % scaling) instead of squeezing the buttons until their texts are cut."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        from desktop_app.gui.forms.flow import FlowLayout

        self.flow = FlowLayout(self, h_spacing=spacing, v_spacing=6)
        from PySide6.QtWidgets import QSizePolicy

        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, *widgets: QWidget) -> None:
        for w in widgets:
            self.flow.addWidget(w)

    def absorb(self, layout: QLayout) -> None:
        """Move the widgets of a box layout built by another module (spacers dropped)."""
        while layout.count():
            item = layout.takeAt(0)
            w = item.widget()
            if w is not None:
                self.flow.addWidget(w)
            elif item.layout() is not None:
                self.absorb(item.layout())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.flow.heightForWidth(width)


def scroll_body(page: QWidget) -> QVBoxLayout:
    """A page whose content scrolls when the window is shorter than it (1366×768, 150 %)
    instead of squeezing its boxes over each other; returns the layout to fill."""
    from PySide6.QtWidgets import QScrollArea

    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea(page)
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget(area)
    body.setObjectName("pageBody")
    area.setWidget(body)
    outer.addWidget(area)
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 6, 0)
    return inner


class _StretchKeeper(QObject):
    """Column `col` takes the view's spare width but never shrinks below `minimum` (a Stretch
    section squeezes to a few pixels when the other columns already fill the view)."""

    def __init__(self, view: QTableView, col: int, minimum: int) -> None:
        super().__init__(view)
        self.view, self.col, self.minimum = view, col, minimum
        view.viewport().installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != self.col and not header.isSectionHidden(i))
        spare = self.view.viewport().width() - others
        mode = QHeaderView.ResizeMode
        if spare >= self.minimum:
            header.setSectionResizeMode(self.col, mode.Stretch)
        else:
            header.setSectionResizeMode(self.col, mode.Interactive)
            header.resizeSection(self.col, self.minimum)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False


def stretch_column(view: QTableView, col: int, minimum: int) -> None:
    """Let column `col` fill the spare width, keeping at least `minimum` px (then the view
    scrolls sideways instead of cutting the column to nothing)."""
    view._stretch_keeper = _StretchKeeper(view, col, minimum)  # type: ignore[attr-defined]
