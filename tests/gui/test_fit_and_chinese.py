"""Windows fit the screen, Qt speaks Chinese, menus, pinyin in the lists (issue 18)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QSettings
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel


def test_qt_translations_loaded(gui_env, qtbot) -> None:
    from desktop_app.gui import main

    assert main._translators, "qtbase_zh_CN.qm was not loaded"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)}
    assert texts == {"保存", "取消"}
    dlg = QFileDialog(None, "选择文件")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dlg)
    labels = {w.text() for w in dlg.findChildren(QLabel)}
    assert {"查找范围(&L)：", "文件类型(&T)：", "文件名称(&N)："} <= labels
    assert not any("Look in" in t or "Files of" in t for t in labels)


def test_main_window_fits_and_restores_clamped(window, town_app, qtbot) -> None:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.screen_fit import available

    area = available(window)
    window.resize(area.width() + 600, area.height() + 400)
    window.move(area.right() + 300, area.bottom() + 200)
    window.save_settings()
    window.close()
    again = MainWindow(town_app)
    qtbot.addWidget(again)
    frame = again.frameGeometry()
    assert frame.width() <= area.width() and frame.height() <= area.height()
    assert area.contains(QRect(frame.topLeft(), frame.size()).topLeft())
    assert again.minimumWidth() <= 1280 and again.minimumHeight() <= 672


def test_first_size_comes_from_the_screen(gui_env, town_app, qtbot) -> None:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.screen_fit import available

    QSettings(str(town_app.data_dir.root / "gui.ini"), QSettings.Format.IniFormat).clear()
    w = MainWindow(town_app)
    qtbot.addWidget(w)
    area = available(w)
    assert w.width() <= area.width() and w.height() <= area.height()


def test_title_once_and_menus(window) -> None:
    title = window.windowTitle()
    assert title.count("工会实事台账") == 1
    assert QCoreApplication.instance().applicationDisplayName() in ("", "UnionLedger") or \
        "工会实事台账" not in QCoreApplication.instance().applicationDisplayName()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert ["文件(&F)", "记录(&R)", "数据交换(&D)"] == list(menus)[:3] and "帮助(&H)" in menus
    file_items = [a.text() for a in menus["文件(&F)"].actions() if a.text()]
    assert file_items == ["导入名册(&I)…", "导出(&E)", "备份(&B)…", "恢复(&R)…", "退出(&X)"]
    help_items = {a.text(): a for a in menus["帮助(&H)"].actions() if a.text()}
    assert help_items["使用手册(&M)"].shortcut().toString() == "F1"


def test_manual_opens_offline_with_screenshots(window, qtbot) -> None:
    from desktop_app.app_paths import resource_path
    from desktop_app.gui import manual

    index = resource_path("manual", "index.html")
    html = index.read_text(encoding="utf-8")
    images = [p for p in (index.parent / "images").glob("*.png")]
    assert "使用手册" in html and images and all(f"images/{p.name}" in html for p in images)
    dlg = manual.show_manual(window)
    qtbot.addWidget(dlg)
    assert "数据交换" in dlg.browser.toPlainText()
    dlg.close()


def test_people_list_in_pinyin_order(window, town_app) -> None:
    from desktop_app.services.people import upsert_person

    names = ["刘芳", "张伟", "李娜", "王建国", "陈强"]
    ids = ["342401197309036061", "342401198401182656", "310112200108151549",
           "410105196511151638", "330402200404108999"]
    with town_app.transaction() as s:
        for name, number in zip(names, ids):
            upsert_person(s, number, {"name": name})
    page = window.show_page("people")
    model = page.model
    model.search("")
    col = model.column_of("name")
    shown = [model.data(model.index(r, col)) for r in range(model.rowCount())]
    assert [n for n in shown if n in names] == ["陈强", "李娜", "刘芳", "王建国", "张伟"]
