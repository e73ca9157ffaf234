"""`python -m desktop_app` → GUI; `python -m desktop_app <command>` → headless CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from desktop_app.cli import build_parser, run_command

    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        from desktop_app.app_paths import DataDir, resolve_data_dir
        from desktop_app.logging_setup import setup_logging

        root = resolve_data_dir(args.data_dir)
        setup_logging(DataDir(root).logs, verbose=args.verbose)
        from desktop_app.gui.main import run_gui  # lazy: nothing imports gui except here

        return run_gui(root)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
