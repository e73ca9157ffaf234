# PyInstaller runtime hook: runs inside the frozen program before any application code
# (after PyInstaller's own hooks, before build_scripts/launch.py). Both executables run it.
#
# 1. Windowed safety: in the windowed UnionLedger executable sys.stdout / sys.stderr are None
#    (PyInstaller >= 5.7), so anything that prints, argparse, warnings or faulthandler would
#    crash. Point them at <data folder>/logs/console.log through desktop_app.logging_setup,
#    the same function the program calls again later (it leaves non-None streams alone).
# 2. Portable mode: a file named `portable` beside the executable keeps the data in
#    <program folder>/data (desktop_app.app_paths decides). Export that decision as
#    UNIONLEDGER_HOME (unless already set) and UNIONLEDGER_PORTABLE=1, so child processes
#    (the GUI calling the CLI, a script run from the program folder) agree on the folder.
# 3. Hardening: openpyxl must use defusedxml (PITFALLS §6.42); faulthandler writes native
#    crashes (a Qt plugin failing, say) to stderr, i.e. the console or console.log.
#
# Nothing here may raise: a failure falls back to os.devnull streams, and the program's own
# start-up reports problems properly.

import os
import sys


def _data_dir_argument(argv):
    """--data-dir DIR / --data-dir=DIR from the command line (argparse runs much later)."""
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--data-dir="):
            return arg.split("=", 1)[1]
    return None


def _unionledger_rthook():
    os.environ["OPENPYXL_DEFUSEDXML"] = "True"

    root = None
    try:
        from desktop_app import app_paths

        if app_paths.is_portable():
            os.environ["UNIONLEDGER_PORTABLE"] = "1"
            os.environ.setdefault(app_paths.ENV_HOME, str(app_paths.executable_dir() / "data"))
        root = app_paths.resolve_data_dir(_data_dir_argument(sys.argv[1:]))
        from desktop_app.packaging_guard import check_data_dir_location

        check_data_dir_location(root)
    except Exception:  # noqa: BLE001 - the program reports a bad data folder itself
        root = None

    if sys.stdout is None or sys.stderr is None:
        try:
            if root is None:
                raise OSError("no usable data folder")
            from desktop_app.app_paths import DataDir
            from desktop_app.logging_setup import ensure_std_streams

            ensure_std_streams(DataDir(root).logs)
        except Exception:  # noqa: BLE001
            devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
            if sys.stdout is None:
                sys.stdout = devnull
            if sys.stderr is None:
                sys.stderr = devnull

    try:
        import faulthandler

        sys.stderr.fileno()  # faulthandler needs a real file descriptor
        faulthandler.enable(file=sys.stderr)
    except Exception:  # noqa: BLE001 - devnull wrappers or odd consoles: no native traces
        pass


_unionledger_rthook()
del _unionledger_rthook, _data_dir_argument
