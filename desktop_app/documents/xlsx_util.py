"""Small helpers shared by the Excel writers: atomic save."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

TEXT_FORMAT = "@"  # Excel's "Text" number format: what is typed stays text


def temp_path_for(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def atomic_save(wb: Any, out: str | os.PathLike[str]) -> Path:
    """Save an openpyxl workbook to a temporary name in the same folder, flush it to disk,
    then rename it over ``out`` (a crash never leaves half a file under the real name)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path_for(out)
    try:
        wb.save(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out
