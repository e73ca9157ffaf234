"""Small helpers shared by the Excel writers: atomic save."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from desktop_app.disk_errors import WriteFailed

TEXT_FORMAT = "@"  # Excel's "Text" number format: what is typed stays text


def temp_path_for(out: Path) -> Path:
    return out.with_name(f".{out.name}.{os.getpid()}.tmp")


def atomic_save(wb: Any, out: str | os.PathLike[str]) -> Path:
    """Save an openpyxl workbook to a temporary name in the same folder, flush it to disk,
    then rename it over ``out`` (a crash never leaves half a file under the real name).

    The workbook is zipped in memory first: openpyxl left its ZipFile open when the disk
    filled, and its ``__del__`` printed "Exception ignored … No space left on device" after
    our message (issue 20). A failed write is a :class:`WriteFailed` (Chinese) and leaves
    no file behind."""
    buf = io.BytesIO()
    wb.save(buf)
    return write_bytes_atomic(out, buf.getvalue())


def write_bytes_atomic(out: str | os.PathLike[str], data: bytes) -> Path:
    """``data`` as ``out``: temporary name, flush, fsync, rename; WriteFailed on any OSError."""
    out = Path(out)
    tmp = temp_path_for(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        remove_quietly(tmp)
        raise WriteFailed(exc, out) from None
    except BaseException:
        remove_quietly(tmp)
        raise
    return out


def remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
