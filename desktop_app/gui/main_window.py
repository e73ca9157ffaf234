"""The main window: navigation on the left, one page at a time on the right.

Kept small on purpose (DESIGN §3: no 2,000-line main window): pages live in gui/pages/ and are
imported and built the first time they are shown, so start-up pays only for the home page.
A page is a QWidget taking (app, window); it may define `activated()` (called each time it is
shown) and `focus_search()` (Ctrl+F).
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_TITLE, __version__

if TYPE_CHECKING:
    from desktop_app.services.app import App

log = logging.getLogger(__name__)


class PageInfo(NamedTuple):
    key: str
    title: str
    module: str
    cls: str


PAGES = (
    PageInfo("home", "项目", "desktop_app.gui.pages.home", "HomePage"),
    PageInfo("people", "人员", "desktop_app.gui.pages.people", "PeoplePage"),
    PageInfo("units", "单位", "desktop_app.gui.pages.units", "UnitsPage"),
    PageInfo("records", "表单与申请", "desktop_app.gui.pages.records", "RecordsPage"),
    PageInfo("exchange", "数据交换", "desktop_app.gui.pages.exchange", "ExchangePage"),
    PageInfo("stats", "统计", "desktop_app.gui.pages.stats", "StatsPage"),
    PageInfo("settings", "设置", "desktop_app.gui.pages.settings", "SettingsPage"),
)


class MainWindow(QMainWindow):
    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.settings = QSettings(str(app.data_dir.root / "gui.ini"), QSettings.Format.IniFormat)
        self.pages: dict[str, QWidget] = {}
        self.resize(1200, 760)
        self.setMinimumSize(QSize(900, 560))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(150)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        for i, info in enumerate(PAGES):
            item = QListWidgetItem(info.title)
            item.setSizeHint(QSize(140, max(36, self.nav.fontMetrics().height() + 18)))
            item.setToolTip(f"{info.title}（Ctrl+{i + 1}）")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until first shown
        brand = QLabel(APP_TITLE)
        brand.setObjectName("brand")
        brand.setFixedWidth(150)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(brand)
        side.addWidget(self.nav, 1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(side)
        page_area = QVBoxLayout()
        page_area.setContentsMargins(16, 12, 16, 8)
        page_area.addWidget(self.stack)
        body.addLayout(page_area, 1)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)

        self._build_menus()
        self.office_label = QLabel()
        self.folder_label = QLabel()
        self.statusBar().addWidget(self.office_label)
        self.statusBar().addPermanentWidget(self.folder_label)
        self.update_office()

        self.nav.currentRowChanged.connect(self._row_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self._restore()

    # -- chrome --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        from desktop_app.gui.pages.backup_panel import file_menu_actions

        self.backup_actions = file_menu_actions(self)
        file_menu.addActions(self.backup_actions)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("转到(&G)")
        for i, info in enumerate(PAGES):
            action = QAction(info.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, key=info.key: self.show_page(key))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def about(self) -> None:
        QMessageBox.about(
            self, f"关于{APP_TITLE}",
            f"<h3>{APP_TITLE} UnionLedger</h3><p>版本 {__version__}</p>"
            "<p>街镇、区总工会的实事项目台账：申请表、名册、审核与上报。</p>"
            f"<p>数据文件夹：{self.app.data_dir.root}</p>",
        )

    def update_office(self) -> None:
        office = self.app.office()
        name = office.name if office else "（未设置本单位）"
        self.setWindowTitle(f"{APP_TITLE} — {name}")
        if office:
            parent = f"｜上级：{office.parent_name}" if office.parent_name else ""
            self.office_label.setText(f"本单位：{office.name}（{office.code}）{parent}")
        else:
            self.office_label.setText("本单位：未设置")
        self.folder_label.setText(f"数据文件夹：{self.app.data_dir.root}")

    # -- pages ---------------------------------------------------------------------------
    def page_index(self, key: str) -> int:
        return next(i for i, p in enumerate(PAGES) if p.key == key)

    def page(self, key: str) -> QWidget:
        """The page, built on first use."""
        page = self.pages.get(key)
        if page is None:
            index = self.page_index(key)
            info = PAGES[index]
            cls = getattr(importlib.import_module(info.module), info.cls)
            page = cls(self.app, self)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[key] = page
        return page

    def show_page(self, key: str) -> QWidget:
        index = self.page_index(key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # → _row_changed
        else:
            self._row_changed(index)
        return self.pages[key]

    def _row_changed(self, index: int) -> None:
        if index < 0:
            return
        page = self.page(PAGES[index].key)
        self.stack.setCurrentIndex(index)
        activated = getattr(page, "activated", None)
        if callable(activated):
            activated()

    def current_key(self) -> str:
        return PAGES[max(0, self.nav.currentRow())].key

    def focus_search(self) -> None:
        page = self.pages.get(self.current_key())
        focus = getattr(page, "focus_search", None)
        if callable(focus):
            focus()

    def open_records(self, project_code: str) -> None:
        """The records list of one project (from the home page)."""
        page = self.show_page("records")
        page.set_project(project_code)  # type: ignore[attr-defined]

    def reload_after_restore(self) -> None:
        """The store was replaced by a backup: every page is built again from it."""
        for key, page in list(self.pages.items()):
            index = self.page_index(key)
            placeholder = QWidget()
            self.stack.insertWidget(index, placeholder)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.update_office()
        self.show_page("home")

    def set_nav_count(self, key: str, count: int) -> None:
        """A count beside a page's name in the navigation (项目 · 待办 N)."""
        index = self.page_index(key)
        title = PAGES[index].title
        item = self.nav.item(index)
        item.setText(f"{title}  · 待办 {count}" if count else title)
        item.setToolTip(f"{title}：已逾期和 30 天内到期的待办 {count} 项（Ctrl+{index + 1}）" if count
                        else f"{title}（Ctrl+{index + 1}）")

    def refresh_home(self) -> None:
        home = self.pages.get("home")
        if home is not None:
            home.refresh()  # type: ignore[attr-defined]

    # -- geometry ------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        self.show_page("home")  # always: the year's progress is the clerk's first question

    def save_settings(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
