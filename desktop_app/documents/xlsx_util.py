"""Small helpers shared by the Excel writers: atomic save, text cells that never become formulas."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# Text starting with one of these is evaluated by Excel / LibreOffice (CWE-1236, PITFALLS §11).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"


def force_text(cell: Any) -> Any:
    """Make a cell holding user text a plain string cell (never a formula or error code)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def text_cell(ws: Any, value: Any, *, style: dict[str, Any] | None = None) -> Any:
    """A write-only cell; strings are always stored as text (data_type 's')."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    for k, v in (style or {}).items():
        setattr(cell, k, v)
    return cell


def temp_path_for(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def atomic_save(wb: Any, out: str | os.PathLike[str]) -> Path:
    """Save to a temporary name in the same folder, flush to disk, then rename over ``out``."""
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
