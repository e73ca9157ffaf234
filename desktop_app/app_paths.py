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
        return self
