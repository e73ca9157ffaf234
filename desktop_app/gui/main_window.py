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

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
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
from desktop_app.gui import screen_fit
from desktop_app.gui.permissions import gate

if TYPE_CHECKING:
    from collections.abc import Callable
    
    from PySide6.QtWidgets import QMenu
    
    from desktop_app.services.app import App

log = logging.getLogger(__name__)


class PageInfo(NamedTuple):
    key: str
    title: str
    module: str
    cls: str


POLL_MS = 3000  # a server store: how often the change stamp is read (issue 15)

PAGES = (
    PageInfo("home", "项目", "desktop_app.gui.pages.home", "HomePage"),
    PageInfo("people", "人员", "desktop_app.gui.pages.people", "PeoplePage"),
    PageInfo("units", "单位", "desktop_app.gui.pages.units", "UnitsPage"),
    PageInfo("records", "表单与申请", "desktop_app.gui.pages.records", "RecordsPage"),
    PageInfo("exchange", "数据交换", "desktop_app.gui.pages.exchange", "ExchangePage"),
    PageInfo("stats", "统计", "desktop_app.gui.pages.stats", "StatsPage"),
    PageInfo("log", "操作日志", "desktop_app.gui.pages.audit_log", "AuditLogPage"),
    PageInfo("settings", "设置", "desktop_app.gui.pages.settings", "SettingsPage"),
)


class MainWindow(QMainWindow):
    def __init__(self, app: "App", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.settings = QSettings(str(app.data_dir.root / "gui.ini"), QSettings.Format.IniFormat)
        self.pages: dict[str, QWidget] = {}
        # Fits a 1366×768 laptop and 1920×1080 at 150 % (1280×720 logical, taskbar excluded).
        self.setMinimumSize(QSize(800, 520))
        screen_fit.fit_window(self, (1280, 860))

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
        self.poll_timer: QTimer | None = None
        if app.store.server:  # issue 15: other seats' changes show within a few seconds
            self._stamp = self.change_stamp()
            self.poll_timer = QTimer(self)
            self.poll_timer.setInterval(POLL_MS)
            self.poll_timer.timeout.connect(self.poll_changes)
            self.poll_timer.start()
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self._restore()

    def change_stamp(self) -> tuple | None:
        from desktop_app.store.stamps import change_stamp

        try:
            with self.app.session() as s:
                return change_stamp(s)
        except Exception:  # noqa: BLE001 - a server out of reach for a moment: try again later
            return None

    def poll_changes(self) -> bool:
        """A cheap stamp of the server's data; when another seat changed something, the one
        change signal refreshes the open lists (no restart)."""
        stamp = self.change_stamp()
        if stamp is None or stamp == self._stamp:
            return False
        self._stamp = stamp
        from desktop_app.gui.changes import notify

        notify("all")
        return True

    # -- chrome --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.import_action = self._action(file_menu, "导入名册(&I)…", self.import_roster, "Ctrl+I",
                                          tip="从 Excel 导入名册到人员库或选中的记录（先检查，确认后才导入）")
        export_menu = file_menu.addMenu("导出(&E)")
        self._action(export_menu, "导出名册…", lambda: self._records_call("excel.export_roster"),
                     tip="按正式格式导出选中记录的名册（Excel）")
        self._action(export_menu, "导出列表…", lambda: self._records_call("excel.export_list"),
                     tip="把记录导出为 Excel 列表")
        self._action(export_menu, "空白模板…", lambda: self._records_call("excel.template"))
        file_menu.addSeparator()
        from desktop_app.gui.pages.backup_panel import (
            file_menu_actions,  # 备份…/恢复… (the backup work)
        )

        self.backup_actions = file_menu_actions(self)
        file_menu.addActions(self.backup_actions)
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, "Ctrl+Q")

        records_menu = bar.addMenu("记录(&R)")
        self.new_record_action = self._action(records_menu, "新建记录(&N)…", lambda: self._records_call("new_record"))
        self._action(records_menu, "打开记录(&O)", lambda: self._records_call("open_selected"))
        records_menu.addSeparator()
        from desktop_app.gui.pages.record_actions import STATUS_ACTIONS, status_act

        self.status_actions: dict[str, QAction] = {}
        for status, label in STATUS_ACTIONS:
            self.status_actions[status] = self._action(
                records_menu, label, lambda _=False, st=status: self._records_call("change_status", st))

        exchange_menu = bar.addMenu("数据交换(&D)")
        self._action(exchange_menu, "打开数据交换页", lambda: self.show_page("exchange"))
        exchange_menu.addSeparator()
        self._exchange_actions = {
            "export": self._action(exchange_menu, "生成上报数据包…", lambda: self._exchange_call("export")),
            "import_receipt": self._action(exchange_menu, "导入回执…", lambda: self._exchange_call("import_receipt")),
            "import_return": self._action(exchange_menu, "导入审核结果包…",
                                          lambda: self._exchange_call("import_return")),
            "import_packages": self._action(exchange_menu, "导入街镇报送包…",
                                            lambda: self._exchange_call("import_packages")),
            "export_return": self._action(exchange_menu, "生成审核结果包…",
                                          lambda: self._exchange_call("export_return")),
        }
        exchange_menu.aboutToShow.connect(self._update_exchange_menu)
        # issue 15: what the operator's role may not do is greyed out, the reason as tooltip
        gate(self.app, "import", self.import_action)
        gate(self.app, "records", self.new_record_action)
        for status, action in self.status_actions.items():
            gate(self.app, status_act(status, self._is_district()), action)
        for key, action in self._exchange_actions.items():
            gate(self.app, "export" if key.startswith("export") else "import", action)
        backup, restore = self.backup_actions
        gate(self.app, "backup", backup)
        gate(self.app, "restore", restore)
        for menu in (file_menu, export_menu, records_menu, exchange_menu):
            menu.setToolTipsVisible(True)

        go_menu = bar.addMenu("转到(&G)")
        for i, info in enumerate(PAGES):
            self._action(go_menu, info.title, lambda _=False, key=info.key: self.show_page(key), f"Ctrl+{i + 1}")
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "使用手册(&M)", self.show_manual, "F1", tip="离线使用手册（含界面截图）")
        help_menu.addSeparator()
        self._action(help_menu, "关于(&A)", self.about)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None, *,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _records_call(self, path: str, *args: object) -> None:
        """Call a records-page method ("new_record", "excel.export_list") from a menu."""
        target: object = self.show_page("records")
        for part in path.split("."):
            target = getattr(target, part, None)
            if target is None:
                return
        target(*args)  # type: ignore[operator]

    def _is_district(self) -> bool:
        office = self.app.office()
        return bool(office and office.is_district)

    def _update_exchange_menu(self) -> None:
        district = self._is_district()
        for key, action in self._exchange_actions.items():
            action.setVisible((key in ("import_packages", "export_return")) == district)

    def _exchange_call(self, name: str) -> None:
        page = self.show_page("exchange")
        panel = getattr(page, "panel", None)
        method = getattr(panel, name, None)
        if callable(method):
            method()
        else:
            QMessageBox.information(self, "数据交换", "请先在“设置”页设置本单位（名称、代码、上级），才能交换数据。")

    def import_roster(self) -> None:
        from desktop_app.gui.excel.entry import import_wizard

        if import_wizard(self, self.app) is not None:
            people = self.pages.get("people")
            if people is not None and getattr(people, "loaded", False):
                people.model.refresh()  # type: ignore[attr-defined]
            self.refresh_home()

    def show_manual(self) -> None:
        from desktop_app.gui.manual import show_manual

        show_manual(self)

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
        op = self.app.operator
        if op is not None:
            self.office_label.setText(f"{self.office_label.text()}｜操作员：{op.name}（{op.role_label}）")
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
            # Saved on another monitor or at another scaling: keep it on this screen.
            screen_fit.clamp_to_screen(self)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        self.show_page("home")  # always: the year's progress is the clerk's first question

    def save_settings(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.sync()

    def open_editors(self) -> list[QWidget]:
        """Every record editor on screen (in its own window or a dialog), oldest first."""
        import sys

        module = sys.modules.get("desktop_app.gui.forms.editor")
        if module is None:  # no editor was ever opened
            return []
        from PySide6.QtWidgets import QApplication

        found: list[QWidget] = []
        for top in QApplication.topLevelWidgets():
            candidates = [top] if isinstance(top, module.RecordEditor) else []
            candidates += top.findChildren(module.RecordEditor)
            for editor in candidates:
                if editor.isVisible() and editor not in found:
                    found.append(editor)
        # topLevelWidgets() has no defined order: sort by when each editor was opened
        return sorted(found, key=lambda e: e.opened_seq)  # type: ignore[attr-defined]

    def confirm_close_editors(self) -> bool:
        """Closing the main window asks every open editor with unsaved changes (保存 / 不保存 /
        取消); 取消 on any one cancels the whole quit and leaves every window as it was (issue 12)."""
        editors = self.open_editors()
        for editor in editors:
            if not editor.maybe_close():  # type: ignore[attr-defined]
                editor.window().raise_()
                editor.window().activateWindow()
                return False
        for editor in editors:  # all saved or discarded: their windows close with the program
            if editor.window() is not self:
                editor.window().close()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_close_editors():
            event.ignore()
            return
        self.save_settings()
        super().closeEvent(event)
