"""Set-up helper: `python3 dev.py run` starts UnionLedger, `python3 dev.py test` runs the tests.

Creates `.venv` and installs the project (with test extras) when missing or when
pyproject.toml changed, then runs. Works the same on Windows (`py -3.11 dev.py run`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_env(extras: str) -> Path:
    py = venv_python()
    if not py.exists():
        print("创建虚拟环境 .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        print(f"安装依赖 ({extras or 'runtime'}) …", flush=True)
        target = f".[{extras}]" if extras else "."
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"])
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", "-e", target], cwd=ROOT)
        STAMP.write_text(digest)
    # Qt Designer sources (ui/) → desktop_app/gui/designer/ (only what changed is rewritten)
    subprocess.check_call([str(py), str(ROOT / "build_scripts" / "compile_ui.py")], cwd=ROOT,
                          stdout=subprocess.DEVNULL)
    return py


XCB_LIBS = {  # Qt's xcb platform plugin (a Linux desktop) needs these beside libxcb itself
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
}


def warn_missing_xcb() -> None:
    """On a Linux desktop, name the Debian/Ubuntu packages Qt's window needs when they are missing."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return
    try:
        listed = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return
    missing = [pkg for lib, pkg in XCB_LIBS.items() if lib not in listed]
    if missing:
        print("提示：图形界面需要 Qt 的 xcb 平台库，本机缺少：" + " ".join(missing) +
              "\n      请先运行：sudo apt-get install " + " ".join(missing), flush=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "env"}:
        print("用法: python3 dev.py run|test|bench [参数…]")
        return 2
    cmd, rest = argv[0], argv[1:]
    py = ensure_env("test,build" if cmd in {"test", "bench", "env"} else "")
    if cmd == "env":
        return 0
    if cmd == "run":
        if not rest:
            warn_missing_xcb()
        return subprocess.call([str(py), "-m", "desktop_app", *rest], cwd=ROOT)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if cmd == "bench":
        return subprocess.call([str(py), "-m", "tests.perf", *rest], cwd=ROOT, env=env)
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
