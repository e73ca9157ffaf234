"""Build the one-folder UnionLedger bundle for this OS, then smoke-test it.

    python build_scripts/build.py              # → dist/UnionLedger/, then the smoke test
    python build_scripts/build.py --no-smoke   # build only
    python build_scripts/build.py --smoke-only # test an existing dist/UnionLedger/

Run it with the project's environment (`.venv`, made by `python3 dev.py env`, which installs
the `build` extra with PyInstaller). On Windows the same command builds UnionLedger.exe and
unionledger-cli.exe; build_scripts/build_windows.ps1 wraps it and then makes the installer.
The work folder build/unionledger/ is emptied first, so every build starts clean.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_scripts" / "unionledger.spec"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
BUNDLE_NAME = "UnionLedger"


def bundle_dir(dist: Path = DIST) -> Path:
    return dist / BUNDLE_NAME


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(*, log_level: str = "WARN") -> Path:
    work = BUILD / SPEC.stem
    target = bundle_dir()
    for stale in (work, target):
        if stale.exists():
            shutil.rmtree(stale)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")  # PyInstaller's Qt hooks import PySide6
    env.pop("PYTHONPATH", None)  # the spec puts the source tree on the path itself
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm",
        "--distpath", str(DIST), "--workpath", str(BUILD),
        "--log-level", log_level, str(SPEC),
    ]
    print("+ " + " ".join(cmd), flush=True)
    # The Qt Designer sources (ui/) compiled first, so the bundle holds what ui/ says.
    subprocess.run([sys.executable, str(ROOT / "build_scripts" / "compile_ui.py")], cwd=ROOT, check=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build dist/UnionLedger/ and smoke-test it.")
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    parser.add_argument("--smoke-only", action="store_true", help="test the existing bundle")
    parser.add_argument("--log-level", default="WARN", help="PyInstaller log level (INFO, WARN, …)")
    args = parser.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is not installed in this environment: pip install -e .[build]", file=sys.stderr)
        return 2

    started = time.perf_counter()
    if args.smoke_only:
        target = bundle_dir()
        if not target.is_dir():
            print(f"no bundle at {target}; build it first", file=sys.stderr)
            return 2
    else:
        try:
            target = build(log_level=args.log_level)
        except subprocess.CalledProcessError as exc:
            print(f"PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
            return 1
        print(f"built {target} in {time.perf_counter() - started:.0f} s", flush=True)
    size = folder_size(target)
    files = sum(1 for p in target.rglob("*") if p.is_file())
    print(f"bundle size: {size / 1e6:.1f} MB unpacked ({files} files)", flush=True)

    if args.no_smoke:
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import smoke_test

    code = smoke_test.run(target)
    print(f"total {time.perf_counter() - started:.0f} s", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
