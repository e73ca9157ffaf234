#!/usr/bin/env bash
# CI (Linux): build the frozen one-folder bundle with PyInstaller and run the frozen smoke test
# (build_scripts/build.py does both). A missing data file or hidden import fails CI here
# instead of on a clerk's PC. Exits non-zero on any failure.
#
# Uses .venv made by `python3 dev.py env|test` (extras test,build); creates it when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export PIP_DISABLE_PIP_VERSION_CHECK=1

# PyInstaller on Linux needs binutils (objdump to read binaries, strip for the bundle).
if ! command -v objdump >/dev/null || ! command -v strip >/dev/null; then
  if command -v apt-get >/dev/null; then
    echo "installing binutils for PyInstaller"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils >/dev/null
  else
    echo "PyInstaller needs objdump and strip (binutils)" >&2
    exit 1
  fi
fi

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  python3 dev.py env
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "installing PyInstaller into .venv"
  "$PY" -m pip install -q "pyinstaller>=6.3"
fi

echo "== frozen build and smoke test =="
started=$(date +%s)
"$PY" build_scripts/build.py
echo "frozen build + smoke test: $(( $(date +%s) - started )) s"
