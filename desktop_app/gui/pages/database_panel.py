"""设置 → 数据库 (issue 15, point 1): 本机 or 服务器, the server's fields, 测试连接, saved for
the next start (database-server.txt in the data folder; never a password)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QMessageBox,
    QWidget,
)

from desktop_app.gui.designer.ui_database_panel import Ui_DatabasePanel
from desktop_app.gui.permissions import gate
from desktop_app.services import server_settings as ss
from desktop_app.services.errors import ServiceError

if TYPE_CHECKING:
    from desktop_app.services.app import App


class DatabasePanel(QGroupBox):
    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_DatabasePanel()  # laid out in Qt Designer: ui/database_panel.ui
        self.ui.setupUi(self)
        self.app = app
        ui = self.ui
        self.local, self.server = ui.local, ui.server
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        self.host, self.port, self.database, self.user = ui.host, ui.port, ui.database, ui.user
        self.sslmode, self.password = ui.sslmode, ui.password
        for mode in ss.SSL_MODES:
            self.sslmode.addItem(mode, mode)
        self.now, self.result = ui.now, ui.result
        self.test_button, self.save_button = ui.test_button, ui.save_button
        ui.note.setObjectName("hint")
        self.server.toggled.connect(self._enable)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        # issue 15: which database this seat opens is the administrator's setting (a file on the
        # seat, not in the store: only the screen can hold it back; the test stays open to all)
        gate(app, "settings", self.save_button, self.local, self.server)
        self.load()

    def load(self) -> None:
        from desktop_app.store.db import describe_target

        saved = ss.saved_server(self.app.data_dir)
        fields = ss.ServerFields.from_url(saved) if saved else ss.ServerFields()
        self.host.setText(fields.host)
        self.port.setValue(fields.port)
        self.database.setText(fields.database)
        self.user.setText(fields.user)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(fields.sslmode)))
        (self.server if saved else self.local).setChecked(True)
        current = describe_target(self.app.store.url) if self.app.store.server else "本机数据库"
        self.now.setText(f"正在使用：{current}")
        self._enable()

    def _enable(self) -> None:
        on = self.server.isChecked()
        for w in (self.host, self.port, self.database, self.user, self.sslmode, self.password, self.test_button):
            w.setEnabled(on)

    def fields(self) -> ss.ServerFields:
        return ss.ServerFields(self.host.text(), self.port.value(), self.database.text(), self.user.text(),
                               self.sslmode.currentData())

    def test(self) -> bool:
        try:
            report = ss.test_connection(self.fields().url(), self.password.text() or None)
        except ServiceError as exc:
            self.result.setText(str(exc))
            return False
        self.result.setText(report.message())
        return True

    def save(self) -> bool:
        try:
            ss.save_server(self.app.data_dir, self.fields().url() if self.server.isChecked() else None)
        except ServiceError as exc:
            QMessageBox.warning(self, "数据库", str(exc))
            return False
        except OSError as exc:
            from desktop_app.disk_errors import chinese

            QMessageBox.warning(self, "数据库", chinese(exc))
            return False
        where = "服务器" if self.server.isChecked() else "本机数据库"
        self.result.setText(f"已保存：下次启动时使用{where}。")
        QMessageBox.information(self, "数据库", f"已保存。请关闭程序后重新打开，届时使用{where}。")
        return True
