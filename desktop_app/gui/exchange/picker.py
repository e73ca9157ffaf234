"""Choose exchange files by what they are, not by a file name cut short: the packages in the
usual folder (the USB stick, else the folder used last) listed by kind (报送包 / 回执 /
审核结果包), sender, number and date, read from each file's header (describe_package, no
passphrase needed). "其他位置…" opens the file dialog as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.documents.package_format import SUFFIX
from desktop_app.gui.screen_fit import fit_window
from desktop_app.services import exchange as ex
from desktop_app.services.errors import ServiceError

KIND_NAMES = {"data": "报送包", "receipt": "回执", "return": "审核结果包"}
BROWSE = "browse"
MAX_FILES = 500  # a stick with thousands of files: list the newest


def list_packages(folder: Path, kinds: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Packages in `folder` (not its subfolders): those of the wanted kinds first, each group
    newest first; unreadable files left out. Every kind is listed, with its name, so a 回执
    is never taken for an 审核结果包."""
    try:
        files = sorted((p for p in folder.glob(f"*{SUFFIX}") if p.is_file()),
                       key=lambda p: p.stat().st_mtime, reverse=True)[:MAX_FILES]
    except OSError:
        return []
    out = []
    for path in files:
        try:
            info = ex.describe_package(path)
        except ServiceError:
            continue
        out.append({**info, "path": path})
    if kinds:
        out.sort(key=lambda i: i["kind"] not in kinds)  # stable: newest first within each group
    return out


class PackagePickerDialog(QDialog):
    COLUMNS = ("种类", "发送方", "序号", "日期", "文件")

    def __init__(self, parent: QWidget | None, title: str, folder: Path, packages: list[dict[str, Any]],
                 many: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.packages = packages
        self.browse = False
        hint = QLabel(f"“{folder}”中的数据交换文件（按种类、发送方和日期列出；"
                      + ("可按住 Ctrl 多选" if many else "选择一个") + "）：")
        hint.setWordWrap(True)
        self.table = QTableWidget(len(packages), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if many
                                    else QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for r, p in enumerate(packages):
            cells = (KIND_NAMES.get(p["kind"], p.get("kind_label", p["kind"])),
                     f"{p['sender_name']}（{p['sender']}）", f"第 {p['sequence']} 号", str(p["created"])[:16].replace("T", " "),
                     p["file"])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setToolTip(str(p["path"]))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        for c, width in enumerate((90, 200, 80, 130)):
            self.table.setColumnWidth(c, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("选择", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("primary")
        other = buttons.addButton("其他位置…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        other.clicked.connect(self._browse)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        if packages:
            self.table.selectRow(0)
        fit_window(self, (820, 460))

    def _browse(self) -> None:
        self.browse = True
        self.reject()

    def chosen(self) -> list[Path]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.packages[r]["path"] for r in rows]


def pick_from_folder(parent: QWidget | None, title: str, folder: Path, kinds: tuple[str, ...] | None,
                     many: bool) -> list[Path] | str:
    """The chosen files, [] when cancelled, or BROWSE (nothing listed here, or the clerk asked
    for the file dialog)."""
    packages = list_packages(folder, kinds)
    if not packages:
        return BROWSE
    dialog = PackagePickerDialog(parent, title, folder, packages, many)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            return dialog.chosen()
        return BROWSE if dialog.browse else []
    finally:
        dialog.deleteLater()


__all__ = ["BROWSE", "KIND_NAMES", "PackagePickerDialog", "list_packages", "pick_from_folder", "Qt"]
