"""Writing exchange files where the clerk points: names a clerk recognises, atomic writes.

A USB stick may be write-protected, full, or pulled out: every write goes to a temporary
file in the target folder, is flushed and fsync'ed, then renamed over the final name; on any
failure the temporary file is removed and a Chinese message names the folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from desktop_app.disk_errors import advice, why
from desktop_app.durable_files import fsync_dir
from desktop_app.documents.package_format import SUFFIX, PackageError, Party

_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_KIND_LABEL = {"data": "", "receipt": "回执_", "return": "审核结果_"}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def safe_component(text: str, limit: int = 60) -> str:
    """A piece of a Windows file name: no reserved characters, no trailing dots or spaces."""
    s = _BAD_CHARS.sub("_", text.strip())
    s = s.rstrip(" .")[:limit].rstrip(" .")
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    return s or "_"


def package_file_name(kind: str, sender: Party, receiver: Party, sequence: int, day: dt.date) -> str:
    """e.g. 朱家角镇总工会_ZJJ_至_QP_2023-11-23_第0005号.ulpkg"""
    parts = [safe_component(sender.name), safe_component(sender.code, 32), "至", safe_component(receiver.code, 32),
             day.isoformat()]
    return "_".join(parts) + f"_{_KIND_LABEL[kind]}第{sequence:04d}号{SUFFIX}"


def write_error(exc: OSError, folder: Path, size: int = 0) -> PackageError:
    """The clerk's message for a failed write to `folder`."""
    code = exc.errno
    if isinstance(exc, PermissionError) or code in _READ_ONLY or getattr(exc, "winerror", None) == 19:
        return PackageError("write", f"无法写入文件夹“{folder}”：该位置是只读的或没有写入权限（U 盘可能开启了写保护）。"
                                     "请换一个文件夹，或取消写保护后重试。没有留下不完整的文件。")
    if code in _FULL or getattr(exc, "winerror", None) in (39, 112):
        need = f"（约需 {max(1, size // 1024):,} KB）" if size else ""
        return PackageError("write", f"文件夹“{folder}”所在的磁盘或 U 盘空间不足{need}。请清理空间或换一个位置后重试。"
                                     "没有留下不完整的文件。")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return PackageError("write", f"文件夹“{folder}”不存在或已被移除（U 盘是否已拔出？），请重新选择保存位置。")
    return PackageError("write", f"无法写入文件夹“{folder}”：{why(exc)}。{advice(exc)}没有留下不完整的文件。")


_PART_RE = re.compile(r"^~[0-9a-f]{8}\.(?P<name>.+)\.part$")


def leftover_parts(folder: Path) -> list[tuple[Path, str]]:
    """Temporary files of interrupted writes in `folder`: (path, the final name it was for)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return [(Path(e.path), m.group("name")) for e in entries if (m := _PART_RE.match(e.name))]


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove what a killed write left in `folder` (``~xxxxxxxx.<name>.part``): never taken
    for a finished file, but clutter on a clerk's stick."""
    removed = []
    for path, _name in leftover_parts(folder):
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def write_atomic(folder: Path, file_name: str, blob: bytes,
                 before_rename: Callable[[Path], None] | None = None) -> Path:
    """Write `blob` as folder/file_name: temporary file, flush, fsync, rename. PackageError on failure.
    `before_rename(tmp)` runs on the complete temporary file just before it gets its name (read
    back and check it; commit the database), so the final name never appears for a file that
    failed or that the store does not know. Leftovers of earlier killed writes are removed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise write_error(FileNotFoundError(errno.ENOENT, "not a folder", str(folder)), folder)
    clean_leftovers(folder)
    final = folder / file_name
    tmp = folder / f"~{uuid.uuid4().hex[:8]}.{file_name}.part"
    try:
        with open(tmp, "xb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        if before_rename is not None:
            before_rename(tmp)
        os.replace(tmp, final)
    except OSError as exc:
        _remove_quietly(tmp)
        raise write_error(exc, folder, len(blob)) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    fsync_dir(folder)
    return final


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
