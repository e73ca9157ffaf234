"""GUI entry point: `run_gui(data_root)`, reached from `python -m desktop_app` (lazily).

Order matters: QApplication and the bundled font first, then the store is opened (migrations
run before any window; a newer or broken database is refused with a Chinese message and
exit 1), then the first-run dialog when no office is configured, then the main window.

Environment hooks for the smoke test and the benchmark (tests/perf/bench_gui.py):
- UNIONLEDGER_STARTUP_MARKER=<path>: once the main window is shown, write the seconds since
  process start (Linux /proc, else since UNIONLEDGER_T0, else since this module's import).
- UNIONLEDGER_SMOKE_EXIT_MS=<ms>: quit that long after the main window is shown.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop_app import APP_NAME, APP_TITLE, __version__
from desktop_app.disk_errors import why

if TYPE_CHECKING:
    from desktop_app.services.app import App

log = logging.getLogger(__name__)
_IMPORTED_AT = time.perf_counter()
ENV_MARKER = "UNIONLEDGER_STARTUP_MARKER"
ENV_SMOKE_EXIT = "UNIONLEDGER_SMOKE_EXIT_MS"
FONT_POINT_SIZE = 10
BACKUP_DELAY_S = 8.0
_font_families: list[str] = []
_translators: list[QTranslator] = []


RARE_FAMILIES = ("HanaMinA", "HanaMinB")  # Extension A, Extension B–F (as in print)
_rare_added: list[str] = []


def register_bundled_font() -> list[str]:
    """Register the bundled Hei face (once) so Chinese renders with no system CJK font."""
    if _font_families:
        return _font_families
    from desktop_app.app_paths import resource_path
    from desktop_app.documents.fonts import BUNDLED_FONT_FILE

    path = resource_path("fonts", BUNDLED_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    if font_id < 0:
        log.warning("bundled font not loaded: %s", path)
        return _font_families
    _font_families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if not f.endswith("Mono"))
    return _font_families


def _inflate_rare() -> list[bytes]:
    """The Mincho faces' bytes (stored gzip-compressed; ~0.5 s to inflate)."""
    from desktop_app.app_paths import resource_path
    from desktop_app.documents.fonts import QT_RARE_FONT_FILES, font_bytes

    out = []
    for name in QT_RARE_FONT_FILES:
        try:
            out.append(font_bytes(resource_path("fonts", name)))
        except Exception as exc:  # noqa: BLE001 - a damaged font file must not stop the program
            log.warning("rare-character font not loaded: %s (%s)", name, exc)
    return out


def _add_rare(datas: list[bytes]) -> list[str]:
    if _rare_added:
        return _rare_added
    for data in datas:
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
        if font_id < 0:
            log.warning("rare-character font rejected by Qt")
            continue
        _rare_added.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _rare_added


def register_rare_fonts() -> list[str]:
    """Add HanaMinA / HanaMinB to Qt now (tests, screenshots); the program does it in the
    background at start (``start_rare_fonts``)."""
    return _rare_added or _add_rare(_inflate_rare())


def start_rare_fonts(qapp: QApplication) -> None:
    """Inflate the Mincho faces in a thread (zlib releases the GIL) once the main window is
    shown, and add them to Qt on the GUI thread when ready. Qt clears its font caches when a font
    is added, so text drawn from then on finds 䶮 and 𠮷 through the application font's list."""
    if _rare_added:
        return
    result: list[list[bytes]] = []
    thread = threading.Thread(target=lambda: result.append(_inflate_rare()), name="rare-fonts",
                              daemon=True)
    timer = QTimer(qapp)
    timer.setInterval(50)

    def check() -> None:
        if thread.is_alive():
            return
        timer.stop()
        timer.deleteLater()
        if result:
            _add_rare(result[0])

    timer.timeout.connect(check)
    thread.start()
    timer.start()


def application_font() -> QFont:
    """The system's UI face first where it is a good CJK face (Windows: Microsoft YaHei UI),
    then the bundled Hei face, then HanaMinA / HanaMinB for every Extension A/B character the
    first ones lack (Qt tries the listed families per character), as the print does."""
    families = []
    if sys.platform == "win32":
        families += ["Microsoft YaHei UI", "Microsoft YaHei"]
    families += register_bundled_font() or ["WenQuanYi Micro Hei"]
    families += list(RARE_FAMILIES)
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(FONT_POINT_SIZE)
    return font


def qt_translation_dirs() -> list[Path]:
    """Where qtbase_zh_CN.qm may be: Qt's own translations folder (qt.conf of the frozen build
    points it into the bundle), then PySide6's folder found from the module (source checkout
    and bundle alike)."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    import PySide6

    dirs.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        dirs.append(Path(meipass) / "PySide6" / "Qt" / "translations")
    return dirs


def install_qt_translations(qapp: QApplication) -> bool:
    """Qt's own texts (file dialogs' "查找范围", standard buttons, context menus) in Chinese:
    qtbase_zh_CN.qm from the first folder that has it. Once per application."""
    if _translators:
        return True
    from desktop_app.app_paths import resource_path

    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    for folder in qt_translation_dirs():
        translator = QTranslator(qapp)
        if translator.load(locale, "qtbase", "_", str(folder)):
            qapp.installTranslator(translator)
            _translators.append(translator)
            log.info("Qt translations loaded from %s", folder)
            break
    else:
        log.warning("qtbase_zh_CN.qm not found in %s", [str(d) for d in qt_translation_dirs()])
    # What Qt's catalogue misses (the file dialog's "&Look in:"): ours, installed last so it
    # is asked first.
    supplement = QTranslator(qapp)
    if supplement.load(locale, "qt_supplement", "_", str(resource_path("translations"))):
        qapp.installTranslator(supplement)
        _translators.append(supplement)
    return bool(_translators)


def configure_application(qapp: QApplication) -> None:
    from desktop_app.gui.style import apply_style

    qapp.setApplicationName(APP_NAME)
    # No applicationDisplayName: Windows and X11 append it to every window title, and the main
    # window's title already starts with 工会实事台账 (it showed twice).
    qapp.setOrganizationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_qt_translations(qapp)
    qapp.setFont(application_font())
    apply_style(qapp)
    from desktop_app.gui import screen_fit

    screen_fit.install(qapp)  # no window opens larger than the screen it is on


def seconds_since_process_start() -> float:
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        t0 = os.environ.get("UNIONLEDGER_T0")
        if t0:
            return time.time() - float(t0)
        return time.perf_counter() - _IMPORTED_AT


def _after_first_show(qapp: QApplication) -> None:
    marker = os.environ.get(ENV_MARKER)
    if marker:
        elapsed = seconds_since_process_start()
        tmp = Path(marker + ".tmp")
        tmp.write_text(f"{elapsed:.3f}\n", encoding="utf-8")
        os.replace(tmp, marker)
        log.info("main window shown %.3f s after process start", elapsed)
    smoke = os.environ.get(ENV_SMOKE_EXIT)
    if smoke:
        QTimer.singleShot(int(smoke), qapp.quit)
    start_rare_fonts(qapp)  # after the window is up: the start is not slowed by it


def _start_problem(exc: BaseException, root: Path) -> str:
    from desktop_app.services.errors import ServiceError
    from desktop_app.store.migrate import StoreError

    if isinstance(exc, (StoreError, ServiceError)):
        return str(exc)
    if isinstance(exc, OSError):
        return f"无法使用数据文件夹 {root}：{why(exc)}。请检查磁盘空间和权限。"
    log.error("opening the store failed", exc_info=exc)  # e.g. sqlite3.DatabaseError on a damaged file
    return (f"无法打开数据库（{type(exc).__name__}）。文件可能已损坏；备份在 {root / 'backups'}。"
            "详情见日志文件。")


def open_store(root: Path) -> tuple[App | None, str | None]:
    """App.open with every start-up failure turned into a Chinese sentence (None, message)."""
    from desktop_app.services.app import App

    try:
        # the day's automatic backup begins once the window is up, not during the start
        return App.open(root, backup_delay=BACKUP_DELAY_S), None
    except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence
        return None, _start_problem(exc, root)


def upgrade_store_first(qapp: QApplication, root: Path) -> str | None:
    """A database left by an earlier version is upgraded (after a backup) before anything
    else. For a district's 400,000 people that takes seconds (a table is rebuilt): a window
    says what is happening, and the upgrade runs in a worker thread so that window keeps
    painting instead of Windows calling the program "未响应". Returns a problem to show, or
    None (nothing to upgrade, or upgraded). A folder whose store is a PostgreSQL server (issue
    15) is left alone: the server is migrated by App.open under its advisory lock, and a
    SQLite file still lying there (a seat that moved to the server with `db copy`) is not the
    store any more."""
    import threading

    from desktop_app.app_paths import DataDir
    from desktop_app.packaging_guard import check_data_dir_location
    from desktop_app.services.app import database_target
    from desktop_app.store.db import is_server_url
    from desktop_app.store.migrate import migrate, quick_is_current

    try:
        data_dir = DataDir(check_data_dir_location(root))
        if not data_dir.database.exists() or quick_is_current(data_dir.database) is not None:
            return None
        if is_server_url(database_target(data_dir)):
            return None
    except Exception:  # noqa: BLE001 - open_store reports whatever is wrong with the folder
        return None
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog("正在升级数据库（新版本第一次启动，原数据已先备份）…\n"
                             "数据较多时需要几十秒，请不要关闭程序。", None, 0, 0)
    dialog.setWindowTitle(APP_TITLE)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(460)
    dialog.show()
    failed: list[BaseException] = []

    def work() -> None:
        try:
            migrate(data_dir.database, data_dir.backups)
        except BaseException as exc:  # noqa: BLE001 - shown by the GUI thread
            failed.append(exc)

    worker = threading.Thread(target=work, name="unionledger-upgrade", daemon=True)
    worker.start()
    while worker.is_alive():
        qapp.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        worker.join(0.05)
    dialog.close()
    return _start_problem(failed[0], root) if failed else None


def run_gui(data_root: Path) -> int:
    qapp = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qapp, QApplication)
    configure_application(qapp)
    from desktop_app.gui.messages import install_excepthook

    install_excepthook(data_root / "logs" / "unionledger.log")
    lock = _single_instance(data_root)
    if lock is False:
        return 0
    from desktop_app.temp_files import sweep

    sweep()  # previews a crash or a viewer left behind (issue 20: full identity numbers)
    problem = upgrade_store_first(qapp, data_root)
    app, problem = open_store(data_root) if problem is None else (None, problem)
    if app is None:
        QMessageBox.critical(None, f"{APP_TITLE} — 无法启动", problem or "无法打开数据。")
        return 1
    try:
        if app.login_required():  # issue 15: a store with accounts (a server's) asks who works
            from desktop_app.gui.accounts import LoginDialog

            if LoginDialog(app).exec() != QDialog.DialogCode.Accepted:
                return 0
        if app.office() is None:
            from desktop_app.gui.first_run import FirstRunDialog

            if FirstRunDialog(app).exec() != QDialog.DialogCode.Accepted:
                return 0
        from desktop_app.gui.main_window import MainWindow

        window = MainWindow(app)
        window.show()
        QTimer.singleShot(0, lambda: _after_first_show(qapp))
        return qapp.exec()
    finally:
        app.close()


def _single_instance(data_root: Path) -> object:
    """The single-instance guard (desktop_app/gui/single_instance.py)."""
    from desktop_app.gui.single_instance import acquire

    try:
        return acquire(data_root)
    except Exception:  # noqa: BLE001 - a broken guard must not stop the program
        log.exception("single-instance guard failed")
        return None
