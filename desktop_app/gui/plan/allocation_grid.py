"""名额分配 (district): towns × projects of a year, each project's sum against its quota, a
warning when the shares pass it (R-QUOTA-1). Saved through services.allocations.allocate; the
towns receive their shares in their next return package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.widgets import fmt_int
from desktop_app.services.allocations import allocate, allocation_grid
from desktop_app.services.errors import ServiceError

if TYPE_CHECKING:
    from desktop_app.services.app import App

OVER = QColor("#fde2e2")
READ_ONLY = QColor("#f3f4f6")


class AllocationDialog(QDialog):
    def __init__(self, app: App, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.year = year
        self.setWindowTitle(f"{year} 年度名额分配")
        self.resize(1240, 600)
        with app.session() as s:
            self.grid = allocation_grid(s, year)
        g = self.grid
        self.towns, self.projects = g.towns, g.projects
        n_towns = len(self.towns)
        self.table = QTableWidget(n_towns + 3, len(self.projects), self)
        for c, p in enumerate(self.projects):
            name = str(p["short_name"])  # narrow columns: the name on lines of 6 characters
            wrapped = "\n".join(name[i:i + 6] for i in range(0, len(name), 6))
            head = QTableWidgetItem(f"{wrapped}\n{p['code']}")
            head.setToolTip(f"{p['short_name']}（{p['code']}）：名额 {p['quota']:,} {p['quota_unit']}")
            self.table.setHorizontalHeaderItem(c, head)
        self.table.setVerticalHeaderLabels([f"{n}（{c}）" for c, n in self.towns] + ["已分配合计", "项目名额", "尚未分配"])
        self._loading = True
        for c, p in enumerate(self.projects):
            for r, (tc, _n) in enumerate(self.towns):
                value = g.cells.get((p["code"], tc))
                item = QTableWidgetItem("" if value is None else str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            for r in range(n_towns, n_towns + 3):
                item = QTableWidgetItem()
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setBackground(QBrush(READ_ONLY))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self._loading = False
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(80)
        self.table.itemChanged.connect(self._changed)

        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("errorText")
        hint = QLabel("在格子里填写分配给各街镇的名额（整数）；空格表示不分配。保存后，各街镇在下一个审核结果包中收到"
                      "自己的名额（“数据交换”→ 发回审核结果，没有新的审核结果也可以生成）。")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        if not self.towns:
            hint.setText("还没有街镇：请先在“单位”中登记街镇，或导入街镇的数据包。")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.refresh_sums()

    def _value(self, r: int, c: int) -> int | None:
        item = self.table.item(r, c)
        text = item.text().strip().replace(",", "") if item else ""
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return None

    def _changed(self, item: QTableWidgetItem) -> None:
        if not self._loading and item.row() < len(self.towns):
            self.refresh_sums()

    def refresh_sums(self) -> None:
        self._loading = True
        n = len(self.towns)
        over = []
        for c, p in enumerate(self.projects):
            total = sum(v for r in range(n) if (v := self._value(r, c)) is not None)
            quota = p["quota"]
            self.table.item(n, c).setText(fmt_int(total))
            self.table.item(n + 1, c).setText(fmt_int(quota))
            self.table.item(n + 2, c).setText(fmt_int(quota - total))
            is_over = bool(quota) and total > quota
            colour = OVER if is_over else READ_ONLY
            for r in (n, n + 2):
                self.table.item(r, c).setBackground(QBrush(colour))
            if is_over:
                over.append(f"{p['short_name']}（{p['code']}）已分配 {total:,} {p['quota_unit']}，"
                            f"比项目名额 {quota:,} 多 {total - quota:,}")
        self._loading = False
        self.warning.setText(("⚠ " + "；".join(over) + "（R-QUOTA-1）。") if over else "")
        self.warning.setVisible(bool(over))

    def changes(self) -> list[tuple[str, str, str]]:
        out = []
        for c, p in enumerate(self.projects):
            for r, (tc, _n) in enumerate(self.towns):
                before = self.grid.cells.get((p["code"], tc))
                item = self.table.item(r, c)
                text = item.text().strip() if item else ""
                if text == ("" if before is None else str(before)):
                    continue
                out.append((p["code"], tc, text or "0"))
        return out

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.accept()
            return
        names = dict(self.towns)
        where = ""
        try:
            with self.app.transaction() as s:
                for code, town, quota in changes:
                    where = f"{names.get(town, town)} · {code}："
                    allocate(s, code, town, quota)
        except ServiceError as exc:  # names the cell; nothing is saved (one transaction)
            messages.show_error(self, f"{where}{exc}", "未保存")
            return
        except Exception as exc:  # noqa: BLE001 - a crash dialog
            messages.show_error(self, exc, "未保存")
            return
        self.accept()
