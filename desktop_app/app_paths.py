"""Where things live: bundled resources (source tree or PyInstaller bundle) and the data folder.

Data folder precedence: --data-dir > UNIONLEDGER_HOME > portable marker beside the executable
> the platform's user data folder (Windows %LOCALAPPDATA%\\UnionLedger).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop_app import APP_NAME

ENV_HOME = "UNIONLEDGER_HOME"
PORTABLE_MARKER = "portable"


def bundle_root() -> Path:
    """The folder holding resources/, db/, ui/ (sys._MEIPASS when frozen)."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def db_scripts_path() -> Path:
    return bundle_root() / "db"


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return bundle_root()


def is_portable() -> bool:
    return getattr(sys, "frozen", False) and (executable_dir() / PORTABLE_MARKER).exists()


def default_data_dir() -> Path:
    if is_portable():
        return executable_dir() / "data"
    from platformdirs import user_data_dir

    # appauthor=False keeps %LOCALAPPDATA%\UnionLedger (no vendor sub-folder).
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    if cli_value:
        path = Path(cli_value)
    elif os.environ.get(ENV_HOME):
        path = Path(os.environ[ENV_HOME])
    else:
        path = default_data_dir()
    return path.expanduser().resolve()


class DataDir:
    """The data folder's layout."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def database(self) -> Path:
        return self.root / "unionledger.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> "DataDir":
        for p in (self.root, self.backups, self.logs):
            p.mkdir(parents=True, exist_ok=True)
        restrict_data_dir(self.root)
        return self


PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Files and folders this process creates are its user's alone (POSIX): the store, logs,
    backups and exports hold identity numbers (issue 20: they were 0644 in a 0755 folder).
    On Windows the data folder is under the per-user profile, which already is private."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def restrict_data_dir(root: Path) -> None:
    """The data folder 0700, and what the program keeps in it 0600 / 0700 (its database files,
    the audit key, logs/, backups/, exports/ and their files): stores made by earlier versions
    get the same protection. Other things a user keeps there are left alone. Best effort: a
    file system without permissions (a FAT stick) is left as it is."""
    if os.name != "posix":
        return
    try:
        os.chmod(root, 0o700)
        for child in root.iterdir():
            if not (child.name.startswith(_OURS) or child.name in _OUR_FOLDERS):
                continue
            _restrict(child)
            if child.name in _OUR_FOLDERS and child.is_dir() and not child.is_symlink():
                for grandchild in child.iterdir():
                    _restrict(grandchild)
    except OSError:
        pass


_OURS = ("unionledger.sqlite3", "audit-key.bin", "unionledger-")
_OUR_FOLDERS = {"logs", "backups", "exports"}


def _restrict(p: Path) -> None:
    try:
        if p.is_symlink():
            return
        mode = p.stat().st_mode & 0o777
        wanted = 0o700 if p.is_dir() else 0o600
        if mode & 0o077:
            os.chmod(p, mode & 0o700 | (wanted if p.is_dir() else 0))
    except OSError:
        pass
