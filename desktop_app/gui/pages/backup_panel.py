"""设置 → 备份与恢复: the backups (date, kind, place, size), backup now / to a folder, the second
place, restore with a confirmation that says what will be lost.

The two file-menu actions (备份… and 恢复…) are made by :func:`file_menu_actions`, so whoever
arranges the menus can put them anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.designer.ui_backup_panel import Ui_BackupPanel
from desktop_app.gui.permissions import allowed, gate, refused
from desktop_app.gui.style import mark_primary
from desktop_app.gui.tasks import run_task
from desktop_app.services import backups
from desktop_app.store.backup import KIND_LABELS

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App

PLACES = {"local": "本机", "offsite": "异地", "chosen": "另存"}
BACKUP_FILTER = "工会实事台账备份 (*.sqlite3);;所有文件 (*)"


def pick_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    return folder or None


def pick_file(parent: QWidget | None, title: str, start: str = "") -> str | None:
    file, _ = QFileDialog.getOpenFileName(parent, title, start, BACKUP_FILTER)
    return file or None


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


# -------------------------------------------------------------------- the acts (menu and panel)

def backup_to_folder(parent: QWidget, app: App, done: Any = None) -> None:
    """Ask for a folder (a USB stick), back up there: verified, no partial file on failure."""
    folder = pick_folder(parent, "备份到文件夹（如 U 盘）")
    if not folder:
        return

    def finished(made: Any) -> None:
        also = "" if made.kind == "server" else "\n（本机备份文件夹中也保存了一份）"  # a dump goes only there
        messages.info(parent, f"备份完成，已校验无误：\n{made.path}{also}", "备份")
        if done is not None:
            done()

    run_task(parent, "正在备份数据库……", lambda progress: backups.create(app, folder), finished,
             lambda exc: messages.show_error(parent, exc, "备份失败"))


def restore_from(parent: QWidget, app: App, file: str, window: MainWindow | None = None,
                 done: Any = None) -> None:
    """Verify the file, say what will be lost, ask, then restore."""

    def confirmed(pv: backups.RestorePreview) -> None:
        text = (f"从备份文件恢复：\n{file}\n\n{pv.verified.message()}\n\n{pv.warning()}\n\n"
                "确定要恢复吗？")
        if not messages.confirm(parent, text, "恢复数据库"):
            return
        run_task(parent, "正在恢复数据库……", lambda progress: backups.restore(app.data_dir, file, app), restored,
                 lambda exc: messages.show_error(parent, exc, "未能恢复"))

    def restored(result: backups.RestoreResult) -> None:
        messages.info(parent, result.message, "恢复完成")
        if window is not None:
            window.reload_after_restore()
        elif done is not None:
            done()

    run_task(parent, "正在检查备份文件……", lambda progress: backups.preview(app.data_dir, file), confirmed,
             lambda exc: messages.show_error(parent, exc, "不能用这个文件恢复"))


def restore_from_file(parent: QWidget, app: App, window: MainWindow | None = None) -> None:
    file = pick_file(parent, "选择要恢复的备份文件", str(app.data_dir.backups))
    if file:
        restore_from(parent, app, file, window)


def file_menu_actions(window: MainWindow) -> list[QAction]:
    """备份… and 恢复… for the 文件 menu."""
    backup = QAction("备份(&B)…", window)
    backup.setToolTip("把数据库备份到选定的文件夹（如 U 盘）")
    backup.triggered.connect(lambda: backup_to_folder(window, window.app))
    restore = QAction("恢复(&R)…", window)
    restore.setToolTip("从备份文件恢复数据库（先检查文件，并先备份当前数据）")
    restore.triggered.connect(lambda: restore_from_file(window, window.app, window))
    if window.app.store.server:
        backup.setToolTip("用 pg_dump 把服务器数据库导出到选定的文件夹（如 U 盘）")
        _greyed(backups.SERVER_RESTORE, restore)
    return [backup, restore]


def _greyed(why: str, *targets: Any) -> None:
    """What a seat of a server store (issue 15) does not do — a restore (the server is restored
    on the server) or a second place — greyed out with the reason. A role that may not use it
    at all keeps its own reason (gui.permissions.gate, applied first or after)."""
    for target in targets:
        target.setEnabled(False)
        if refused(target) is None:
            target.setToolTip(why)
            if isinstance(target, QAction):
                target.setStatusTip(why)


NO_SECOND_PLACE = "服务器数据库没有本机的每日自动备份可复制到异地；要另存一份，请用“备份到文件夹…”。"


SERVER_HINT = ("本单位的数据库在 PostgreSQL 服务器上，由服务器的备份保护。“立即备份”用 pg_dump 导出一份到本机备份文件夹，"
               "“备份到文件夹…”导出到选定的文件夹（如 U 盘）；恢复由数据库管理员在服务器上用 pg_restore 完成。")


# -------------------------------------------------------------------- the panel

class BackupPanel(QGroupBox):
    def __init__(self, app: App, window: MainWindow | None = None) -> None:
        super().__init__()
        self.ui = Ui_BackupPanel()  # laid out in Qt Designer: ui/backup_panel.ui
        self.ui.setupUi(self)
        self.app = app
        self.window_ = window
        ui = self.ui
        self.offsite, self.table = ui.offsite, ui.table
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((130, 60, 50, 70)):
            self.table.setColumnWidth(col, width)
        self.now_button, self.folder_button, self.place_button = ui.now_button, ui.folder_button, ui.place_button
        self.restore_button, self.file_button = ui.restore_button, ui.file_button
        mark_primary(self.now_button)
        ui.hint.setObjectName("hint")
        self.now_button.clicked.connect(self.backup_now)
        self.folder_button.clicked.connect(lambda: backup_to_folder(self, self.app, self.refresh))
        self.place_button.clicked.connect(self.set_place)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(lambda: restore_from_file(self, self.app, self.window_))
        self.table.itemSelectionChanged.connect(self._selection)
        gate(app, "backup", self.now_button, self.folder_button)  # issue 15: the role
        gate(app, "settings", self.place_button)
        gate(app, "restore", self.file_button)
        self.server = app.store.server
        if self.server:  # issue 15: pg_dump copies; no daily copy to send away, no restore on a seat
            ui.hint.setText(SERVER_HINT)
            if refused(self.now_button) is None:
                self.now_button.setToolTip("用 pg_dump 把服务器数据库导出到本机备份文件夹")
            _greyed(NO_SECOND_PLACE, self.place_button)
            _greyed(backups.SERVER_RESTORE, self.file_button)
        self.refresh()

    def refresh(self) -> None:
        place = backups.second_place(self.app.data_dir)
        line = backups.offsite_line(self.app.data_dir)
        self.offsite.setText(line if self.server else f"异地备份位置：{place or '未设置'}\n{line}")
        self.items = backups.list_all(self.app.data_dir)
        self.table.setRowCount(len(self.items))
        for r, b in enumerate(self.items):
            cells = (f"{b.at:%Y-%m-%d %H:%M}", KIND_LABELS[b.kind], PLACES.get(b.place, b.place), size_text(b.size),
                     str(b.path))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self._selection()

    def _selection(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
        gate(self.app, "restore", self.restore_button)
        if self.server:
            _greyed(backups.SERVER_RESTORE, self.restore_button)

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()].path if rows else None

    def backup_now(self) -> None:
        self.now_button.setEnabled(False)

        def done(made: Any) -> None:
            self.now_button.setEnabled(allowed(self.app, "backup"))
            self.refresh()
            messages.info(self, f"备份完成，已校验无误：\n{made.path}", "备份")

        def failed(exc: BaseException) -> None:
            self.now_button.setEnabled(allowed(self.app, "backup"))
            messages.show_error(self, exc, "备份失败")

        run_task(self, "正在备份数据库……", lambda progress: backups.create(self.app), done, failed)

    def set_place(self) -> None:
        folder = pick_folder(self, "选择异地备份位置（U 盘或网络文件夹）")
        if not folder:
            return
        try:
            backups.set_second_place(self.app.data_dir, folder)
        except backups.BackupRefused as exc:
            messages.show_error(self, exc, "不能用这个位置")
            return
        latest = next((b for b in backups.list_all(self.app.data_dir) if b.place == "local"), None)

        def copied(_result: Any) -> None:
            self.refresh()
            messages.info(self, f"已设置异地备份位置：{folder}\n{backups.offsite_line(self.app.data_dir)}", "备份")

        if latest is None:
            copied(None)
            return
        run_task(self, "正在复制最近的备份……", lambda progress: backups.copy_offsite(self.app.data_dir, latest), copied,
                 lambda exc: messages.show_error(self, exc, "复制到异地位置失败"))

    def restore_selected(self) -> None:
        path = self.selected()
        if path is not None:
            restore_from(self, self.app, str(path), self.window_, self.refresh)
