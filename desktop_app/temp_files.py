"""Temporary PDFs handed to the system's viewer (打开外部查看器), and their removal.

A preview holds a whole roster with full identity numbers; it used to stay in the temp folder
for ever (issue 20, point 7). Each file is made private (mkstemp: 0600), removed when its
preview closes, and any left behind (a crash, a viewer that held the file open on Windows)
is removed at the next start. No Qt here: the GUI calls these, the tests too.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

PREFIX = "unionledger-"
SUFFIX = ".pdf"
log = logging.getLogger(__name__)


def write_private_pdf(data: bytes, name: str = "预览", folder: str | None = None) -> Path:
    """``data`` in a new temporary ``unionledger-<name>-….pdf`` readable by this user only."""
    fd, tmp = tempfile.mkstemp(prefix=f"{PREFIX}{name}-", suffix=SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        remove_quietly(Path(tmp))
        raise
    return Path(tmp)


def remove_quietly(path: Path | None) -> bool:
    """Delete ``path``; False when it cannot be deleted now (a viewer on Windows holds it)."""
    if path is None:
        return True
    try:
        path.unlink(missing_ok=True)
        return True
    except OSError as exc:
        log.info("temporary file not removed yet: %s (%s)", path.name, exc.__class__.__name__)
        return False


def sweep(folder: str | None = None, *, older_than: float = 60.0) -> int:
    """Remove our temporary PDFs older than ``older_than`` seconds (at start); the count."""
    base = Path(folder or tempfile.gettempdir())
    now = time.time()
    removed = 0
    try:
        candidates = list(base.glob(f"{PREFIX}*{SUFFIX}"))
    except OSError:
        return 0
    for p in candidates:
        try:
            st = p.lstat()
            if not p.is_file() or p.is_symlink() or now - st.st_mtime < older_than:
                continue
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                continue  # another user's file in a shared /tmp: not ours to delete
        except OSError:
            continue
        removed += remove_quietly(p)
    return removed
