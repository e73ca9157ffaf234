"""Backups of a server store (issue 15, point 6): ``pg_dump`` in its custom format when the
PostgreSQL client tools are installed on this seat, else the server's own backups apply.

The dump is written to a temporary name in the backups folder, checked with
``pg_restore --list`` (when present), then renamed ``server-YYYYmmdd-HHMMSS.dump``. The
password is never on the command line: libpq reads PGPASSWORD or the pgpass file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

from desktop_app.store.backup import BackupInfo
from desktop_app.store.db import StoreError, describe_target


_NAME_RE = re.compile(r"^server-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.dump$")
_STAMP = "%Y%m%d-%H%M%S"


def list_dumps(folder: Path, place: str = "local") -> list[BackupInfo]:
    """The dumps this program wrote in `folder` (kind "server"), newest first; temporary and
    foreign files are skipped."""
    out: list[BackupInfo] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for e in entries:
        m = _NAME_RE.match(e.name)
        if m is None or not e.is_file():
            continue
        try:
            at = dt.datetime.strptime(m.group("stamp"), _STAMP)
            size = e.stat().st_size
        except (ValueError, OSError):
            continue
        out.append(BackupInfo(Path(e.path), "server", at, size, place))
    out.sort(key=lambda b: (b.at, b.path.name), reverse=True)
    return out


def _free_name(folder: Path, at: dt.datetime) -> Path:
    """server-YYYYmmdd-HHMMSS.dump, or -2, -3 … when a dump of the same second is there."""
    final = folder / f"server-{at:%Y%m%d-%H%M%S}.dump"
    n = 2
    while final.exists():
        final = folder / f"server-{at:%Y%m%d-%H%M%S}-{n}.dump"
        n += 1
    return final


def libpq_url(url: str) -> str:
    """The URL as libpq reads it (no SQLAlchemy driver name)."""
    scheme, rest = url.split(":", 1)
    return "postgresql:" + rest if scheme.startswith(("postgresql", "postgres")) else url


def no_tool_message(url: str) -> str:
    return (f"当前使用的是服务器数据库（{describe_target(url)}），本机没有安装 PostgreSQL 的 pg_dump，"
            "无法在本机备份；服务器数据库的备份由服务器负责（服务器上的 pg_dump 计划任务或托管方的备份），"
            "请向数据库管理员确认。")


def dump(url: str, folder: Path, *, timeout: float = 3600) -> BackupInfo:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise StoreError(no_tool_message(url))
    folder.mkdir(parents=True, exist_ok=True)
    at = dt.datetime.now()
    final = _free_name(folder, at)
    part = folder / f"~{final.name}.part"
    try:
        done = subprocess.run([tool, "--format=custom", "--no-password", f"--file={part}", f"--dbname={libpq_url(url)}"],
                              capture_output=True, text=True, timeout=timeout, env=dict(os.environ))
        if done.returncode != 0:
            raise StoreError("pg_dump 备份失败，数据库未作改动。服务器的回答："
                             + (done.stderr.strip().splitlines() or ["（无）"])[-1])
        lister = shutil.which("pg_restore")
        if lister is not None:
            check = subprocess.run([lister, "--list", str(part)], capture_output=True, text=True, timeout=timeout)
            if check.returncode != 0 or "TABLE DATA" not in check.stdout:
                raise StoreError("备份文件校验未通过（pg_restore --list 读不出表数据），已删除。")
        os.replace(part, final)
    except subprocess.TimeoutExpired:
        raise StoreError("pg_dump 超时未完成，备份已放弃。") from None
    finally:
        if part.exists():
            part.unlink()
    return BackupInfo(final, "server", at, final.stat().st_size, "local")
