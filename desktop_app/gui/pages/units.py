"""单位 — the enterprises and unions this office serves: searchable list, add / edit dialog."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.style import mark_primary
from desktop_app.gui import messages
from desktop_app.gui.designer.ui_unit_dialog import Ui_UnitDialog
from desktop_app.gui.models.small_models import SORT_ROLE, UnitsModel
from desktop_app.gui.permissions import check, gate
from desktop_app.gui.widgets import (
    PageHeader,
    SearchBox,
    fmt_int,
    make_table,
    on_open,
    set_column_widths,
)
from desktop_app.services import views
from desktop_app.services.errors import ServiceError
from desktop_app.services.units import DIRECTORY_ROLES, DIRECTORY_TITLES, OWNERSHIP, save_unit

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App

# GB 32100-2015 unified social credit code: 18 characters from this alphabet (no I O S V Z).
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_credit_code(code: str) -> str | None:
    """A Chinese message when the code is malformed, else None (empty is allowed)."""
    if not code:
        return None
    if len(code) != 18 or any(c not in _CREDIT_ALPHABET for c in code):
        return "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）。"
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS))
    expected = _CREDIT_ALPHABET[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"统一社会信用代码校验位不符（应为 {expected}），请核对是否抄错。"
    return None


class UnitDialog(QDialog):
    FIELDS = (("name", "单位名称"), ("credit_code", "统一社会信用代码"), ("ownership", "企业性质"),
              ("address", "地址"), ("contact", "联系人"), ("phone", "联系电话"))

    def __init__(self, app: "App", unit_id: int | None = None, parent: QWidget | None = None,
                 directory: str = "units") -> None:
        super().__init__(parent)
        self.app = app
        self.unit_id = unit_id
        self.directory = directory  # a new entry of the check centres / travel agencies list
        self.saved_id: int | None = None
        what = DIRECTORY_TITLES.get(directory, "单位")
        self.ui = Ui_UnitDialog()  # laid out in Qt Designer: ui/unit_dialog.ui
        self.ui.setupUi(self)
        self.setWindowTitle(f"编辑{what}" if unit_id else f"新增{what}")
        self.inputs: dict[str, QLineEdit | QComboBox] = {key: getattr(self.ui, key) for key, _ in self.FIELDS}
        self.ui.ownership.addItems(["", *OWNERSHIP])
        self.error = self.ui.error
        self.error.setObjectName("errorText")
        self.error.hide()
        ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        ok.setText("保存")
        mark_primary(ok)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        if unit_id is not None:
            with app.session() as s:
                self.set_values(views.unit_values(s, unit_id))

    def set_values(self, values: dict[str, Any]) -> None:
        for key, widget in self.inputs.items():
            text = str(values.get(key) or "")
            if isinstance(widget, QComboBox):
                widget.setCurrentText(text)
            else:
                widget.setText(text)

    def values(self) -> dict[str, str]:
        out = {}
        for key, widget in self.inputs.items():
            text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
            out[key] = text.strip()
        out["credit_code"] = re.sub(r"\s+", "", out["credit_code"]).upper()
        return out

    def problems(self, values: dict[str, str]) -> list[str]:
        out = []
        if not values["name"]:
            out.append("请填写单位名称。")
        credit = check_credit_code(values["credit_code"])
        if credit:
            out.append(credit)
        if values["phone"]:
            from desktop_app.core.phones import check_phone

            _, findings = check_phone(values["phone"])
            out.extend(f.message for f in findings if f.is_error)
        return out

    def accept(self) -> None:
        values = self.values()
        problems = self.problems(values)
        if not problems:
            try:
                stored = {k: (v or None) for k, v in values.items()}
                if self.unit_id is None and self.directory in DIRECTORY_ROLES:
                    stored.update(role=DIRECTORY_ROLES[self.directory], level="provider")
                with self.app.transaction() as s:
                    self.saved_id = save_unit(s, stored, self.unit_id).id
            except ServiceError as exc:
                problems = [str(exc)]
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            return
        super().accept()


class UnitsPage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.header = PageHeader("服务单位", "本单位服务的企业工会、基层单位（申请表中填写的单位会自动加入）")
        self.search = SearchBox("搜索单位名称、代码或联系人（Ctrl+F）")
        self.reveal = QCheckBox("显示完整号码")
        # The units, or the lists the place / provider fields complete from.
        self.kind = QComboBox()
        for key in ("units", "check_centres", "travel_agencies"):
            self.kind.addItem(DIRECTORY_TITLES[key] if key != "units" else "服务单位", key)
        self.kind.setToolTip("体检中心、旅行社名录：表单中的体检地点、承办体检中心、承接旅行社从这里选择")
        self.add_button = QPushButton("新增…")
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton("编辑…")
        for w in (self.kind, self.search, self.reveal, self.edit_button, self.add_button):
            self.header.controls.addWidget(w)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = UnitsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(False)  # the sort role is already a pinyin key
        self.table = make_table(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.table, [240, 170, 120, 80, 120, 260])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.search.search.connect(lambda _t: self.refresh())
        self.reveal.toggled.connect(self.model.set_revealed)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        on_open(self.table, self._edit_index)
        gate(app, "units", self.add_button, self.edit_button)  # issue 15: the role
        self.refresh()

    def refresh(self) -> None:
        with self.app.session() as s:
            rows = views.unit_rows(s, self.search.text(), self.kind.currentData() or "units")
        self.model.set_rows(rows)
        what = {"check_centres": "家体检中心", "travel_agencies": "家旅行社"}.get(self.kind.currentData(), "个单位")
        self.count.setText(f"共 {fmt_int(len(rows))} {what}")

    def activated(self) -> None:
        self.refresh()

    def _edit_index(self, index: QModelIndex) -> None:
        self.edit(self.model.id_at(self.proxy.mapToSource(index).row()))

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            messages.info(self, "请先在列表中选择一个单位。")
            return
        self._edit_index(rows[0])

    def edit(self, unit_id: int | None) -> None:
        if not check(self, self.app, "units"):  # a double-click reaches here too
            return
        dialog = UnitDialog(self.app, unit_id, self, self.kind.currentData() or "units")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
