"""Backup and restore, the use cases (store/backup.py does the file work).

- Daily automatic backup at the first start of a day (GUI or a CLI command that opens the
  store), in a background thread so the start is not held up; kept by the retention rule
  (7 daily, 4 weekly, 12 monthly) and copied to the second place (a USB stick or a network
  folder) when it is set and present.
- Manual backup, to the backups folder or to a folder the clerk chooses.
- Verify a file; restore a file (verify first, pre-restore backup, then replace).

The second place and the time of the last off-PC copy live in ``backup-settings.json`` in the
data folder, not in the database: a restore must not forget where the backups go.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.services.errors import ServiceError
from desktop_app.store import backup as bk

if TYPE_CHECKING:
    from desktop_app.app_paths import DataDir
    from desktop_app.services.app import App

log = logging.getLogger(__name__)
SETTINGS_FILE = "backup-settings.json"
ENV_AUTO = "UNIONLEDGER_AUTO_BACKUP"  # "0" turns the daily backup off (benchmarks)


class BackupRefused(ServiceError):
    pass


# A store on a PostgreSQL server (issue 15): a seat makes pg_dump copies but never restores.
SERVER_RESTORE = ("当前使用的是服务器数据库，不能在座席上恢复：服务器数据库的恢复由数据库管理员在服务器上"
                  "用 pg_restore 完成（见 README“区总工会的服务器”一节），以免覆盖其他座席正在使用的数据。")


# ---------------------------------------------------------------- settings

def load_settings(data_dir: DataDir) -> dict[str, Any]:
    try:
        value = json.loads((data_dir.root / SETTINGS_FILE).read_text(encoding="utf-8"))
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def save_settings(data_dir: DataDir, settings: dict[str, Any]) -> None:
    path = data_dir.root / SETTINGS_FILE
    tmp = path.with_name(f"~{SETTINGS_FILE}.part")
    tmp.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def second_place(data_dir: DataDir) -> Path | None:
    value = load_settings(data_dir).get("second_place")
    return Path(value) if value else None


def set_second_place(data_dir: DataDir, folder: str | Path | None) -> Path | None:
    """Set (or clear with None/"") the second place. The folder must exist and be writable
    now; later, when it is absent (stick not plugged in), copies just wait."""
    settings = load_settings(data_dir)
    if not folder:
        settings.pop("second_place", None)
        save_settings(data_dir, settings)
        return None
    path = Path(folder).expanduser().resolve()
    if not path.is_dir():
        raise BackupRefused(f"文件夹“{path}”不存在（U 盘是否已插好？），请重新选择。")
    if data_dir.root.resolve() in (path, *path.parents):
        raise BackupRefused("异地备份位置不能在数据文件夹之内：请选择 U 盘或网络文件夹。")
    probe = path / f"~unionledger-probe-{os.getpid()}.part"
    try:
        probe.write_bytes(b"x")
        probe.unlink()
    except OSError as exc:
        raise BackupRefused(str(bk.write_problem(exc, path))) from exc
    settings["second_place"] = str(path)
    save_settings(data_dir, settings)
    return path


def last_offsite(data_dir: DataDir) -> dict[str, Any] | None:
    value = load_settings(data_dir).get("last_offsite")
    return value if isinstance(value, dict) else None


def offsite_line(data_dir: DataDir, today: dt.date | None = None) -> str:
    """The home page's line about the last copy that left this PC."""
    if on_server(data_dir):  # issue 15: nothing of the store is on this PC's disk
        return "数据在服务器数据库上，由服务器的备份保护（设置 → 备份与恢复 可用 pg_dump 另存一份）。"
    place = second_place(data_dir)
    last = last_offsite(data_dir)
    if place is None:
        return "最近一次异地备份：尚未设置异地备份位置（设置 → 备份与恢复），备份只在本机硬盘上。"
    if not last:
        return f"最近一次异地备份：还没有（异地位置 {place} 未接入时会在下次接入后自动复制）。"
    at = dt.datetime.fromisoformat(last["at"])
    days = ((today or dt.date.today()) - at.date()).days
    ago = "今天" if days == 0 else ("昨天" if days == 1 else f"{days} 天前")
    warn = "，请插入 U 盘或连接网络文件夹" if days > 7 else ""
    return f"最近一次异地备份：{at:%Y-%m-%d %H:%M}（{ago}），位置 {last.get('folder', place)}{warn}。"


# ---------------------------------------------------------------- daily backup

def auto_due(data_dir: DataDir, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return not any(b.kind == "auto" and b.at.date() == today for b in bk.list_backups(data_dir.backups))


def copy_offsite(data_dir: DataDir, source: bk.BackupInfo) -> Path | None:
    """Copy a verified local backup to the second place when it is set and present."""
    place = second_place(data_dir)
    if place is None or not place.is_dir():
        return None
    copied = bk.copy_verified(source.path, place)
    bk.clean_leftovers(place)
    bk.prune(place)
    settings = load_settings(data_dir)
    settings["last_offsite"] = {"at": dt.datetime.now().isoformat(timespec="seconds"), "folder": str(place),
                                "file": copied.name}
    save_settings(data_dir, settings)
    return copied


def daily_backup(data_dir: DataDir) -> bk.BackupInfo:
    made = bk.create_backup(data_dir.database, data_dir.backups, "auto")
    bk.prune(data_dir.backups)
    try:
        copy_offsite(data_dir, made)
    except bk.BackupError as exc:
        log.warning("copy to the second place failed: %s", exc)
    return made


class DailyBackup:
    """The day's automatic backup in a background thread (the start is not held up). In the
    GUI it begins `delay` seconds after the start, when the first window is up; closing the
    program before then skips it (the next start makes it)."""

    def __init__(self, data_dir: DataDir, delay: float = 0.0) -> None:
        self.data_dir = data_dir
        self.delay = delay
        self.result: bk.BackupInfo | None = None
        self.error: str | None = None
        self.skipped = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._main, name="unionledger-daily-backup", daemon=True)

    def start(self) -> DailyBackup:
        self._thread.start()
        return self

    def _main(self) -> None:
        if self.delay and self._stop.wait(self.delay):
            self.skipped = True
            return
        self._run()

    def _run(self) -> None:
        try:
            self.result = daily_backup(self.data_dir)
            log.info("daily backup: %s", self.result.path)
        except Exception as exc:
            self.error = str(exc)
            log.warning("daily backup failed: %s", exc, exc_info=not isinstance(exc, bk.BackupError))

    def wait(self, timeout: float | None = None) -> None:
        """Finish: a backup under way is waited for; one still waiting to begin is skipped."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)


def start_daily_backup(data_dir: DataDir, created_now: bool, delay: float = 0.0) -> DailyBackup | None:
    """At the first start of a day: a backup unless the store was only just created."""
    if os.environ.get(ENV_AUTO, "1") == "0" or created_now or not data_dir.database.exists():
        return None
    if not auto_due(data_dir):
        place = second_place(data_dir)
        last = last_offsite(data_dir)
        if place is not None and place.is_dir() and (not last or last.get("at", "")[:10] != dt.date.today().isoformat()):
            latest = next((b for b in bk.list_backups(data_dir.backups) if b.kind == "auto"), None)
            if latest is not None:  # the stick came back later in the day: copy today's backup now
                job = DailyBackup(data_dir, delay)
                job._run = lambda: _offsite_only(job, latest)  # type: ignore[method-assign]  # this job only copies
                return job.start()
        return None
    return DailyBackup(data_dir, delay).start()


def _offsite_only(job: DailyBackup, latest: bk.BackupInfo) -> None:
    try:
        copy_offsite(job.data_dir, latest)
    except Exception as exc:  # noqa: BLE001
        job.error = str(exc)
        log.warning("copy to the second place failed: %s", exc)


# ---------------------------------------------------------------- manual, list, verify

def on_server(data_dir: DataDir) -> bool:
    """The folder's store is a PostgreSQL server (issue 15), not its SQLite file."""
    from desktop_app.services.app import database_target
    from desktop_app.store.db import is_server_url

    target = database_target(data_dir)
    return isinstance(target, str) and is_server_url(target)


def require_local(data_dir: DataDir) -> None:
    """Backups and restores here are of the data folder's SQLite file; a store on a
    PostgreSQL server is backed up by the server's own tools."""
    if on_server(data_dir):
        raise BackupRefused("本单位的数据库在 PostgreSQL 服务器上：备份与恢复由服务器管理员用服务器的备份工具"
                            "（如 pg_dump）完成，本程序的备份只针对本机数据库。")


def _require(app: App, act: str) -> None:
    from desktop_app.services.operators import require

    with app.session() as s:
        require(s, act)


def create(app: App, out_dir: str | Path | None = None) -> bk.BackupInfo:
    """A manual backup in the backups folder and, with `out_dir`, a verified copy there.
    A server store (issue 15): pg_dump's custom format into the backups folder or `out_dir`,
    or a clear refusal saying the server's own backups apply."""
    _require(app, "backup")  # issue 15: services.permissions
    if app.store.url is not None:  # a server store
        from desktop_app.store.db import StoreError
        from desktop_app.store.server_backup import dump

        try:
            made = dump(app.store.url, Path(out_dir).expanduser() if out_dir else app.data_dir.backups)
        except StoreError as exc:
            raise BackupRefused(str(exc)) from None
        if out_dir is not None:  # listed with the rest, as a local store's copies are
            _remember_folder(app.data_dir, made.path.parent)
            made.place = "chosen"
        return made
    app.wait_for_backup()
    try:
        made = bk.create_backup(app.data_dir.database, app.data_dir.backups, "manual")
        if out_dir is None:
            return made
        folder = Path(out_dir).expanduser()
        bk.clean_leftovers(folder)
        copied = bk.copy_verified(made.path, folder)
    except bk.BackupError as exc:
        raise BackupRefused(str(exc)) from None
    _remember_folder(app.data_dir, folder)
    return bk.BackupInfo(copied, "manual", made.at, copied.stat().st_size, "chosen")


def _remember_folder(data_dir: DataDir, folder: Path) -> None:
    """The five most recent folders of manual backups (list_all looks there too)."""
    settings = load_settings(data_dir)
    folders = [str(folder.resolve())] + [f for f in settings.get("manual_folders", []) if f != str(folder.resolve())]
    settings["manual_folders"] = folders[:5]
    save_settings(data_dir, settings)


def list_all(data_dir: DataDir) -> list[bk.BackupInfo]:
    """Backups in the backups folder, the second place and the folders of recent manual
    backups, newest first: copies of the SQLite file and pg_dump files of a server store."""
    from desktop_app.store.server_backup import list_dumps

    def listed(folder: Path, where: str) -> list[bk.BackupInfo]:
        return bk.list_backups(folder, where) + list_dumps(folder, where)

    found = listed(data_dir.backups, "local")
    place = second_place(data_dir)
    if place is not None:
        found += listed(place, "offsite")
    for f in load_settings(data_dir).get("manual_folders", []):
        if place is None or Path(f) != place:
            found += listed(Path(f), "chosen")
    seen: set[Path] = set()
    out = []
    for b in sorted(found, key=lambda b: (b.at, b.place == "local"), reverse=True):
        if b.path.resolve() not in seen:
            seen.add(b.path.resolve())
            out.append(b)
    return out


def _staged(data_dir: DataDir, file: str | Path) -> Path:
    path = Path(file).expanduser()
    if not path.is_file():
        raise BackupRefused(f"找不到备份文件“{path}”。")
    try:
        return bk.stage_copy(path, data_dir.backups)
    except bk.BackupError as exc:
        raise BackupRefused(str(exc)) from None


def verify(data_dir: DataDir, file: str | Path) -> bk.Verified:
    """Verify a backup file (on a private local copy: the file itself is not touched)."""
    staged = _staged(data_dir, file)
    try:
        result = bk.verify_file(staged, name=Path(file).name)
        result.path = Path(file)
        return result
    finally:
        staged.unlink(missing_ok=True)


# ---------------------------------------------------------------- restore

@dataclass
class RestorePreview:
    file: Path
    verified: bk.Verified
    lost: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def lost_records(self) -> int:
        r = self.lost.get("records", {})
        return sum(r.values())

    @property
    def lost_people(self) -> int:
        p = self.lost.get("people", {})
        return sum(p.values())

    def warning(self) -> str:
        r, p = self.lost.get("records", {}), self.lost.get("people", {})
        if not self.lost_records and not self.lost_people:
            return "自这个备份以来，记录和人员都没有改动，恢复后不会丢失任何记录。"
        return (f"恢复后，自这个备份以来的改动将全部丢失：记录 新增 {r.get('added', 0)} 条、修改 {r.get('changed', 0)} 条、"
                f"删除 {r.get('deleted', 0)} 条（恢复后回到备份时的样子）；人员 新增 {p.get('added', 0)} 人、"
                f"修改 {p.get('changed', 0)} 人。恢复前会先自动备份当前数据。")


@dataclass
class RestoreResult:
    file: Path
    pre_restore: Path | None
    revision: str | None
    lost: dict[str, dict[str, int]]
    migrated: bool

    @property
    def message(self) -> str:
        return (f"已从“{self.file.name}”恢复数据库（数据库版本 {self.revision}"
                f"{'，已升级到本程序的版本' if self.migrated else ''}）。"
                + (f"恢复前的数据已备份为 {self.pre_restore.name}，如需撤销，可再从该文件恢复。" if self.pre_restore else ""))

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.file), "pre_restore": str(self.pre_restore) if self.pre_restore else None, "revision": self.revision,
                "lost": self.lost, "migrated": self.migrated, "message": self.message}


def _changes(data_dir: DataDir, staged: Path) -> dict[str, dict[str, int]]:
    import sqlite3

    try:
        return bk.changes_since(data_dir.database, staged)
    except sqlite3.Error as exc:  # the current store cannot be read (damaged): nothing to count
        log.warning("changes since the backup not counted: %s", exc)
        return {}


def preview(data_dir: DataDir, file: str | Path) -> RestorePreview:
    """Verify the file and count what restoring it would lose. BackupRefused when it is
    damaged or newer than this program."""
    require_local(data_dir)
    staged = _staged(data_dir, file)
    try:
        verified = bk.verify_file(staged, name=Path(file).name)
        if not verified.ok:
            raise BackupRefused(f"不能用这个文件恢复：{verified.message()}。数据未作改动。")
        return RestorePreview(Path(file), verified, _changes(data_dir, staged))
    finally:
        staged.unlink(missing_ok=True)


def _pre_restore_copy(data_dir: DataDir) -> Path:
    try:
        return bk.create_backup(data_dir.database, data_dir.backups, "pre-restore").path
    except bk.BackupError as exc:
        # The store itself may be damaged (the reason to restore): keep it as it is, raw.
        log.warning("pre-restore backup failed (%s); keeping a raw copy", exc)
        name = bk.backup_name("pre-restore", dt.datetime.now().replace(microsecond=0))
        target = data_dir.backups / name.replace(bk.SUFFIX, f"-damaged{bk.SUFFIX}")
        tmp = data_dir.backups / f"~{target.name}.part"
        try:
            shutil.copyfile(data_dir.database, tmp)
            os.replace(tmp, target)
        except OSError as exc2:
            tmp.unlink(missing_ok=True)
            raise BackupRefused(f"恢复前无法备份当前数据（{exc2.strerror or exc2}），未恢复，数据未作改动。") from None
        return target


def restore(data_dir: DataDir, file: str | Path, app: App | None = None) -> RestoreResult:
    """Replace the store by a backup: verified private copy → pre-restore backup → every
    connection closed → old -wal/-shm removed → rename → migrate when older. With `app`, its
    engine is disposed first and the next session opens the restored file; without, the
    store need not even open (a damaged store is what a restore is for)."""
    from desktop_app.store.db import StoreError
    from desktop_app.store.migrate import migrate

    if app is not None:  # without: the CLI, whose store may not even open
        _require(app, "restore")  # issue 15: services.permissions
    require_local(data_dir)
    if app is not None:
        app.wait_for_backup()
    data_dir.ensure()
    staged = _staged(data_dir, file)
    try:
        verified = bk.verify_file(staged, name=Path(file).name)
        if not verified.ok:
            raise BackupRefused(f"不能用这个文件恢复：{verified.message()}。数据未作改动。")
        lost = _changes(data_dir, staged)
        pre = _pre_restore_copy(data_dir) if data_dir.database.exists() else None
        if app is not None:
            app.store.engine.dispose()
        try:
            bk.quiesce(data_dir.database)
        except bk.BackupError as exc:
            raise BackupRefused(str(exc)) from None
        bk.replace_store(staged, data_dir.database)
    finally:
        staged.unlink(missing_ok=True)
    log.info("store restored from %s (pre-restore copy %s)", file, pre)
    try:
        result = migrate(data_dir.database, data_dir.backups)
    except StoreError as exc:
        raise BackupRefused(f"已恢复，但升级数据库失败：{exc}") from None
    from desktop_app.services.audit import audit
    from desktop_app.store.db import Store

    store = app.store if app is not None else Store(data_dir.database)
    try:
        if app is not None:
            app.store.engine.dispose()
            app.after_restore()
        with store.transaction() as s:
            audit(s, "restore", "store", None, None, {"file": str(file), "pre_restore": pre.name if pre else None,
                                                       "revision": verified.revision})
    finally:
        if app is None:
            store.close()
    return RestoreResult(Path(file), pre, verified.revision, lost, result.before != result.after)
