"""待办 board (home page): the overdue obligations (red) and those due in the next 30 days for
the year shown; a double-click opens the record (or the project's list); export to .ics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.gui import messages
from desktop_app.gui.widgets import on_open
from desktop_app.gui.permissions import gate
from desktop_app.services.deadlines import BoardRow, DeadlineItem, board_rows, deadlines, write_ics

if TYPE_CHECKING:
    from desktop_app.services.app import App

RED = QColor("#b91c1c")
WINDOW_DAYS = 30


class TodoBoard(QFrame):
    """Emits `open_record(record_id)` or `open_project(code)` on a double-click."""

    open_record = Signal(int)
    open_project = Signal(str)
    counted = Signal(int)

    def __init__(self, app: App, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.setObjectName("card")
        self.app = app
        self.today = today
        self.year: int | None = None
        self.items: list[DeadlineItem] = []
        self.rows: list[BoardRow] = []  # what the table shows: items, records of one date grouped
        self.title = QLabel("待办")
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.done_button = QPushButton("标为已完成")
        self.done_button.setToolTip("程序看不到的事项（名单已报送、月报已交……）办完后标记，它就不再显示")
        self.export_button = QPushButton("导出日历…")
        self.export_button.setToolTip("导出为 .ics 日历文件（Outlook：文件 → 打开和导出 → 导入/导出 → 导入 iCalendar）")
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.done_button)
        bottom.addWidget(self.export_button)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["日期", "事项"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # two lines per item (date / title, then rule · project · record): a fixed height, since
        # sizing rows to wrapped text before the board is laid out made them screen-high
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(2 * line + 10)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("")
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        hint = QLabel("红色为已逾期；双击（或回车）打开记录。")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(hint)
        layout.addLayout(bottom)
        on_open(self.table, lambda index: self.activate(index.row()))  # double-click or Enter
        self.export_button.clicked.connect(self.export_ics)
        self.done_button.clicked.connect(self.mark_selected_done)
        gate(app, "records", self.done_button)  # issue 15: services.deadlines.mark_done asks the same

    def load(self, year: int | None) -> None:
        self.year = year
        on = self.today()
        with self.app.session() as s:
            self.items = deadlines(s, on=on, within=WINDOW_DAYS, year=year) if year is not None else []
        self.rows = board_rows(self.items)
        overdue = sum(1 for i in self.items if i.overdue)
        self.title.setText(f"待办（已逾期 {overdue:,}，{WINDOW_DAYS} 天内 {len(self.items) - overdue:,}）")
        self.table.setRowCount(len(self.rows))
        for r, item in enumerate(self.rows):
            when = item.date.isoformat() + ("\n已逾期" if item.overdue else "")
            what = f"{item.title}\n{item.rule} · {item.project}" + (f" · 记录 {item.record}" if item.record else "")
            cells = [QTableWidgetItem(when), QTableWidgetItem(what)]
            for cell in cells:
                if item.overdue:
                    cell.setForeground(QBrush(RED))
                cell.setToolTip(f"{item.title}（{item.rule}）" + (f"\n{item.note}" if item.note else ""))
            self.table.setItem(r, 0, cells[0])
            self.table.setItem(r, 1, cells[1])
        self.empty.setText("" if self.items else f"已逾期和今后 {WINDOW_DAYS} 天内没有待办事项。")
        self.empty.setVisible(not self.items)
        self.counted.emit(len(self.items))

    def activate(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        item = self.rows[row]
        if item.record is not None:
            self.open_record.emit(item.record)
        else:
            self.open_project.emit(item.project)

    def mark_selected_done(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            messages.info(self, "请先在待办中选择一项。")
            return
        lines = [self.rows[r] for r in rows if 0 <= r < len(self.rows)]
        chosen = [i for line in lines for i in line.items]
        names = "\n".join(f"{line.date.isoformat()} {line.title}" for line in lines)
        if not messages.confirm(self, f"把以下 {len(chosen):,} 项标为已完成？\n\n{names}", "标为已完成"):
            return
        from desktop_app.services.deadlines import mark_done

        try:
            with self.app.transaction() as s:
                for item in chosen:
                    mark_done(s, item.key, True, on=self.today())
        except Exception as exc:  # noqa: BLE001 - ServiceError in Chinese, else a crash
            messages.show_error(self, exc)
            return
        self.load(self.year)

    def export_ics(self) -> None:
        with self.app.session() as s:  # the whole year, not only the next 30 days
            items = deadlines(s, on=self.today(), year=self.year)
        if not items:
            messages.info(self, "没有可导出的截止日期。")
            return
        name = f"实事项目待办-{self.year or '全部'}.ics"
        path, _ = QFileDialog.getSaveFileName(self, "导出日历", name, "iCalendar 日历 (*.ics)")
        if not path:
            return
        try:
            written = write_ics(items, path)
        except Exception as exc:  # noqa: BLE001 - ServiceError in Chinese (disk full, read-only), else a crash
            messages.show_error(self, exc)
            return
        messages.info(self, f"已导出 {len(items)} 个截止日期到“{written}”。\n"
                            "Outlook：文件 → 打开和导出 → 导入/导出 → 导入 iCalendar (.ics)。")
