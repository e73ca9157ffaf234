"""First-run dialog: this office (本单位) and its parent unit; also used to edit them later."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QWidget,
)

from desktop_app import APP_TITLE
from desktop_app.gui.style import mark_primary
from desktop_app.gui.designer.ui_first_run_dialog import Ui_FirstRunDialog
from desktop_app.services.errors import ServiceError
from desktop_app.services.office import LEVELS, OfficeInfo, setup_office

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent
    
    from desktop_app.services.app import App

_CODE_RE = re.compile(r"^[0-9A-Za-z_-]{2,32}$")


class FirstRunDialog(QDialog):
    def __init__(self, app: "App", parent: QWidget | None = None, office: OfficeInfo | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.office: OfficeInfo | None = None
        editing = office is not None
        self.ui = Ui_FirstRunDialog()  # laid out in Qt Designer: ui/first_run_dialog.ui
        self.ui.setupUi(self)
        self.setWindowTitle("修改本单位信息" if editing else f"{APP_TITLE} — 初次设置")
        if editing:
            self.ui.intro.setText("修改后，今后生成的数据包使用新的信息。")
        self.ui.intro.setObjectName("hint")
        self.name, self.code = self.ui.name, self.ui.code
        self.town, self.district = self.ui.town, self.ui.district
        self.town.setText(LEVELS["town"])
        self.district.setText(LEVELS["district"])
        self.level_group = QButtonGroup(self)
        self.level_group.addButton(self.town)
        self.level_group.addButton(self.district)
        self.parent_box, self.parent_name, self.parent_code = (
            self.ui.parent_box, self.ui.parent_name, self.ui.parent_code)
        self.error = self.ui.error
        self.error.setObjectName("errorText")
        self.error.hide()
        buttons = self.ui.buttons
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("保存" if editing else "开始使用")
        mark_primary(self.ok_button)
        self.ok_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消" if editing else "退出")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        self.district.toggled.connect(self._level_changed)
        if office is not None:
            self.name.setText(office.name)
            self.code.setText(office.code)
            (self.district if office.is_district else self.town).setChecked(True)
            self.parent_name.setText(office.parent_name or "")
            self.parent_code.setText(office.parent_code or "")
        self._level_changed()

    @property
    def level(self) -> str:
        return "district" if self.district.isChecked() else "town"

    def _level_changed(self) -> None:
        # A district office has no parent here (DOMAIN §1: it reports upward by Excel).
        self.parent_box.setVisible(self.level == "town")
        self.adjustSize()

    def problems(self) -> list[str]:
        """Checks made before the service's own, so each message names the field to fix."""
        out = []
        name, code = self.name.text().strip(), self.code.text().strip()
        if not name:
            out.append("请填写单位名称。")
        if not _CODE_RE.match(code):
            out.append("单位代码应为 2–32 位字母、数字、短横线或下划线。")
        if self.level == "town":
            pname, pcode = self.parent_name.text().strip(), self.parent_code.text().strip()
            if not pname:
                out.append("请填写上级单位名称。")
            if not _CODE_RE.match(pcode):
                out.append("上级单位代码应为 2–32 位字母、数字、短横线或下划线。")
            elif pcode == code:
                out.append("上级单位代码不能与本单位代码相同。")
        return out

    def show_problems(self, problems: list[str]) -> None:
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.show_problems(problems)
            return
        town = self.level == "town"
        try:
            with self.app.transaction() as s:
                self.office = setup_office(
                    s, name=self.name.text(), code=self.code.text(), level=self.level,
                    parent_name=self.parent_name.text().strip() if town else None,
                    parent_code=self.parent_code.text().strip() if town else None,
                )
        except ServiceError as exc:
            self.show_problems([str(exc)])
            return
        super().accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)
