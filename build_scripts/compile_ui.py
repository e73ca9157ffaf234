"""Compile the Qt Designer sources in ui/ with pyside6-uic into desktop_app/gui/designer/.

    python build_scripts/compile_ui.py           # (re)compile what changed
    python build_scripts/compile_ui.py --check   # exit 1 if a compiled module is not current

Run by `dev.py` at set-up and by `build_scripts/build.py` before PyInstaller; the compiled
modules are committed too, so a plain `python -m desktop_app` from a checkout works. uic's
header (which names its own version) is dropped: the output depends on the .ui file alone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
OUT_DIR = ROOT / "desktop_app" / "gui" / "designer"
HEADER = ('# Compiled from ui/{name} by build_scripts/compile_ui.py (pyside6-uic). Do not edit:\n'
          '# change the .ui file in Qt Designer and compile again.\n')


def uic_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-uic" + (".exe" if sys.platform == "win32" else ""))
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    return [sys.executable, "-m", "PySide6.scripts.pyside_tool", "uic"]


def compile_text(ui_file: Path) -> str:
    """The module uic makes of ``ui_file``, without uic's own header comment block."""
    out = subprocess.run([*uic_command(), "--generator", "python", str(ui_file)], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    lines = out.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        start += 1
    return HEADER.format(name=ui_file.name) + "\n" + "".join(lines[start:])


def target(ui_file: Path) -> Path:
    return OUT_DIR / f"ui_{ui_file.stem}.py"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    init = OUT_DIR / "__init__.py"
    if not init.exists() and not check:
        init.write_text('"""Modules compiled from the Qt Designer sources in ui/ (see build_scripts/compile_ui.py)."""\n',
                        encoding="utf-8")
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        out = target(ui_file)
        text = compile_text(ui_file)
        current = out.read_text(encoding="utf-8") if out.exists() else None
        if current == text:
            continue
        stale.append(out)
        if not check:
            out.write_text(text, encoding="utf-8", newline="\n")
            print(f"compiled {ui_file.relative_to(ROOT)} -> {out.relative_to(ROOT)}")
    if check and stale:
        print("not current (run build_scripts/compile_ui.py): " + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
