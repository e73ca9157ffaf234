"""Main window: navigation, lazy pages, shortcuts, status bar, geometry in the data folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from desktop_app.gui.main_window import PAGES


def test_navigation_builds_pages_lazily(window, qtbot) -> None:
    assert set(window.pages) == {"home"}
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "项目", "人员", "单位", "表单与申请", "数据交换", "统计", "操作日志", "设置"]
    for i, info in enumerate(PAGES):
        window.nav.setCurrentRow(i)
        page = window.pages[info.key]
        assert window.stack.currentWidget() is page
        assert type(page).__name__ == info.cls
    assert set(window.pages) == {p.key for p in PAGES}


def test_keyboard_shortcuts(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=15000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "people"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pages["people"].search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "records"


def test_status_bar_and_title_show_office_and_folder(window, town_app) -> None:
    assert "朱家角镇总工会（ZJJ）" in window.office_label.text()
    assert str(town_app.data_dir.root) in window.folder_label.text()
    assert "朱家角镇总工会" in window.windowTitle()


def test_geometry_saved_in_data_folder(window, town_app) -> None:
    window.resize(1000, 700)
    window.close()
    ini = town_app.data_dir.root / "gui.ini"
    assert ini.exists()
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("main/geometry") is not None


def test_about_box(window, gui_env) -> None:
    window.about()
    assert gui_env.calls[-1][0] == "about"
