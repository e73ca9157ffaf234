"""帮助 → 使用手册 (F1): the offline Chinese manual shipped in resources/manual/ (index.html and
its screenshots), shown in a QTextBrowser — no browser, no network."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.app_paths import resource_path
from desktop_app.gui import screen_fit

MANUAL = ("manual", "index.html")


class ManualDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用手册")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        path = resource_path(*MANUAL)
        if path.exists():
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setPlainText(f"找不到使用手册文件：{path}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
        self.setMinimumSize(560, 400)
        screen_fit.fit_window(self, (980, 760))


_open: list[ManualDialog] = []


def show_manual(parent: QWidget | None = None) -> ManualDialog:
    """Not modal: the clerk reads beside the window."""
    for dlg in _open:
        dlg.raise_()
        dlg.activateWindow()
        return dlg
    dlg = ManualDialog(parent)
    _open.append(dlg)
    dlg.finished.connect(lambda _r: _open.remove(dlg) if dlg in _open else None)
    dlg.show()
    return dlg
