"""Roster grid editor (名册, e.g. 2-3-6): a table typed like the paper.

Keys: typing starts editing a cell; Enter / Tab commit and move to the next cell (wrapping to
the next row; typing in the blank last row appends a row); Shift+Tab goes back; Space or a
click ticks 已婚 / 未婚 (one of them); Delete clears the selected cells; Ctrl+Shift+Del removes
the selected rows; Ctrl+V pastes rows copied from Excel (tab-separated); Ctrl+C copies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QCompleter, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QStyle,
    QStyledItemDelegate, QStyleOptionHeader, QTableView, QVBoxLayout, QWidget,
)

from desktop_app.core.forms import FormSpec
from desktop_app.core.field_types import field_type
from desktop_app.core.rules.health import check_roster_headcount
from desktop_app.gui.forms.roster_model import RosterModel
from desktop_app.gui.style import set_tone

SHORTCUTS = ("输入即编辑；Enter/Tab 下一格{ticks}；Delete 清除；Ctrl+Insert 插入行；Ctrl+Shift+Del 删除行；"
             "Ctrl+V 粘贴 Excel 多行；Ctrl+Z 撤销，Ctrl+Y 重做")


def _shortcuts(model: RosterModel) -> str:
    labels = ["/".join(o.label for o in c.options) for c in model.spec.roster_columns if c.split]
    return SHORTCUTS.format(ticks=f"；空格或单击勾选“{'”“'.join(labels)}”" if labels else "")


class GroupHeader(QHeaderView):
    """Two-level header as printed: 婚否 over 已婚 | 未婚; other columns span both levels."""

    def __init__(self, model: RosterModel, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.roster = model
        self.setSectionsClickable(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grouped = any(c.group for c in model.columns)

    def sizeHint(self):  # noqa: ANN201, N802
        size = super().sizeHint()
        if self._grouped:
            size.setHeight(size.height() * 2)
        return size

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802
        vc = self.roster.columns[logical]
        if not self._grouped:
            return super().paintSection(painter, rect, logical)
        half = rect.height() // 2
        if vc.group:
            first = min(i for i, c in enumerate(self.roster.columns) if c.group == vc.group)
            last = max(i for i, c in enumerate(self.roster.columns) if c.group == vc.group)
            left = self.sectionViewportPosition(first)
            right = self.sectionViewportPosition(last) + self.sectionSize(last)
            self._paint(painter, QRect(left, rect.top(), right - left, half), vc.group)
            self._paint(painter, QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half),
                        vc.header)
        else:
            self._paint(painter, rect, vc.header)

    def _paint(self, painter: QPainter, rect: QRect, text: str) -> None:
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.text = text
        opt.textAlignment = Qt.AlignmentFlag.AlignCenter
        painter.save()
        painter.setClipRect(rect)
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        painter.restore()


class _Delegate(QStyledItemDelegate):
    """Enter / Tab in a cell editor commit and move on (the view decides where)."""

    def __init__(self, view: "RosterView") -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        editor = super().createEditor(parent, option, index)
        column = self.view.roster.columns[index.column()].column
        if (isinstance(editor, QLineEdit) and index.column() == self.view.unit_column()
                and self.view.unit_names):  # the people's work unit: the units directory
            from desktop_app.gui.forms.directory import make_completer

            editor.setCompleter(make_completer(self.view.unit_names, editor))
        words = list(field_type(column.type).choices(column)) if column is not None else []
        if isinstance(editor, QLineEdit) and words:
            completer = QCompleter(words, editor)
            completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
            editor.setCompleter(completer)
            editor.setToolTip("可输入：" + "、".join(f"{i} {w}" for i, w in enumerate(words, 1)))
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
                back = key == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.view.step(-1 if back else 1)
                return True
        return super().eventFilter(editor, event)


class RosterView(QTableView):
    def __init__(self, model: RosterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.roster = model
        self.unit_names: list[str] = []  # set by the record editor (gui.forms.directory)
        self.setModel(model)
        self.setHorizontalHeader(GroupHeader(model, self))
        self.setItemDelegate(_Delegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.clicked.connect(self._clicked)
        self._size_columns()

    def _size_columns(self) -> None:
        fm = self.fontMetrics()
        for i, vc in enumerate(self.roster.columns):
            weight = vc.column.width if vc.column and vc.column.width else None
            if vc.kind in ("seq", "tick"):
                w = fm.horizontalAdvance("已婚") + 22
            elif vc.column is not None and field_type(vc.column.type).identity:
                w = fm.horizontalAdvance("0" * 18) + 30
            elif vc.column is not None and field_type(vc.column.type).picks_one:
                w = max(fm.horizontalAdvance(o.label) for o in vc.column.options) + 24
            elif vc.kind == "derived":
                w = fm.horizontalAdvance("2023-05-20") + 24
            else:
                w = int((weight or 2) * fm.horizontalAdvance("中") * 2.5) + 16
            self.setColumnWidth(i, max(w, fm.horizontalAdvance(vc.header) + 20))
        texts = [(vc.column.width or 0, i) for i, vc in enumerate(self.roster.columns)
                 if vc.kind == "value" and vc.column and _free_text(vc.column.type)]
        # The widest text column (单位) takes the spare width, but never less than its own:
        # a Stretch section squeezed to nothing when the columns were wider than the view.
        self._spare_column = max(texts)[1] if texts else None
        self._base_widths = [self.columnWidth(i) for i in range(len(self.roster.columns))]
        self._share_spare_width()

    def _share_spare_width(self) -> None:
        col = getattr(self, "_spare_column", None)
        if col is None:
            return
        spare = self.viewport().width() - sum(self._base_widths)
        self.setColumnWidth(col, self._base_widths[col] + max(0, spare))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._share_spare_width()

    def unit_column(self) -> int | None:
        """The view column of the people's work unit (person_fields → work_unit), if any."""
        pf = self.roster.spec.roster.person_fields if self.roster.spec.roster else {}
        key = next((k for k, v in (pf or {}).items() if v == "work_unit"), None)
        return next((i for i, vc in enumerate(self.roster.columns) if vc.kind == "value" and vc.key == key), None)

    def step(self, direction: int) -> None:
        """Next (1) / previous (-1) cell, skipping 序号 and derived columns; wraps rows."""
        model = self.roster
        cur = self.currentIndex()
        r, c = (cur.row(), cur.column()) if cur.isValid() else (0, -1)
        stops = [i for i, vc in enumerate(model.columns) if vc.kind in ("value", "tick")]
        while True:
            c += direction
            if c >= model.columnCount():
                r, c = r + 1, 0
            elif c < 0:
                r, c = r - 1, model.columnCount() - 1
            if r < 0 or r >= model.rowCount():
                return
            if c in stops:
                break
        self.setCurrentIndex(model.index(r, c))

    def _clicked(self, index: QModelIndex) -> None:
        if self.roster.columns[index.column()].kind == "tick":
            self.roster.toggle_tick(index.row(), index.column())

    def _cells(self) -> list[tuple[int, int]]:
        cells = [(i.row(), i.column()) for i in self.selectedIndexes()]
        cur = self.currentIndex()
        if not cells and cur.isValid():
            cells = [(cur.row(), cur.column())]
        return cells

    def event(self, event: Any) -> bool:
        """Tab / Shift+Tab move between cells even when no cell is being edited (QWidget would
        otherwise give the focus to the next widget: Tab after a paste left the grid)."""
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and self.state() != QAbstractItemView.State.EditingState):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        cur = self.currentIndex()
        if self.state() == QAbstractItemView.State.EditingState:
            return super().keyPressEvent(event)
        if key == Qt.Key.Key_Delete and mods & ctrl and mods & shift:
            self.roster.remove_rows([r for r, _ in self._cells()])
            return None
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.roster.clear_cells(self._cells())
            return None
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if cur.isValid() and text and not self.roster.read_only:
                self.paste_text(cur.row(), cur.column(), text)
            return None
        if event.matches(QKeySequence.StandardKey.Undo):
            if not self.roster.read_only:
                self.roster.undo_stack.undo()
            return None
        if event.matches(QKeySequence.StandardKey.Redo) or (key == Qt.Key.Key_Y and mods & ctrl):
            if not self.roster.read_only:
                self.roster.undo_stack.redo()
            return None
        if key == Qt.Key.Key_Insert and mods & ctrl:
            if not self.roster.read_only:
                rows = sorted({r for r, _ in self._cells()}) or [cur.row() if cur.isValid() else 0]
                self.roster.insert_rows(rows[0], len(rows))
            return None
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.copy_text())
            return None
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step(1)
            return None
        if key == Qt.Key.Key_Backtab:
            self.step(-1)
            return None
        if cur.isValid() and self.roster.columns[cur.column()].kind == "tick":
            if key == Qt.Key.Key_Space or event.text() in ("1", "√", "y", "Y", "x", "X"):
                self.roster.toggle_tick(cur.row(), cur.column())
                return None
        return super().keyPressEvent(event)

    def inputMethodEvent(self, event: Any) -> None:  # noqa: N802
        """Chinese typed into a cell that is not being edited opens its editor, like a key
        would: a plain IME commit (no pre-edit first) is otherwise dropped by QTableView."""
        cur = self.currentIndex()
        committing = bool(event.commitString()) and not event.preeditString()
        if (committing and self.state() != QAbstractItemView.State.EditingState and cur.isValid()
                and self.roster.flags(cur) & Qt.ItemFlag.ItemIsEditable
                and self.edit(cur, QAbstractItemView.EditTrigger.AnyKeyPressed, event)):
            editor = self.indexWidget(cur) or QApplication.focusWidget()
            if isinstance(editor, QLineEdit) and event.commitString() not in editor.text():
                editor.selectAll()  # typing replaces the cell, as with a key press
                QApplication.sendEvent(editor, event)
            event.accept()
            return
        super().inputMethodEvent(event)

    def paste_text(self, r0: int, c0: int, text: str) -> int:
        """Paste Excel rows at (r0, c0). Over rows already filled in, ask first: 是 overwrites,
        否 inserts the pasted rows as new rows there, 取消 pastes nothing. Afterwards the pasted
        block is selected and the grid keeps the focus, so Tab and Enter go on inside it."""
        from PySide6.QtWidgets import QMessageBox

        lines = self.roster.paste_lines(text)
        if not lines:
            return 0
        filled = self.roster.filled_rows(r0, c0, text)
        if filled:
            first, last = filled[0] + 1, filled[-1] + 1
            where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
            answer = QMessageBox.question(
                self, "粘贴会覆盖已填写的行",
                f"要粘贴的 {len(lines)} 行中，有 {len(filled)} 行会覆盖已填写的内容（{where}）。\n\n"
                "“是”：覆盖这些行；“否”：把粘贴的内容插入为新行（原有的行下移）；“取消”：不粘贴。\n"
                "粘贴后可按 Ctrl+Z 撤销。",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                return 0
            if answer == QMessageBox.StandardButton.No:
                stack = self.roster.undo_stack
                stack.beginMacro(f"插入并粘贴 {len(lines)} 行")
                try:
                    self.roster.insert_rows(r0, len(lines))
                    self.roster.paste(r0, c0, text)
                finally:
                    stack.endMacro()
                self._after_paste(r0, c0, lines)
                return len(lines)
        self.roster.paste(r0, c0, text)
        self._after_paste(r0, c0, lines)
        return len(lines)

    def _after_paste(self, r0: int, c0: int, lines: list[str]) -> None:
        model = self.roster
        width = max(len(ln.split("\t")) for ln in lines)
        last_r = min(r0 + len(lines), model.rowCount()) - 1
        last_c = min(c0 + width, model.columnCount()) - 1
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        self.setCurrentIndex(model.index(r0, c0))
        self.selectionModel().select(QItemSelection(model.index(r0, c0), model.index(last_r, last_c)),
                                     QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def copy_text(self) -> str:
        cells = sorted(self._cells())
        if not cells:
            return ""
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        m = self.roster
        return "\n".join("\t".join(str(m.data(m.index(r, c), Qt.ItemDataRole.EditRole) or "") for c in cols)
                         for r in rows)


class RosterEditor(QWidget):
    """The roster grid with its tool row (hide identity numbers, counts, headcount check)."""

    changed = Signal()

    def __init__(self, rspec: FormSpec, year: int, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.spec = rspec
        self.model = RosterModel(rspec, year, today, self)
        self.view = RosterView(self.model, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.count_label = QLabel(self)
        self.problems_label = QLabel(self)
        self.headcount_label = QLabel(self)
        self.mask_box = QCheckBox("隐藏身份证号", self)
        self.mask_box.setToolTip("投屏或共享屏幕时隐藏身份证号码（编辑时仍显示完整号码）")
        self.mask_box.toggled.connect(self.model.set_masked)
        self.people = any(c.key == self.model.id_key for c in self.model.columns)
        self.mask_box.setVisible(self.people)
        for w in (self.count_label, self.problems_label, self.headcount_label):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.mask_box)
        lay.addLayout(tools)
        lay.addWidget(self.view, 1)
        hint = QLabel(_shortcuts(self.model), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self._stated: int | None = None
        self._check_headcount = False
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._refresh)
        for sig in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved,
                    self.model.modelReset):
            sig.connect(self._model_changed)
        self._refresh()

    def _model_changed(self, *_: Any) -> None:
        self._timer.start()  # counts are recomputed once per burst of edits
        if not self._loading:
            self.changed.emit()

    def rows(self) -> list[dict[str, Any]]:
        return self.model.row_values()

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._loading = True
        try:
            self.model.set_rows(rows)
        finally:
            self._loading = False
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.model.set_read_only(read_only)

    def set_headcount(self, stated: Any, check: bool = True) -> None:
        """Show the application's headcount against the roster's (R-HC-3), live."""
        self._stated = stated if isinstance(stated, int) else None
        self._check_headcount = check
        self._refresh()

    def refresh(self) -> None:
        self._timer.stop()
        self._refresh()

    def _refresh(self) -> None:
        n = len(self.model.row_values())
        self.count_label.setText(f"名册共 {n:,} 人" if self.people else f"共 {n:,} 行")
        errors, warnings = self.model.problem_count()
        if errors or warnings:
            self.problems_label.setText(f"错误 {errors} 处，提醒 {warnings} 处（鼠标停在红色格上看原因）")
            set_tone(self.problems_label, "error" if errors else "warning")
        else:
            self.problems_label.setText("无问题" if n else "")
            set_tone(self.problems_label, "ok")
        if not self._check_headcount:
            self.headcount_label.setText("")
        elif self._stated is None:
            self.headcount_label.setText("申请表未填人数")
            set_tone(self.headcount_label, "warning")
        else:
            # R-HC-3 as the evaluator judges it (core.rules.health), not a second comparison
            found = check_roster_headcount(self._stated, n)
            if not found:
                self.headcount_label.setText(f"与申请表人数 {self._stated:,} 人一致（R-HC-3）")
                set_tone(self.headcount_label, "ok")
            else:
                self.headcount_label.setText(found[0].message)
                set_tone(self.headcount_label, "error" if found[0].is_error else "warning", strong=True)

    def focus_row(self, row: int, key: str | None = None) -> None:
        """Select a roster row (1-based, as in finding messages) and the column of ``key``."""
        cols = [i for i, c in enumerate(self.model.columns) if key and c.key == key] or \
               [next((i for i, c in enumerate(self.model.columns) if c.kind == "value"), 0)]
        index = self.model.index(max(0, row - 1), cols[0])
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()


def _free_text(type_name: str) -> bool:
    ft = field_type(type_name)
    return ft.free_text or ft.long_text
