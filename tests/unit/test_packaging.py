"""Packaging without building: the PyInstaller spec's decisions, portable mode, the data-folder
guard and the runtime hook. (The real build and frozen smoke test run in .ci/run through
build_scripts/ci_frozen_smoke.sh.)"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop_app import app_paths
from desktop_app.packaging_guard import DataDirInsideInstallDir, check_data_dir_location
from desktop_app.services.errors import ServiceError

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "build_scripts"
SPEC = SCRIPTS / "unionledger.spec"

FAKE_DATAS = [
    ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", "/x/qtbase_zh_CN.qm", "DATA"),
    ("PySide6/translations/qt_zh_CN.qm", "/x/qt_zh_CN.qm", "DATA"),
    ("PySide6/translations/qt_zh_TW.qm", "/x/qt_zh_TW.qm", "DATA"),
    ("resources/forms/2-1-1.json", "/x/2-1-1.json", "DATA"),
]
FAKE_BINARIES = [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/x", "BINARY"),
    ("PySide6/plugins/platforms/qwindows.dll", "/x", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", "/x", "BINARY"),
    ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", "/x", "BINARY"),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "/x", "BINARY"),
    ("PySide6/Qt6Qml.dll", "/x", "BINARY"),
    ("PySide6/Qt6Pdf.dll", "/x", "BINARY"),
    ("PySide6/plugins/printsupport/windowsprintersupport.dll", "/x", "BINARY"),
    ("PySide6/plugins/tls/qschannelbackend.dll", "/x", "BINARY"),
    ("PySide6/opengl32sw.dll", "/x", "BINARY"),
]


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    """Execute the spec with stand-ins for PyInstaller's Analysis/PYZ/EXE/COLLECT."""
    pytest.importorskip("PyInstaller")
    work = tmp_path_factory.mktemp("pyinstaller-work")
    calls: dict[str, list] = {"EXE": [], "COLLECT": []}

    class Analysis:
        def __init__(self, scripts, **kwargs):
            calls["Analysis"] = SimpleNamespace(scripts=scripts, **kwargs)
            self.scripts, self.pure = [("launch", scripts[0], "PYSOURCE")], []
            self.datas, self.binaries = list(FAKE_DATAS), list(FAKE_BINARIES)

    def pyz(*args, **kwargs):
        return "PYZ"

    def exe(*args, **kwargs):
        calls["EXE"].append(kwargs)
        return kwargs["name"]

    def collect(*args, **kwargs):
        calls["COLLECT"].append(SimpleNamespace(args=args, **kwargs))

    namespace = {
        "__name__": "__main__", "__file__": str(SPEC),
        "SPECPATH": str(SCRIPTS), "workpath": str(work), "specnm": "unionledger",
        "Analysis": Analysis, "PYZ": pyz, "EXE": exe, "COLLECT": collect,
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return SimpleNamespace(ns=namespace, calls=calls, work=work)


def test_spec_compiles() -> None:
    compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")


def test_hidden_imports_cover_command_and_check_modules(spec) -> None:
    from desktop_app.cli import COMMAND_MODULES
    from desktop_app.services.selfcheck import CHECK_MODULES

    hidden = set(spec.calls["Analysis"].hiddenimports)
    existing = [m for m in COMMAND_MODULES + CHECK_MODULES if importlib.util.find_spec(m) is not None]
    assert "desktop_app.cli.basic" in existing
    missing = [m for m in existing if m not in hidden]
    assert not missing, f"add to hiddenimports in build_scripts/unionledger.spec: {missing}"
    # The spec reads the lists from the source: they must match the imported ones.
    assert spec.ns["COMMAND_MODULES"] == COMMAND_MODULES
    assert spec.ns["CHECK_MODULES"] == CHECK_MODULES


def test_hidden_imports_for_dynamic_third_party_modules(spec) -> None:
    hidden = set(spec.calls["Analysis"].hiddenimports)
    for name in ["alembic", "alembic.op", "alembic.context", "sqlalchemy.dialects.sqlite",
                 "openpyxl", "defusedxml", "python_calamine", "reportlab.pdfbase.ttfonts",
                 "qrcode", "cryptography", "desktop_app.store.models"]:
        assert name in hidden, name
    assert "sqlalchemy.text" not in hidden  # names imported from a module are not modules


def test_datas_include_resources_db_and_ui(spec) -> None:
    datas = spec.calls["Analysis"].datas
    dests = {dest.replace("\\", "/") for _src, dest in datas}
    sources = [Path(src) for src, _dest in datas]
    assert "resources/fonts" in dests and "resources/forms" in dests and "resources/catalog" in dests
    assert "resources/icons" in dests
    assert "db" in dests and "db/versions" in dests
    assert (ROOT / "db" / "alembic.ini") in sources and (ROOT / "db" / "env.py") in sources
    ui_files = [p for p in (ROOT / "ui").rglob("*") if p.is_file()]
    assert all(p in sources for p in ui_files)
    assert "ui" in spec.ns["DATA_FOLDERS"]
    assert not [p for p in sources if "__pycache__" in p.parts or p.suffix == ".pyc"]


def test_font_files_bundled_with_licences(spec) -> None:
    """Every face the PDF writer and the screen open by name is in the bundle with its licence."""
    from desktop_app.documents import fonts

    declared = spec.ns["FONT_FILES"]
    used = set(fonts.QT_RARE_FONT_FILES) | {fonts.SYMBOL_FONT_FILE, fonts.SONG_FONT_FILE,
                                            fonts.EXT_A_FONT_FILE, fonts.RARE_FONT_FILE,
                                            fonts.BUNDLED_FONT_FILE}
    assert set(declared) == used
    bundled = {(Path(src).name, dest.replace("\\", "/")) for src, dest in spec.calls["Analysis"].datas}
    for font, licence in declared.items():
        assert (font, "resources/fonts") in bundled, font
        assert (licence, "resources/fonts") in bundled, licence
    on_disk = {p.name for p in (ROOT / "resources" / "fonts").iterdir()
               if p.name.endswith((".ttf", ".ttc", ".otf", ".ttf.gz"))}
    assert on_disk == set(declared)  # no stray font file inflating the bundle


def test_qt_modules_kept_and_excluded(spec) -> None:
    excludes = set(spec.calls["Analysis"].excludes)
    hidden = set(spec.calls["Analysis"].hiddenimports)
    for name in ["QtWebEngineCore", "QtWebEngineWidgets", "QtQml", "QtQuick", "Qt3DCore",
                 "QtMultimedia", "QtBluetooth"]:
        assert f"PySide6.{name}" in excludes, name
    for name in ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtNetwork"]:
        assert f"PySide6.{name}" not in excludes, name
        assert f"PySide6.{name}" in hidden, name
    # Whatever the program imports is bundled, never excluded.
    used = spec.ns["qt_modules_imported_by_app"]()
    assert {"QtCore", "QtNetwork"} <= used  # desktop_app/gui/single_instance.py
    for name in used:
        assert f"PySide6.{name}" in hidden and f"PySide6.{name}" not in excludes


def test_translations_pruned_to_simplified_chinese(spec) -> None:
    kept = {d[0] for d in spec.ns["a"].datas}
    assert kept == {
        "PySide6/Qt/translations/qtbase_zh_CN.qm", "PySide6/translations/qt_zh_CN.qm",
        "resources/forms/2-1-1.json",
    }


def test_unused_qt_binaries_dropped(spec) -> None:
    kept = {d[0] for d in spec.ns["a"].binaries}
    assert kept == {
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll", "PySide6/Qt6Pdf.dll",
        "PySide6/plugins/printsupport/windowsprintersupport.dll",
    }


def test_two_executables_one_folder_without_upx(spec) -> None:
    exes = {e["name"]: e for e in spec.calls["EXE"]}
    assert set(exes) == {"UnionLedger", "unionledger-cli"}
    assert exes["UnionLedger"]["console"] is False
    assert exes["unionledger-cli"]["console"] is True
    for e in exes.values():
        assert e["upx"] is False and e["exclude_binaries"] is True
        assert Path(e["icon"]).is_file() and Path(e["icon"]).suffix == ".ico"
    (coll,) = spec.calls["COLLECT"]
    assert coll.name == "UnionLedger" and coll.upx is False
    assert coll.args[:2] == ("UnionLedger", "unionledger-cli")
    analysis = spec.calls["Analysis"]
    assert [Path(h).name for h in analysis.runtime_hooks] == ["rthook_unionledger.py"]
    assert all(Path(h).is_file() for h in analysis.runtime_hooks)
    assert Path(analysis.scripts[0]).is_file()


def _eval_version_file(path: Path):
    """Evaluate the versionfile text with recording stand-ins for PyInstaller's classes."""
    def make(kind):
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct"]
    return eval(path.read_text(encoding="utf-8"), {n: make(n) for n in names})  # noqa: S307


def test_version_resource_from_pyproject(spec) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for e in spec.calls["EXE"]:
        path = Path(e["version"])
        assert path.parent == spec.work and path.is_file()
        kind, _args, kwargs = _eval_version_file(path)
        assert kind == "VSVersionInfo"
        ffi = kwargs["ffi"][2]
        assert ffi["filevers"] == spec.ns["version_tuple"](version)
        string_file_info = kwargs["kids"][0]
        table = string_file_info[1][0][0]
        strings = dict(s[1] for s in table[1][1])
        assert strings["ProductName"] == "工会实事台账 UnionLedger"
        assert strings["ProductVersion"] == version
        assert strings["OriginalFilename"] == e["name"] + ".exe"



def test_version_file_loads_with_pyinstallers_classes(spec, monkeypatch) -> None:
    """PyInstaller's own parser and serialiser (needs pefile: always on Windows, optional here)."""
    pytest.importorskip("pefile")
    import PyInstaller.compat

    if not hasattr(PyInstaller.compat, "win32api"):  # imported by the module, unused here
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    from PyInstaller.utils.win32.versioninfo import VSVersionInfo, load_version_info_from_text_file

    for e in spec.calls["EXE"]:
        info = load_version_info_from_text_file(e["version"])
        assert isinstance(info, VSVersionInfo)
        assert "工会实事台账".encode("utf-16-le") in info.toRaw()


def test_version_tuple(spec) -> None:
    vt = spec.ns["version_tuple"]
    assert vt("0.1.0") == (0, 1, 0, 0)
    assert vt("1.2.3rc1") == (1, 2, 3, 0)
    assert vt("2024.10") == (2024, 10, 0, 0)


def test_smoke_test_requires_every_registered_check() -> None:
    spec_ = importlib.util.spec_from_file_location("ul_smoke_test", SCRIPTS / "smoke_test.py")
    smoke = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(smoke)
    from desktop_app.services.selfcheck import load_checks

    registered = load_checks()
    # The minimum set must exist in the source, or the frozen smoke test could never pass.
    assert set(smoke.REQUIRED_CHECKS) <= set(registered)
    assert set(registered) <= set(smoke.expected_checks())


# --- app_paths: frozen and portable -------------------------------------------------------


@pytest.fixture()
def frozen(monkeypatch, tmp_path: Path):
    """A pretend frozen program installed in tmp/install."""
    install = tmp_path / "install"
    install.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(install / "UnionLedger.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(install / "_internal"), raising=False)
    monkeypatch.delenv(app_paths.ENV_HOME, raising=False)
    return install


def test_bundle_root_is_meipass_when_frozen(frozen: Path) -> None:
    assert app_paths.bundle_root() == frozen / "_internal"
    assert app_paths.resource_path("forms") == frozen / "_internal" / "resources" / "forms"
    assert app_paths.db_scripts_path() == frozen / "_internal" / "db"


def test_portable_marker_puts_data_beside_the_program(frozen: Path) -> None:
    assert not app_paths.is_portable()
    assert app_paths.resolve_data_dir() != (frozen / "data").resolve()
    (frozen / app_paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert app_paths.is_portable()
    assert app_paths.resolve_data_dir() == (frozen / "data").resolve()
    # --data-dir still wins.
    assert app_paths.resolve_data_dir(frozen.parent / "elsewhere") == (frozen.parent / "elsewhere").resolve()


def test_portable_marker_ignored_when_running_from_source(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / app_paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert not app_paths.is_portable()


# --- packaging_guard ------------------------------------------------------------------------


def test_guard_refuses_data_inside_install_dir(frozen: Path) -> None:
    with pytest.raises(DataDirInsideInstallDir) as info:
        check_data_dir_location(frozen / "data")
    assert isinstance(info.value, ServiceError)
    assert "安装文件夹" in str(info.value)
    with pytest.raises(DataDirInsideInstallDir):
        check_data_dir_location(frozen)
    with pytest.raises(DataDirInsideInstallDir):
        check_data_dir_location(frozen / "_internal" / "deep" / "data")


def test_guard_allows_data_outside_install_dir(frozen: Path) -> None:
    outside = frozen.parent / "UnionLedger-data"
    assert check_data_dir_location(outside) == outside.resolve()
    sibling = frozen.parent / (frozen.name + "2")  # shares a name prefix, not a folder
    assert check_data_dir_location(sibling) == sibling.resolve()


def test_guard_allows_portable_mode(frozen: Path) -> None:
    (frozen / app_paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert check_data_dir_location(frozen / "data") == (frozen / "data").resolve()


def test_guard_is_off_when_running_from_source(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert check_data_dir_location(tmp_path / "data") == (tmp_path / "data").resolve()
    with pytest.raises(DataDirInsideInstallDir):
        check_data_dir_location(tmp_path / "data", install_dir=tmp_path, portable=False)
    assert check_data_dir_location(tmp_path / "data", install_dir=tmp_path, portable=True)


# --- runtime hook ---------------------------------------------------------------------------


def _run_rthook(tmp_path: Path, *, portable: bool, args: list[str], home: Path | None) -> dict:
    install = tmp_path / "install"
    install.mkdir(exist_ok=True)
    if portable:
        (install / "portable").write_text("", encoding="utf-8")
    code = textwrap.dedent(f"""
        import json, os, sys
        out = sys.stdout
        sys.stdout = None; sys.stderr = None            # PyInstaller windowed mode
        sys.frozen = True
        sys.executable = {str(install / "UnionLedger.exe")!r}
        sys.argv = ["UnionLedger"] + {args!r}
        exec(open({str(SCRIPTS / "rthook_unionledger.py")!r}, encoding="utf-8").read())
        print("到 console.log")
        sys.stdout.flush()
        out.write(json.dumps({{
            "stdout": getattr(sys.stdout, "name", None),
            "home": os.environ.get("UNIONLEDGER_HOME"),
            "portable": os.environ.get("UNIONLEDGER_PORTABLE"),
            "defused": os.environ.get("OPENPYXL_DEFUSEDXML"),
        }}))
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("UNIONLEDGER_HOME", "UNIONLEDGER_PORTABLE")}
    env["PYTHONPATH"] = str(ROOT)
    if home is not None:
        env["UNIONLEDGER_HOME"] = str(home)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return json.loads(proc.stdout)


def test_rthook_gives_windowed_streams_a_log_file(tmp_path: Path) -> None:
    result = _run_rthook(tmp_path, portable=False, args=["--data-dir", str(tmp_path / "d")], home=None)
    log = tmp_path / "d" / "logs" / "console.log"
    assert result["stdout"] == str(log)
    assert "到 console.log" in log.read_text(encoding="utf-8")
    assert result["defused"] == "True"
    assert result["portable"] is None and result["home"] is None


def test_rthook_portable_mode_exports_the_data_folder(tmp_path: Path) -> None:
    result = _run_rthook(tmp_path, portable=True, args=[], home=None)
    data = tmp_path / "install" / "data"
    assert result["portable"] == "1"
    assert Path(result["home"]) == data
    assert (data / "logs" / "console.log").is_file()


def test_rthook_never_logs_into_the_install_folder(tmp_path: Path) -> None:
    inside = tmp_path / "install" / "data"
    result = _run_rthook(tmp_path, portable=False, args=[], home=inside)
    assert not inside.exists()
    assert result["stdout"] == os.devnull


def test_libraries_only_needed_by_dropped_plugins_are_dropped(spec, monkeypatch) -> None:
    import PyInstaller.depend.bindepend as bindepend

    graph = {  # source → what it links (the last two are system libraries not in the bundle)
        "/s/libqgtk3.so": ["libgtk-3.so.0", "libglib-2.0.so.0", "libc.so.6"],
        "/s/libgtk-3.so.0": ["libpango.so.1", "libglib-2.0.so.0"],
        "/s/libpango.so.1": ["libglib-2.0.so.0"],
        "/s/libQt6Gui.so.6": ["libglib-2.0.so.0", "libQt6Core.so.6"],
        "/s/libQt6Core.so.6": ["libc.so.6"],
        "/s/libglib-2.0.so.0": ["libc.so.6"],
    }
    monkeypatch.setattr(bindepend, "get_imports",
                        lambda src, search_paths=None: {(n, None) for n in graph.get(src, [])})
    removed = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY")]
    kept = [(Path(s).name if "Qt6" not in s else f"PySide6/Qt/lib/{Path(s).name}", s, "BINARY")
            for s in graph if s != "/s/libqgtk3.so"]
    orphans = spec.ns["orphaned_libraries"](kept, removed)
    assert orphans == {"libgtk-3.so.0", "libpango.so.1"}  # glib stays: QtGui needs it

    def broken(src, search_paths=None):
        raise OSError("ldd failed")

    monkeypatch.setattr(bindepend, "get_imports", broken)
    assert spec.ns["orphaned_libraries"](kept, removed) == set()  # in doubt, keep everything


def test_no_plotting_library_bundled(spec) -> None:
    """The 统计 page's charts are reportlab drawings painted from SVG by QtSvg: matplotlib and
    numpy (~49 MB; openpyxl and Pillow import numpy when it is installed) stay out."""
    analysis = spec.calls["Analysis"]
    for name in ["matplotlib", "mpl_toolkits", "numpy"]:
        assert name in analysis.excludes, name
    assert not [m for m in analysis.hiddenimports if m.split(".")[0] in ("matplotlib", "numpy")]
    assert "reportlab.graphics.renderSVG" in analysis.hiddenimports
    assert "PySide6.QtSvg" in analysis.hiddenimports and "PySide6.QtSvg" not in analysis.excludes
    assert analysis.hooksconfig == {}
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert not [d for d in deps if d.lower().startswith(("matplotlib", "numpy"))]
