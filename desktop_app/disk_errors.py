"""Chinese words for what the disk said (issue 20, point 8: full and read-only disks).

A write to a place the clerk chose (a report, a template, an export, a package, a receipt, a
PDF) that fails must say in one Chinese sentence where, why and what to do — never the
English ``strerror`` ("No space left on device", "Read-only file system"). Used by every
layer (documents, services, CLI, GUI), so it lives beside ``app_paths``; no I/O here.
"""

from __future__ import annotations

import errno
import os

_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("磁盘空间已满", "请删除不需要的文件腾出空间，或换一个位置（另一块磁盘或 U 盘）后重试。"),
    errno.EROFS: ("该位置只能读、不能写（U 盘可能打开了写保护开关）",
                  "请关闭 U 盘侧面的写保护开关，或换一个位置保存。"),
    errno.EACCES: ("没有写入这个位置的权限，或文件正被其他程序（如 Excel、PDF 阅读器）打开",
                   "请关闭正在使用该文件的程序，或换一个文件夹（如“文档”或桌面）后重试。"),
    errno.EPERM: ("系统不允许写入这个位置", "请换一个文件夹（如“文档”或桌面）后重试。"),
    errno.ENOENT: ("文件夹不存在（U 盘可能已被拔出）", "请确认文件夹存在、U 盘已插好，或换一个位置。"),
    errno.ENOTDIR: ("路径中有一部分不是文件夹", "请重新选择保存位置。"),
    errno.EISDIR: ("同名的文件夹已存在", "请换一个文件名。"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "请换一个短一些的文件名或文件夹。"),
    errno.EIO: ("磁盘读写出错（U 盘或磁盘可能已损坏或被拔出）", "请检查 U 盘或磁盘后重试，必要时换一个位置。"),
    errno.EBUSY: ("文件正被其他程序占用", "请关闭正在使用该文件的程序后重试。"),
    errno.EMFILE: ("打开的文件太多", "请关闭一些窗口或重新启动本程序后重试。"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = ("磁盘配额已用完", "请删除不需要的文件或联系管理员后重试。")
_WINERROR = {  # Windows sets winerror; errno is then often EINVAL/EACCES
    32: errno.EBUSY,  # ERROR_SHARING_VIOLATION: open in Excel
    33: errno.EBUSY,  # ERROR_LOCK_VIOLATION
    112: errno.ENOSPC,  # ERROR_DISK_FULL
    39: errno.ENOSPC,  # ERROR_HANDLE_DISK_FULL
    19: errno.EROFS,  # ERROR_WRITE_PROTECT
    21: errno.EIO,  # ERROR_NOT_READY (stick pulled)
}


def _code(exc: BaseException) -> int | None:
    win = getattr(exc, "winerror", None)
    if win in _WINERROR:
        return _WINERROR[win]
    return getattr(exc, "errno", None)


def why(exc: BaseException) -> str:
    """The reason, in Chinese."""
    code = _code(exc)
    if code in _REASONS:
        return _REASONS[code][0]
    return f"系统错误（错误代码 {code}）" if code else "系统错误"


def advice(exc: BaseException) -> str:
    code = _code(exc)
    if code in _REASONS:
        return _REASONS[code][1]
    return "请换一个位置后重试；如仍不行，请把日志文件交给技术支持。"


def describe(exc: BaseException, path: str | os.PathLike[str] | None = None, *, action: str = "写入") -> str:
    """"无法写入“…”：磁盘空间已满。请……" — where, why, what to do; no English."""
    where = path if path is not None else (getattr(exc, "filename", None) or "")
    target = f"“{os.fspath(where)}”" if where else "文件"
    return f"无法{action}{target}：{why(exc)}。{advice(exc)}"


class WriteFailed(OSError):
    """An OSError already put into words: ``str()`` is the Chinese sentence of :func:`describe`."""

    def __init__(self, exc: OSError, path: str | os.PathLike[str] | None = None, *, action: str = "写入",
                 nothing_left: bool = True) -> None:
        super().__init__(exc.errno, why(exc), os.fspath(path) if path is not None else exc.filename)
        self.message = describe(exc, path, action=action) + ("没有留下不完整的文件。" if nothing_left else "")

    def __str__(self) -> str:
        return self.message


def chinese(exc: BaseException, *, action: str = "读写") -> str:
    """The sentence for any OSError (a WriteFailed keeps its own)."""
    if isinstance(exc, WriteFailed):
        return exc.message
    return describe(exc, action=action)
