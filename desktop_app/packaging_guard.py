"""Installed-program guard: the data folder never lies inside the installation folder.

An installer update or uninstall replaces or deletes the program folder; a database kept
there would go with it (and under Program Files it would not even be writable). Only the
portable mode (a `portable` marker file beside the executable) keeps its data in
`<program folder>/data`, on purpose.

Only a frozen program has an installation folder: run from source this check passes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_app import app_paths
from desktop_app.services.errors import ServiceError


class DataDirInsideInstallDir(ServiceError):
    """The chosen data folder is inside the program's installation folder."""


def _is_within(path: Path, folder: Path) -> bool:
    a = os.path.normcase(str(path.resolve()))
    b = os.path.normcase(str(folder.resolve()))
    return a == b or a.startswith(b.rstrip("\\/") + os.sep)


def check_data_dir_location(
    path: str | os.PathLike[str],
    *,
    install_dir: str | os.PathLike[str] | None = None,
    portable: bool | None = None,
) -> Path:
    """Return `path` resolved, or raise DataDirInsideInstallDir (a Chinese message).

    `install_dir` defaults to the frozen executable's folder (None when run from source,
    which disables the check); `portable` defaults to `app_paths.is_portable()`.
    """
    data = Path(path).expanduser().resolve()
    if install_dir is None:
        if not getattr(sys, "frozen", False):
            return data
        install_dir = app_paths.executable_dir()
    if portable is None:
        portable = app_paths.is_portable()
    if portable:
        return data
    install = Path(install_dir)
    if _is_within(data, install):
        raise DataDirInsideInstallDir(
            f"数据文件夹 {data} 位于程序安装文件夹 {install.resolve()} 之内。"
            "升级或卸载程序时会连同数据一起被删除，因此程序拒绝使用它。"
            "请改用默认的数据文件夹（不要设置 --data-dir 或 UNIONLEDGER_HOME），"
            "或指定安装文件夹以外的文件夹。"
        )
    return data
