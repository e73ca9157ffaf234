"""Frozen entry point of both executables built by build_scripts/unionledger.spec.

`UnionLedger` (windowed): no arguments → the GUI, arguments → the CLI (output in the log).
`unionledger-cli` (console, for scripting): arguments → the CLI; none → the usage text
rather than a window.
"""

from __future__ import annotations

import os
import sys

from desktop_app.__main__ import main


def _is_console_companion() -> bool:
    name = os.path.splitext(os.path.basename(sys.executable))[0].lower()
    return name.endswith("-cli")


if __name__ == "__main__":
    argv = sys.argv[1:]
    if not argv and _is_console_companion():
        argv = ["--help"]
    sys.exit(main(argv))
