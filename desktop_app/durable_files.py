"""Durable writes shared by the store (backups) and the documents layer (exchange packages).

Below every layer: plain os calls, no Qt, no SQL.
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX: fsync the directory). Windows cannot open a
    directory for fsync; its rename is journalled by NTFS. Failures are ignored: the file
    itself was already synced, and a folder on a stick may not support it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
