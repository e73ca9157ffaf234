"""Render every page, dialog and form editor at one screen size and scale, and list what does
not fit:

    python build_scripts/screenshots.py OUTDIR [--size 1366x768] [--scale 1] [--taskbar 48]

The screen is Qt's offscreen platform with one screen of WIDTH × (HEIGHT − taskbar) device
pixels (the taskbar a Windows desktop keeps) and QT_SCALE_FACTOR = scale, so 1920×1080 at
150 % gives a 1280×672 logical desktop as on such a laptop. A temporary data folder gets a town
office and demo data (200 people, records through the services); then the first-run dialog,
every page of the main window (town and district), the form editor of every form spec, and the
dialogs are shown at the size they choose themselves and grabbed to OUTDIR/*.png.

OUTDIR/layout.json: {"screen": …, "available": …, "scale": …, "shots": [...], "problems": [...]}
— every top-level window larger than the available screen and every button, label or table
header whose text is clipped or elided (desktop_app.gui.layout_check). Exit status 0 even with
problems (the test reads the file); 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The pictures of the offline manual (resources/manual/index.html), copied by --manual.
# Page shots are numbered by their place in the navigation ("08-settings"): named here by key.
MANUAL_SHOTS = ("home", "people", "records", "form-2-3-2-filled", "form-2-3-2-roster",
                "07a-excel-import-mapping", "07b-excel-import-preview", "06b-exchange-town",
                "06d-exchange-district", "settings")
MANUAL_WIDTH = 1100  # px: sharp enough to read, small enough to ship


def copy_manual_shots(outdir: Path) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    target = ROOT / "resources" / "manual" / "images"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in MANUAL_SHOTS:
        found = [outdir / f"{name}.png"] if (outdir / f"{name}.png").exists() else sorted(
            outdir.glob(f"[0-9][0-9]-{name}.png"), key=lambda p: p.stat().st_mtime)[-1:]
        image = QImage(str(found[0])) if found else QImage()
        if image.isNull():
            raise SystemExit(f"缺少截图 {name}.png")
        if image.width() > MANUAL_WIDTH:
            image = image.scaledToWidth(MANUAL_WIDTH, Qt.TransformationMode.SmoothTransformation)
        path = target / f"{name}.png"
        image.save(str(path), "PNG", 9)
        written.append(path)
    return written


def _screen_env(size: tuple[int, int], scale: float, taskbar: int, tmp: Path) -> None:
    """Qt's offscreen platform with one screen of that size (set before Qt is imported)."""
    w, h = size
    config = tmp / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "shot", "x": 0, "y": 0, "width": w,
                                               "height": h - taskbar, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    os.environ["QT_ENABLE_HIGHDPI_SCALING"] = "1"


def _settle(qapp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        qapp.processEvents()


class Shooter:
    def __init__(self, qapp: Any, outdir: Path) -> None:
        from desktop_app.gui.layout_check import check_window

        self.qapp, self.outdir = qapp, outdir
        self.check = check_window
        self.written: list[Path] = []
        self.problems: list[dict[str, Any]] = []

    def __call__(self, widget: Any, name: str, *, check: bool = True) -> None:
        if not widget.isVisible():
            widget.show()
        _settle(self.qapp)
        path = self.outdir / f"{name}.png"
        widget.grab().save(str(path))
        self.written.append(path)
        if check:
            self.problems.extend(self.check(widget.window(), name))


def render(outdir: Path, manual_dir: Path | None = None) -> Shooter:
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui import tasks
    from desktop_app.gui.main import configure_application

    tasks.SYNCHRONOUS = True  # page loads finish before the grab
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(qapp)
    outdir.mkdir(parents=True, exist_ok=True)
    shoot = Shooter(qapp, outdir)

    from desktop_app.gui.first_run import FirstRunDialog
    from desktop_app.gui.main_window import PAGES, MainWindow
    from desktop_app.services.app import App
    from desktop_app.services.demo import create_demo_data
    from desktop_app.services.office import setup_office

    with tempfile.TemporaryDirectory(prefix="ul-shots-") as tmp:
        app = App.open(Path(tmp) / "data")
        try:
            dialog = FirstRunDialog(app)
            shoot(dialog, "01-first-run")
            dialog.show_problems(dialog.problems())
            shoot(dialog, "01b-first-run-errors")
            dialog.close()
            with app.transaction() as s:
                setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town",
                             parent_name="青浦区总工会", parent_code="QP")
            create_demo_data(app, people=200)

            window = MainWindow(app)
            window.show()
            for n, info in enumerate(PAGES, start=2):
                page = window.show_page(info.key)
                if info.key == "home":
                    year = getattr(page, "year", None)
                    if year is not None and year.findData(2023) >= 0:
                        year.setCurrentIndex(year.findData(2023))  # the demo catalogue's year
                if info.key == "records":
                    page.set_project("QP2023-03")  # type: ignore[attr-defined]
                    page.table.selectRow(0)  # type: ignore[attr-defined]
                shoot(window, f"{n:02d}-{info.key}")
            people = window.show_page("people")
            people.search.setText("青浦")  # type: ignore[attr-defined]
            people.search.fire()  # type: ignore[attr-defined]
            shoot(window, "03b-people-search")
            _dialog_shots(app, window, shoot)
            _exchange_shots(app, window, Path(tmp), shoot)
            _excel_shots(app, window, Path(tmp), shoot)
            _form_shots(app, window, shoot)
            window.close()
        finally:
            app.close()
    return shoot


def _dialog_shots(app: Any, window: Any, shoot: Callable[..., None]) -> None:
    from desktop_app.gui.manual import ManualDialog
    from desktop_app.gui.pages.units import UnitDialog
    from desktop_app.gui.printing.screens import preview_for_screenshot  # 打印预览 (issue 4)

    units = window.page("units")
    unit_id = units.model.rows[0].id
    dlg = UnitDialog(app, unit_id, window)
    shoot(dlg, "04b-unit-dialog")
    dlg.close()
    preview = preview_for_screenshot(app, window)
    shoot(preview, "05b-print-preview")
    preview.close()
    manual = ManualDialog(window)
    shoot(manual, "09-manual")
    manual.close()
    _designer_shots(app, window, shoot)


def _designer_shots(app: Any, window: Any, shoot: Callable[..., None]) -> None:
    """The dialogs laid out in Qt Designer (ui/) that the pages do not show by themselves."""
    import datetime as dt

    from desktop_app.gui.accounts import AddOperatorDialog, LoginDialog, PasswordDialog
    from desktop_app.gui.exchange.town_keys import EnrolDialog, IssuedKeyDialog
    from desktop_app.gui.plan.project_editor import ProjectEditDialog
    from desktop_app.services.exchange_keys import IssuedKey

    issued = IssuedKey("XJ", "徐泾镇总工会", 1, "K7QX-3MPA-9RTW-HZ2C",
                       dt.datetime(2023, 6, 1, 2, 0, tzinfo=dt.timezone.utc), "青浦区总工会")
    for name, make in (("10a-login", lambda: LoginDialog(app, window)),
                       ("10b-password", lambda: PasswordDialog("修改我的密码", window, ask_old=True)),
                       ("10c-add-account", lambda: AddOperatorDialog(window)),
                       ("10d-project-edit", lambda: ProjectEditDialog(app, "QP2023-03", window)),
                       ("10e-enrol-town", lambda: EnrolDialog(window)),
                       ("10f-issued-key", lambda: IssuedKeyDialog(window, app, issued))):
        dlg = make()
        shoot(dlg, name)
        dlg.close()
        dlg.deleteLater()


def _form_shots(app: Any, window: Any, shoot: Callable[..., None]) -> None:
    """The form editor of every spec, as the records page opens it, empty and filled."""
    from desktop_app.gui.forms.editor import RecordDialog, RecordEditor
    from desktop_app.gui.forms.examples import example_roster, example_values
    from desktop_app.services.form_session import projects_for_form

    for code, spec in app.specs.items():
        projects = projects_for_form(app, code)
        if not projects:
            continue
        editor = RecordEditor(app, None, projects[0], code)
        dialog = RecordDialog(editor, window)
        try:
            shoot(dialog, f"form-{code}-empty")
            if spec.kind != "roster":
                editor.form_view.set_values(example_values(spec))
            if editor.roster_editor is not None:
                editor.roster_editor.set_rows(example_roster(spec, editor.rspec,
                                                             age_on=editor.roster_editor.model.age_on))
            editor.evaluate_now()
            shoot(dialog, f"form-{code}-filled")
            if editor.tabs is not None:
                editor.tabs.setCurrentIndex(1)
                shoot(dialog, f"form-{code}-roster")
        finally:
            editor.maybe_close = lambda: True  # type: ignore[method-assign]
            dialog.close()
            dialog.deleteLater()


def _exchange_shots(app: Any, window: Any, tmp: Path, shoot: Callable[..., None]) -> None:
    """数据交换: the town page after sending a package, the district's import preview, and the
    district's main window after the import (a second App set up as 青浦区总工会)."""
    from desktop_app.gui.exchange.passphrase import PassphraseDialog
    from desktop_app.gui.exchange.preview import ImportPreviewDialog
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services import exchange as ex
    from desktop_app.services.app import App
    from desktop_app.services.office import setup_office

    # The district enrols the town and issues its key (per-town keys); the town sends with
    # that key, the district opens the package with its own passphrase.
    district_secret, town_key, usb = "青浦区-交换口令-2023", "朱家角-密钥-ZJJ-2023", tmp / "usb"
    usb.mkdir()
    district = App.open(tmp / "district")
    with district.transaction() as s:
        setup_office(s, name="青浦区总工会", code="QP", level="district")
    try:
        from desktop_app.services.exchange_keys import enrol_town
    except ImportError:  # before per-town keys: one shared passphrase
        town_key = district_secret
    else:
        with district.transaction() as s:
            enrol_town(s, district_secret, "ZJJ", "朱家角镇总工会", town_passphrase=town_key)
    with app.transaction() as s:
        pkg = ex.export_package(s, usb, town_key).path
    secret = district_secret
    window.show_page("exchange")
    shoot(window, "06b-exchange-town")
    dlg = PassphraseDialog(window, "生成数据包")
    shoot(dlg, "06a-passphrase")
    dlg.close()
    try:
        with district.session() as s:
            dry = ex.import_package(s, pkg, secret, dry_run=True)
        from desktop_app.gui.exchange.picker import PackagePickerDialog, list_packages

        dlg = PackagePickerDialog(window, "选择街镇的报送包（可多选）", usb, list_packages(usb, ("data",)), many=True)
        shoot(dlg, "06f-package-picker")
        dlg.close()
        dlg = ImportPreviewDialog(window, [dry])
        shoot(dlg, "06c-exchange-import-preview")
        dlg.close()
        with district.transaction() as s:
            ex.import_package(s, pkg, secret, dry_run=False)
        dwin = MainWindow(district)
        dwin.show()
        dwin.show_page("exchange")
        shoot(dwin, "06d-exchange-district")
        records = dwin.show_page("records")
        records.set_project("QP2023-03")  # type: ignore[attr-defined]
        shoot(dwin, "06e-district-records")
        dwin.close()
        dwin.deleteLater()
    finally:
        district.close()


def _excel_shots(app: Any, window: Any, tmp: Path, shoot: Callable[..., None]) -> None:
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
    wizard.show()
    shoot(wizard, "07-excel-import-choose")
    wizard.choose_page.path.setText(str(path))
    wizard.next()
    shoot(wizard, "07a-excel-import-mapping")
    wizard.next()
    shoot(wizard, "07b-excel-import-preview")
    wizard.close()
    wizard.deleteLater()


def parse_size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python build_scripts/screenshots.py",
                                     description="截图并检查界面在给定屏幕尺寸和缩放下是否放得下")
    parser.add_argument("outdir", help="输出文件夹")
    parser.add_argument("--size", default="1366x768", help="屏幕尺寸（像素），如 1366x768")
    parser.add_argument("--scale", type=float, default=1.0, help="缩放比例，如 1.5 表示 150%%")
    parser.add_argument("--taskbar", type=int, default=48, help="任务栏高度（100%% 时的像素），默认 48")
    parser.add_argument("--manual", action="store_true", help="同时更新使用手册中的截图（resources/manual/images）")
    args = parser.parse_args(argv)
    try:
        size = parse_size(args.size)
    except ValueError:
        print(f"屏幕尺寸“{args.size}”无效，应为 宽x高，如 1366x768", file=sys.stderr)
        return 2
    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    taskbar = round(args.taskbar * args.scale)
    with tempfile.TemporaryDirectory(prefix="ul-screen-") as tmp:
        _screen_env(size, args.scale, taskbar, Path(tmp))
        shoot = render(outdir)
        from PySide6.QtGui import QGuiApplication

        area = QGuiApplication.primaryScreen().availableGeometry()
        report = {"screen": f"{size[0]}x{size[1]}", "scale": args.scale,
                  "available": [area.width(), area.height()],
                  "shots": [p.stem for p in shoot.written], "problems": shoot.problems}
        (outdir / "layout.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        if args.manual:
            copy_manual_shots(outdir)
    for p in shoot.written:
        print(p)
    print(f"{len(shoot.problems)} 个布局问题，见 {outdir / 'layout.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
