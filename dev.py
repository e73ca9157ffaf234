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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "bench", "env"}:
        print("用法: python3 dev.py run|test|bench [参数…]")
        return 2
    cmd, rest = argv[0], argv[1:]
    py = ensure_env("test,build" if cmd in {"test", "bench", "env"} else "")
    if cmd == "env":
        return 0
    if cmd == "run":
        return subprocess.call([str(py), "-m", "desktop_app", *rest], cwd=ROOT)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if cmd == "bench":
        return subprocess.call([str(py), "-m", "tests.perf", *rest], cwd=ROOT, env=env)
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
