"""设置 — this office (edited through the first-run dialog), the data folder, backups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QWidget

from desktop_app import __version__
from desktop_app.gui import messages
from desktop_app.gui.designer.ui_settings_page import Ui_SettingsPage
from desktop_app.gui.permissions import gate
from desktop_app.gui.widgets import PageHeader, scroll_body
from desktop_app.services.office import LEVELS

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App


class SettingsPage(QWidget):
    def __init__(self, app: "App", window: "MainWindow | None" = None) -> None:
        super().__init__()
        self.app = app
        self.window_ = window
        header = PageHeader("设置", "本单位信息、数据文件夹、备份、账户与数据库")

        self.static = QWidget()  # 本单位 and 数据: laid out in Qt Designer (ui/settings_page.ui)
        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self.static)
        ui = self.ui
        self.name, self.code, self.level, self.parent_unit = ui.name, ui.code, ui.level, ui.parent_unit
        self.folder, self.database, self.backups, self.version = ui.folder, ui.database, ui.backups, ui.version
        self.edit_button, self.open_button = ui.edit_button, ui.open_button
        ui.note.setObjectName("hint")

        layout = scroll_body(self)  # scrolls on a short screen instead of overlapping
        layout.addWidget(header)
        layout.addWidget(self.static)
        from desktop_app.gui.pages.backup_panel import BackupPanel

        self.backup_panel = BackupPanel(app, window)
        self.backup_button = self.backup_panel.now_button
        layout.addWidget(self.backup_panel, 1)
        from desktop_app.gui.accounts import AccountsPanel
        from desktop_app.gui.pages.database_panel import DatabasePanel

        self.accounts_panel = AccountsPanel(app, self)  # issue 15: operators
        layout.addWidget(self.accounts_panel)
        self.database_panel = DatabasePanel(app, self)  # issue 15: 本机 / 服务器
        layout.addWidget(self.database_panel)

        self.edit_button.clicked.connect(self.edit_office)
        gate(app, "settings", self.edit_button)  # issue 15: services.office.setup_office asks the same
        self.open_button.clicked.connect(self.open_folder)
        self.activated()

    def activated(self) -> None:
        office = self.app.office()
        self.name.setText(office.name if office else "（未设置）")
        self.code.setText(office.code if office else "")
        self.level.setText(LEVELS.get(office.level, office.level) if office else "")
        self.parent_unit.setText(
            f"{office.parent_name}（{office.parent_code}）" if office and office.parent_code else "无")
        d = self.app.data_dir
        self.folder.setText(str(d.root))
        if self.app.store.server:
            from desktop_app.store.db import describe_target

            self.database.setText(describe_target(self.app.store.url))
        else:
            self.database.setText(str(d.database))
        self.backups.setText(str(d.backups))
        self.version.setText(__version__)
        self.backup_panel.refresh()
        if hasattr(self, "accounts_panel"):
            self.accounts_panel.refresh()

    def edit_office(self) -> None:
        from desktop_app.gui.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.app, self, office=self.app.office())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.activated()
            if self.window_ is not None:
                self.window_.update_office()

    def open_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.app.data_dir.root))):
            messages.info(self, f"无法打开文件夹，请手动打开：\n{self.app.data_dir.root}")

    def backup(self) -> None:
        self.backup_panel.backup_now()
