"""Shared helpers of the exchange panels: where packages go (a removable drive when one is
plugged in), file pickers (QFileDialog statics, patched in tests), small read-only tables and
how an exchange error reaches the clerk."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QStorageInfo, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.widgets import ALIGN_NUM

if TYPE_CHECKING:
    from desktop_app.services.app import App

log = logging.getLogger(__name__)
PACKAGE_FILTER = "数据交换文件 (*.ulpkg);;所有文件 (*)"
LAST_FOLDER_KEY = "exchange/last_folder"


def _is_removable(info: QStorageInfo) -> bool:
    root = info.rootPath()
    if sys.platform.startswith("win"):
        try:
            import ctypes

            return int(ctypes.windll.kernel32.GetDriveTypeW(root)) == 2  # DRIVE_REMOVABLE
        except (AttributeError, OSError):
            return False
    if sys.platform == "darwin":
        return root.startswith("/Volumes/")
    return root.startswith(("/media/", "/run/media/"))


def removable_drives() -> list[Path]:
    """Mounted removable volumes (USB sticks), writable ones first."""
    found = [v for v in QStorageInfo.mountedVolumes() if v.isValid() and v.isReady() and _is_removable(v)]
    found.sort(key=lambda v: v.isReadOnly())
    return [Path(v.rootPath()) for v in found]


def _settings(app: "App") -> QSettings:
    return QSettings(str(app.data_dir.root / "gui.ini"), QSettings.Format.IniFormat)


def default_folder(app: "App") -> Path:
    """A removable drive if one is found, else the folder used last time, else the exports folder."""
    drives = removable_drives()
    if drives:
        return drives[0]
    last = _settings(app).value(LAST_FOLDER_KEY)
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    return Path(app.data_dir.exports)


def remember_folder(app: "App", folder: Path) -> None:
    s = _settings(app)
    s.setValue(LAST_FOLDER_KEY, str(folder))
    s.sync()


def choose_folder(parent: QWidget, app: "App", title: str) -> Path | None:
    start = default_folder(app)
    folder = QFileDialog.getExistingDirectory(parent, title, str(start))
    if not folder:
        return None
    remember_folder(app, Path(folder))
    return Path(folder)


def choose_packages(parent: QWidget, app: "App", title: str, *, many: bool = False,
                    kinds: tuple[str, ...] | None = None) -> list[Path]:
    """Packages listed by kind, sender and date from the usual folder (gui.exchange.picker);
    the file dialog when none is there or the clerk asks for another place."""
    from desktop_app.gui.exchange import picker

    picked = picker.pick_from_folder(parent, title, default_folder(app), kinds, many)
    if picked != picker.BROWSE:
        return list(picked)
    start = str(default_folder(app))
    if many:
        files, _ = QFileDialog.getOpenFileNames(parent, title, start, PACKAGE_FILTER)
    else:
        file, _ = QFileDialog.getOpenFileName(parent, title, start, PACKAGE_FILTER)
        files = [file] if file else []
    paths = [Path(f) for f in files if f]
    if paths:
        remember_folder(app, paths[0].parent)
    return paths


def choose_save(parent: QWidget, app: "App", title: str, name: str, file_filter: str) -> Path | None:
    start = default_folder(app) / name
    file, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not file:
        return None
    path = Path(file)
    remember_folder(app, path.parent)
    return path


def make_list_table(headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    hh = table.horizontalHeader()
    hh.setStretchLastSection(True)
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setHighlightSections(False)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[Any]], *, numeric: Sequence[int] = (),
               widths: Sequence[int] = ()) -> None:
    """Replace a small table's rows; `numeric` columns are right-aligned."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c in numeric:
                item.setTextAlignment(ALIGN_NUM)
            item.setToolTip(item.text())
            table.setItem(r, c, item)
    for c, w in enumerate(widths):
        table.setColumnWidth(c, w)


def exchange_error(parent: QWidget, title: str = "无法完成操作") -> Callable[[BaseException], None]:
    """on_error for run_task: a cancel is a short note, a ServiceError its Chinese message."""
    from desktop_app.services.errors import Cancelled
    from desktop_app.services.exchange_common import NothingToExport

    def handle(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            messages.info(parent, "已取消，数据未作改动。", title)
        elif isinstance(exc, NothingToExport):
            messages.info(parent, str(exc), title)
        else:
            messages.show_error(parent, exc, title)

    return handle


def selectable(*labels: Any) -> None:
    for label in labels:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
