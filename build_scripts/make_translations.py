"""Compile resources/translations/*.ts to .qm with PySide6's lrelease (the .qm files are
committed, so neither set-up nor the build needs this; run it after editing a .ts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    import PySide6

    lrelease = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        subprocess.run([str(lrelease), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
