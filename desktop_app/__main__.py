"""`python -m desktop_app` → GUI; `python -m desktop_app <command>` → headless CLI."""

from __future__ import annotations

import sys


def _gui_only(argv: list[str]) -> tuple[str | None, bool] | None:
    """(data dir, verbose) when argv only starts the GUI; None when it names a command.

    Building the full CLI parser imports every command module (~50 ms of a 1.5 s start-up
    budget); plain `python -m desktop_app [--data-dir DIR] [-v]` does not need it."""
    data_dir, verbose, i = None, False, 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-v", "--verbose"):
            verbose = True
        elif arg == "--data-dir" and i + 1 < len(argv):
            data_dir, i = argv[i + 1], i + 1
        elif arg.startswith("--data-dir="):
            data_dir = arg.split("=", 1)[1]
        else:
            return None
        i += 1
    return data_dir, verbose


def main(argv: list[str] | None = None) -> int:
    from desktop_app.app_paths import private_umask

    private_umask()  # before the first file: logs, store, backups, exports (issue 20)
    argv = sys.argv[1:] if argv is None else argv
    gui = _gui_only(argv)
    if gui is not None:
        from argparse import Namespace

        args = Namespace(data_dir=gui[0], verbose=gui[1], func=None)
    else:
        from desktop_app.cli import build_parser, run_command

        args = build_parser().parse_args(argv)
    if getattr(args, "func", None) is None:
        from desktop_app.app_paths import DataDir, resolve_data_dir
        from desktop_app.logging_setup import setup_logging

        root = resolve_data_dir(args.data_dir)
        setup_logging(DataDir(root).logs, verbose=args.verbose)
        if getattr(args, "db", None):  # the GUI on a server named on the command line (issue 15)
            import os

            from desktop_app.store.db import ENV_DATABASE_URL

            os.environ[ENV_DATABASE_URL] = args.db
        from desktop_app.gui.main import run_gui  # lazy: nothing imports gui except here

        return run_gui(root)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
