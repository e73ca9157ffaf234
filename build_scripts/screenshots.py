"""Render each main screen offscreen to PNG: `python build_scripts/screenshots.py OUTDIR`.

A temporary data folder gets an office and demo data (enterprises, 200 people with valid
identity numbers, records through the services); then the first-run dialog and every page of
the main window are grabbed. Forms are rendered by the form editor's own
`desktop_app.gui.forms.screens.render_form_screens` when that module exists. Used for the
README and for review: Chinese must render with no missing-glyph boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)
PAGES = ("home", "people", "units", "records", "exchange", "settings")


def _settle(qapp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        qapp.processEvents()


def render(outdir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui import tasks
    from desktop_app.gui.main import configure_application

    tasks.SYNCHRONOUS = True  # page loads finish before the grab
    qapp = QApplication.instance() or QApplication(sys.argv)
    configure_application(qapp)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        _settle(qapp)
        path = outdir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    from desktop_app.gui.first_run import FirstRunDialog
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.app import App
    from desktop_app.services.demo import create_demo_data
    from desktop_app.services.office import setup_office

    with tempfile.TemporaryDirectory(prefix="ul-shots-") as tmp:
        app = App.open(Path(tmp) / "data")
        try:
            dialog = FirstRunDialog(app)
            dialog.show()
            save(dialog, "01-first-run")
            dialog.show_problems(dialog.problems())
            save(dialog, "01b-first-run-errors")
            dialog.close()
            with app.transaction() as s:
                setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town",
                             parent_name="青浦区总工会", parent_code="QP")
            create_demo_data(app, people=200)

            window = MainWindow(app)
            window.resize(*SIZE)
            window.show()
            for n, key in enumerate(PAGES, start=2):
                page = window.show_page(key)
                if key == "records":
                    page.set_project("QP2023-03")  # type: ignore[attr-defined]
                    page.table.selectRow(0)  # type: ignore[attr-defined]
                save(window, f"{n:02d}-{key}")
            people = window.show_page("people")
            people.search.setText("青浦")  # type: ignore[attr-defined]
            people.search.fire()  # type: ignore[attr-defined]
            save(window, "03b-people-search")

            from desktop_app.gui.pages.units import UnitDialog

            units = window.page("units")
            unit_id = units.model.rows[0].id  # type: ignore[attr-defined]
            dlg = UnitDialog(app, unit_id, window)
            dlg.show()
            save(dlg, "04b-unit-dialog")
            dlg.close()
            from desktop_app.gui.printing.screens import preview_for_screenshot  # 打印预览 (issue 4)

            preview = preview_for_screenshot(app, window)
            save(preview, "05b-print-preview")
            preview.close()
            _exchange_shots(app, window, Path(tmp), save)
            _excel_shots(app, window, Path(tmp), save)
            window.close()

            try:
                from desktop_app.gui.forms import screens
            except ImportError:
                screens = None  # type: ignore[assignment]
            if screens is not None and hasattr(screens, "render_form_screens"):
                written.extend(screens.render_form_screens(app, outdir / "forms"))
        finally:
            app.close()
    return written


def _exchange_shots(app, window, tmp: Path, save) -> None:  # type: ignore[no-untyped-def]
    """数据交换: the town page after sending a package, the district's import preview and the
    district page after the import (a second App set up as 青浦区总工会)."""
    from desktop_app.gui.exchange.preview import ImportPreviewDialog
    from desktop_app.gui.pages.exchange import ExchangePage
    from desktop_app.services import exchange as ex
    from desktop_app.services.app import App
    from desktop_app.services.office import setup_office

    secret, usb = "青浦区-交换口令-2023", tmp / "usb"
    usb.mkdir()
    with app.transaction() as s:
        pkg = ex.export_package(s, usb, secret).path
    window.show_page("exchange")
    save(window, "06b-exchange-town")
    district = App.open(tmp / "district")
    try:
        with district.transaction() as s:
            setup_office(s, name="青浦区总工会", code="QP", level="district")
        with district.session() as s:
            dry = ex.import_package(s, pkg, secret, dry_run=True)
        dlg = ImportPreviewDialog(window, [dry])
        dlg.show()
        save(dlg, "06c-exchange-import-preview")
        dlg.close()
        with district.transaction() as s:
            ex.import_package(s, pkg, secret, dry_run=False)
        page = ExchangePage(district)
        page.resize(1100, 700)
        page.show()
        page.activated()
        save(page, "06d-exchange-district")
        page.close()
        page.deleteLater()
    finally:
        district.close()


def _excel_shots(app, window, tmp: Path, save) -> None:  # type: ignore[no-untyped-def]
    """从 Excel 导入名册: the wizard's mapping and dry-run preview pages for a messy roster
    (title row, two-level 婚否 header, an identity number typed as a number, a duplicate)."""
    import openpyxl

    from desktop_app.gui.excel.import_wizard import ImportWizard
    from desktop_app.services.demo import fake_people

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023 年青浦工会各类职工健康体检名册"])
    ws.append(["序号", "单位", "姓名", "性别", "婚否", None, "年龄", "身份证号码", "手机"])
    ws.append([None, None, None, None, "已婚", "未婚"])
    ws.merge_cells("E2:F2")
    people = list(fake_people(9, seed=7, units=["青浦示例精密机械有限公司"]))
    for i, p in enumerate(people, start=1):
        number = int(p["id_number"]) if i == 3 and p["id_number"].isdigit() else p["id_number"]
        ws.append([i, p["work_unit"], p["name"], p["gender"], "√", None, None, number, p["phone"]])
    ws.append([10, people[0]["work_unit"], "重复者", people[0]["gender"], None, "√", None, people[0]["id_number"]])
    path = tmp / "企业名册.xlsx"
    wb.save(path)
    wizard = ImportWizard(app, window)
    wizard.resize(1100, 720)
    wizard.show()
    wizard.choose_page.path.setText(str(path))
    wizard.next()
    save(wizard, "07a-excel-import-mapping")
    wizard.next()
    save(wizard, "07b-excel-import-preview")
    wizard.close()
    wizard.deleteLater()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python build_scripts/screenshots.py 输出文件夹", file=sys.stderr)
        return 2
    paths = render(Path(argv[0]))
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
