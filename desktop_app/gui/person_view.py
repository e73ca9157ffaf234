"""一人一档 — one person's file (issue 12 point 5), opened by double-clicking a person:
identity details (masked unless revealed), the editable registry fields (audited), every
record and roster entry across projects and years with the subsidy received, and the
history. Correcting the identity number is a separate, audited act that re-checks R-ID-5."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.changes import notify
from desktop_app.gui.history_view import HistoryView
from desktop_app.gui.permissions import gate
from desktop_app.services.errors import ServiceError

if TYPE_CHECKING:
    from desktop_app.services.app import App

RECORD_COLUMNS = ("年度", "项目", "记录", "表单", "单位", "状态", "方式", "补助（元）")
MEMBER = (("", None), ("是", True), ("否", False))


class PersonDialog(QDialog):
    def __init__(self, app: "App", person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.person_id = person_id
        self.info: dict[str, Any] = {}
        self.setWindowTitle("人员档案（一人一档）")
        self.resize(1100, 700)

        self.identity = QLabel()
        self.identity.setObjectName("personIdentity")
        self.identity.setWordWrap(True)
        self.identity.setStyleSheet("font-size: 15px;")
        self.reveal = QCheckBox("显示完整号码")
        self.correct_button = QPushButton("更正身份证号码…")
        self.correct_button.setToolTip("单独记入历史；新号码须有效，且不能已属于人员库中的他人（R-ID-5）")
        top = QHBoxLayout()
        top.addWidget(self.identity, 1)
        top.addWidget(self.reveal)
        top.addWidget(self.correct_button)

        box = QGroupBox("资料（可修改，修改记入历史）")
        grid = QGridLayout(box)
        self.edits: dict[str, QLineEdit] = {}
        for i, (key, label) in enumerate((("name", "姓名"), ("phone", "电话"), ("work_unit", "工作单位"),
                                          ("industry", "行业"), ("member_card_no", "会员服务卡号"))):
            edit = QLineEdit()
            self.edits[key] = edit
            form = QFormLayout()
            form.addRow(label + "：", edit)
            grid.addLayout(form, i // 3, i % 3)
        self.member = QComboBox()
        for text, value in MEMBER:
            self.member.addItem(text or "（未填）", value)
        form = QFormLayout()
        form.addRow("工会会员：", self.member)
        grid.addLayout(form, 1, 2)
        self.save_button = QPushButton("保存资料")
        self.save_button.setObjectName("primary")
        grid.addWidget(self.save_button, 2, 2)

        self.tabs = QTabWidget()
        self.records = QTableWidget(0, len(RECORD_COLUMNS))
        self.records.setHorizontalHeaderLabels(list(RECORD_COLUMNS))
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.records.verticalHeader().setVisible(False)
        for i, w in enumerate((56, 170, 64, 70, 230, 80, 70)):
            self.records.setColumnWidth(i, w)
        self.records.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.history = HistoryView(self._history_rows, parent=self)
        self.tabs.addTab(self.records, "记录与名册")
        self.tabs.addTab(self.history, "历史")
        self.total = QLabel()
        self.total.setObjectName("totals")

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(box)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.total)

        self.reveal.toggled.connect(lambda _on: self.load())
        self.save_button.clicked.connect(self.save)
        self.correct_button.clicked.connect(self.correct_id)
        if not gate(app, "people", self.save_button, self.correct_button):  # issue 15: the role
            for edit in self.edits.values():
                edit.setReadOnly(True)
            self.member.setEnabled(False)
        self.records.doubleClicked.connect(lambda _i: self.open_record())
        self.tabs.currentChanged.connect(lambda _i: self.history.refresh())
        self.load()

    # -- data ------------------------------------------------------------------------------
    def load(self) -> None:
        from desktop_app.services.person_file import person_file

        with self.app.session() as s:
            self.info = person_file(s, self.person_id, reveal=self.reveal.isChecked())
        i = self.info
        member = {True: "是", False: "否"}.get(i["is_member"], "未填")
        self.identity.setText(
            f"<b>{i['name']}</b>　{i['gender'] or ''}　身份证号码 {i['id_number']}　出生日期 {i['birth_date'] or ''}"
            f"<br>电话 {i['phone'] or '—'}　工作单位 {i['work_unit'] or '—'}　工会会员 {member}"
            + (f"　（来自 {i['origin']}）" if i.get("origin") else ""))
        for key, edit in self.edits.items():
            value = i.get(key)
            if key == "phone" and not self.reveal.isChecked():
                value = None  # the full number is shown (and edited) only when revealed
            edit.setText(value or "")
        self.edits["phone"].setPlaceholderText("（勾选“显示完整号码”后可修改）" if not self.reveal.isChecked() else "")
        self.edits["phone"].setEnabled(self.reveal.isChecked())
        self.member.setCurrentIndex(max(0, self.member.findData(i["is_member"])) if i["is_member"] is not None else 0)
        rows = i["records"]
        self.records.setRowCount(len(rows))
        for r, e in enumerate(rows):
            cells = (e["year"], e["project_name"], e["record_id"], e["form"], e["unit_name"] or "", e["status_label"],
                     "名册" if e["via"] == "roster" else "登记", f"{e['subsidy_fen'] / 100:,.2f}")
            for c, text in enumerate(cells):
                self.records.setItem(r, c, QTableWidgetItem(str(text)))
        years = sorted({e["year"] for e in rows})
        self.total.setText(f"共 {len(rows)} 条记录（{'、'.join(map(str, years)) or '—'} 年度），"
                           f"补助合计 {i['subsidy_fen'] / 100:,.2f} 元（计入进度的记录；名册按人均）")
        if self.tabs.currentWidget() is self.history:
            self.history.refresh()

    def _history_rows(self) -> list[dict[str, Any]]:
        from desktop_app.services.history import person_history_by_id

        with self.app.session() as s:
            return person_history_by_id(s, self.person_id)

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, edit in self.edits.items():
            if key == "phone" and not self.reveal.isChecked():
                continue
            new = edit.text().strip() or None
            if new != (self.info.get(key) or None):
                out[key] = new
        member = self.member.currentData()
        if member != self.info.get("is_member"):
            out["is_member"] = member
        return out

    # -- acts ------------------------------------------------------------------------------
    def save(self) -> bool:
        from desktop_app.services.person_file import update_person

        changes = self.changes()
        if not changes:
            messages.info(self, "资料没有改动。", "人员档案")
            return False
        try:
            with self.app.transaction() as s:
                update_person(s, self.person_id, changes, expected_revision=self.info["revision"])
        except ServiceError as exc:
            messages.show_error(self, exc, "未能保存")
            return False
        notify("people")
        self.load()
        self.history.refresh()
        return True

    def correct_id(self) -> bool:
        from desktop_app.services.person_file import correct_id_number

        number = messages.ask_text(self, "更正身份证号码",
                                   f"{self.info.get('name', '')} 的正确身份证号码（18 位）：")
        if number is None:
            return False
        reason = messages.ask_text(self, "更正身份证号码", "更正原因（必填，记入历史）：")
        if reason is None:
            return False
        try:
            with self.app.transaction() as s:
                correct_id_number(s, self.person_id, number, reason)
        except ServiceError as exc:
            messages.show_error(self, exc, "未能更正")
            return False
        notify("people")
        self.load()
        messages.info(self, "身份证号码已更正，并记入历史。", "人员档案")
        return True

    def open_record(self) -> None:
        rows = self.records.selectionModel().selectedRows()
        if not rows:
            return
        e = self.info["records"][rows[0].row()]
        from desktop_app.gui.pages import record_actions

        record_actions.open_editor(self, self.app, e["record_id"], e["project"], e["form"], lambda _rid: None)


def open_person(app: "App", person_id: int, parent: QWidget | None = None) -> PersonDialog | None:
    try:
        dialog = PersonDialog(app, person_id, parent)
    except ServiceError as exc:
        messages.show_error(parent, exc, "人员档案")
        return None
    dialog.show()
    return dialog
