"""Backups a clerk can trust: consistent copies, verified before they get their final name.

Every backup is made through the SQLite backup API inside one read transaction (so the row
counts compared afterwards belong to the same snapshot), written under a temporary name
(``~….part``), switched to a self-contained rollback-journal file, verified (integrity check,
schema revision known and not newer than this program, row counts equal to the source's), and
only then renamed to ``unionledger-<kind>-<stamp>.sqlite3``. A kill at any point leaves either
nothing or a ``~….part`` that :func:`clean_leftovers` removes at the next start; never a file a
clerk would take for a complete backup.

Copies to another place (a USB stick, a network folder) are made from a verified local backup:
temporary name, fsync, read back and compared by SHA-256, rename. A full or write-protected
target gets a Chinese message and no partial file.

A restore (:func:`restore_file`) copies the chosen file to the local disk, verifies the copy,
takes a pre-restore backup of the current store, closes every connection, removes the old
``-wal``/``-shm`` (an old WAL replayed onto the new file would corrupt it) and renames the copy
over the store; a damaged or newer file is refused before anything changed.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.durable_files import fsync_dir

log = logging.getLogger(__name__)

PREFIX = "unionledger-"
SUFFIX = ".sqlite3"
KINDS = ("auto", "manual", "pre-migration", "pre-restore")
KIND_LABELS = {"auto": "自动", "manual": "手动", "pre-migration": "升级前", "pre-restore": "恢复前",
               "server": "服务器"}  # a pg_dump of a server store (store/server_backup.py)
_NAME_RE = re.compile(r"^unionledger-(auto|manual|pre-restore|before-(?P<rev>[0-9A-Za-z_]+))-"
                      r"(?P<stamp>\d{8}-\d{6})(?:-\d+)?(?:-damaged)?\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"
# only our own temporary names (~8 hex digits.<name>.part, and SQLite's files beside them):
# a clerk's "~报告.partial.docx" on the same stick is never touched
_TEMP_RE = re.compile(r"^~[0-9a-f]{8}\..+\.part(?:-journal|-wal|-shm)?$")
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
SQLITE_MAGIC = b"SQLite format 3\x00"
RETENTION = {"daily": 7, "weekly": 4, "monthly": 12}


class BackupError(Exception):
    """A backup or restore problem the clerk must be told about (message in Chinese)."""


@dataclass
class BackupInfo:
    path: Path
    kind: str
    at: dt.datetime
    size: int
    place: str = "local"

    def to_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "kind": self.kind, "at": self.at.isoformat(timespec="seconds"),
                "size": self.size, "place": self.place}


@dataclass
class Verified:
    path: Path
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.problems:
            return "；".join(self.problems)
        return (f"备份文件完好：数据库版本 {self.revision}，记录 {self.counts.get('records', 0):,} 条，"
                f"人员 {self.counts.get('people', 0):,} 人。")


# ---------------------------------------------------------------- names and listing

def backup_name(kind: str, at: dt.datetime, revision: str | None = None) -> str:
    label = f"before-{revision}" if kind == "pre-migration" else kind
    return f"{PREFIX}{label}-{at.strftime(_STAMP)}{SUFFIX}"


def parse_name(name: str) -> tuple[str, dt.datetime] | None:
    m = _NAME_RE.match(name)
    if not m:
        return None
    kind = m.group(1)
    if kind.startswith("before-"):
        kind = "pre-migration"
    try:
        return kind, dt.datetime.strptime(m.group("stamp"), _STAMP)
    except ValueError:
        return None


def list_backups(folder: Path, place: str = "local") -> list[BackupInfo]:
    """Completed backups in `folder`, newest first (temporary and foreign files are skipped)."""
    out: list[BackupInfo] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for e in entries:
        parsed = parse_name(e.name)
        if parsed is None or not e.is_file():
            continue
        try:
            size = e.stat().st_size
        except OSError:
            continue
        out.append(BackupInfo(Path(e.path), parsed[0], parsed[1], size, place))
    out.sort(key=lambda b: (b.at, b.path.name), reverse=True)
    return out


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 2
    while target.exists():
        target = folder / name.replace(SUFFIX, f"-{n}{SUFFIX}")
        n += 1
    return target


def _temp_path(folder: Path, name: str) -> Path:
    return folder / f"~{uuid.uuid4().hex[:8]}.{name}.part"


# ---------------------------------------------------------------- revisions

def known_revisions() -> set[str]:
    """Revisions of this program's migration scripts (read plainly, no Alembic import)."""
    from desktop_app.app_paths import db_scripts_path

    found: set[str] = set()
    for f in (db_scripts_path() / "versions").glob("*.py"):
        m = re.search(r"""^revision\s*(?::[^=]*)?=\s*['"]([0-9A-Za-z_]+)['"]""", f.read_text(encoding="utf-8"), re.MULTILINE)
        if m:
            found.add(m.group(1))
    return found


# ---------------------------------------------------------------- verification

def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: int(con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def verify_file(path: Path, expected_counts: dict[str, int] | None = None, name: str | None = None) -> Verified:
    """Integrity, schema revision (known, not newer), and optionally row counts. The file is
    opened read-only and never changed. `name`: the file's name as the clerk knows it."""
    result = Verified(Path(path), None)
    shown = name or Path(path).name
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        result.problems.append(f"无法读取文件“{path}”（{exc.strerror or exc}）")
        return result
    if not head.startswith(SQLITE_MAGIC):
        result.problems.append(f"“{shown}”不是工会实事台账的数据库备份文件（文件头不对，可能已损坏或不完整）")
        return result
    if head[18:20] == b"\x02\x02":
        result.problems.append(f"“{shown}”是运行中数据库的直接拷贝（WAL 模式），不是完整的备份文件")
        return result
    try:
        con = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        result.problems.append(f"无法打开“{shown}”（{exc}）")
        return result
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            result.problems.append(f"“{shown}”已损坏（完整性检查未通过：{rows[0][0]}）")
            return result
        try:
            revs = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
        except sqlite3.Error:
            revs = []
        if len(revs) != 1:
            result.problems.append(f"“{shown}”不是工会实事台账的数据库（没有数据库版本记录）")
            return result
        result.revision = revs[0]
        if revs[0] not in known_revisions():
            result.problems.append(f"“{shown}”由更新版本的程序创建（数据库版本 {revs[0]}），本程序无法使用；"
                                   "请先安装最新版本")
            return result
        result.counts = table_counts(con)
        if expected_counts is not None and result.counts != expected_counts:
            diff = [k for k in sorted(set(result.counts) | set(expected_counts))
                    if result.counts.get(k) != expected_counts.get(k)]
            result.problems.append(f"备份的行数与数据库不符（{'、'.join(diff)}）")
    except sqlite3.DatabaseError as exc:
        result.problems.append(f"“{shown}”已损坏或不是数据库文件（{exc}）")
    finally:
        con.close()
    return result


# ---------------------------------------------------------------- making backups

def _remove(*paths: Path) -> None:
    for p in paths:
        for extra in ("", "-journal", "-wal", "-shm"):
            try:
                Path(str(p) + extra).unlink(missing_ok=True)
            except OSError:
                pass


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_problem(exc: OSError, folder: Path) -> BackupError:
    code = exc.errno
    if isinstance(exc, PermissionError) or code in _READ_ONLY:
        return BackupError(f"无法写入文件夹“{folder}”：该位置是只读的或没有写入权限（U 盘可能开启了写保护）。"
                           "请换一个文件夹，或取消写保护后重试。没有留下不完整的备份文件。")
    if code in _FULL or getattr(exc, "winerror", None) in (39, 112):
        return BackupError(f"文件夹“{folder}”所在的磁盘或 U 盘空间不足，备份未完成。请清理空间或换一个位置后重试。"
                           "没有留下不完整的备份文件。")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return BackupError(f"文件夹“{folder}”不存在或已被移除（U 盘是否已拔出？），请重新选择位置。")
    return BackupError(f"无法写入文件夹“{folder}”（{exc.strerror or exc}）。没有留下不完整的备份文件。")


def _snapshot(db_path: Path, tmp: Path) -> dict[str, int]:
    """Copy the live store into `tmp` and return the source's row counts of the same snapshot."""
    src = sqlite3.connect(str(db_path), isolation_level=None)
    dst = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        src.execute("PRAGMA busy_timeout=5000")
        src.execute("BEGIN")  # one read transaction: counts and pages of the same moment
        counts = table_counts(src)
        src.backup(dst)
        src.execute("COMMIT")
        # A self-contained file: no -wal needed next to it, readable read-only anywhere.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    return counts


def create_backup(db_path: Path, folder: Path, kind: str, *, revision: str | None = None,
                  now: dt.datetime | None = None) -> BackupInfo:
    """A verified backup of `db_path` in `folder` (local disk). BackupError on any failure,
    with no file left behind."""
    assert kind in KINDS, kind
    if not Path(db_path).exists():
        raise BackupError(f"数据库文件不存在：{db_path}")
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_problem(exc, folder) from exc
    at = (now or dt.datetime.now()).replace(microsecond=0)
    name = backup_name(kind, at, revision)
    tmp = _temp_path(folder, name)
    try:
        counts = _snapshot(Path(db_path), tmp)
        _fsync_file(tmp)
        checked = verify_file(tmp, counts)
        if not checked.ok:
            raise BackupError(f"备份校验失败，未保存：{checked.message()}")
        final = _free_name(folder, name)
        os.replace(tmp, final)
        fsync_dir(folder)
    except OSError as exc:
        _remove(tmp)
        raise write_problem(exc, folder) from exc
    except sqlite3.Error as exc:
        _remove(tmp)
        if "full" in str(exc).lower():
            raise write_problem(OSError(errno.ENOSPC, str(exc)), folder) from exc
        raise BackupError(f"备份失败（{exc}）。没有留下不完整的备份文件。") from exc
    except BaseException:
        _remove(tmp)
        raise
    log.info("backup %s written (%s)", final, kind)
    return BackupInfo(final, kind, at, final.stat().st_size)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def copy_verified(source: Path, folder: Path, name: str | None = None) -> Path:
    """Copy a finished (not live) backup file to another folder: temporary name, fsync, read
    back and compare, rename. BackupError with no partial file on failure."""
    folder = Path(folder)
    if not folder.is_dir():
        raise write_problem(FileNotFoundError(errno.ENOENT, "not a folder", str(folder)), folder)
    name = name or source.name
    tmp = _temp_path(folder, name)
    try:
        with open(source, "rb") as src, open(tmp, "xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        if _sha256(tmp) != _sha256(source):
            raise BackupError(f"复制到“{folder}”后读回比对不一致（U 盘可能有故障），已删除该副本。")
        final = _free_name(folder, name)
        os.replace(tmp, final)
        fsync_dir(folder)
    except OSError as exc:
        _remove(tmp)
        raise write_problem(exc, folder) from exc
    except BaseException:
        _remove(tmp)
        raise
    return final


# ---------------------------------------------------------------- retention and leftovers

def to_keep(backups: Iterable[BackupInfo], rule: dict[str, int] | None = None) -> set[Path]:
    """Automatic backups kept by the rule (newest of each of the last 7 days, 4 ISO weeks,
    12 months, as in borg prune); every other kind is always kept."""
    rule = rule or RETENTION
    autos = sorted((b for b in backups if b.kind == "auto"), key=lambda b: b.at, reverse=True)
    keep: set[Path] = set()
    periods: dict[str, Callable[[dt.datetime], object]] = {
        "daily": lambda t: t.date(),
        "weekly": lambda t: t.isocalendar()[:2],
        "monthly": lambda t: (t.year, t.month),
    }
    for period, n in rule.items():
        seen: set[object] = set()
        for b in autos:
            key = periods[period](b.at)
            if key in seen:
                continue
            if len(seen) >= n:
                break
            seen.add(key)
            keep.add(b.path)
    return keep


def prune(folder: Path, rule: dict[str, int] | None = None) -> list[Path]:
    """Delete the automatic backups the retention rule does not keep; returns them."""
    backups = list_backups(folder)
    keep = to_keep(backups, rule)
    gone = []
    for b in backups:
        if b.kind == "auto" and b.path not in keep:
            try:
                b.path.unlink()
                gone.append(b.path)
            except OSError:
                log.warning("could not delete old backup %s", b.path)
    return gone


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove what an interrupted backup left: temporary ``~….part`` files (and their
    journals), and backups of earlier versions written in place that still have a
    ``-journal`` beside them (half-written: 'file is not a database' when copied alone)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    names = {e.name for e in entries}
    for e in entries:
        n = e.name
        doomed = bool(_TEMP_RE.match(n)) or (
            n.startswith(PREFIX) and n.endswith(SUFFIX) and f"{n}-journal" in names)
        doomed = doomed or (n.startswith(PREFIX) and n.endswith(f"{SUFFIX}-journal"))
        if doomed:
            try:
                os.unlink(e.path)
                removed.append(Path(e.path))
            except OSError:
                pass
    if removed:
        log.info("removed leftovers of interrupted backups: %s", [p.name for p in removed])
    return removed


# ---------------------------------------------------------------- restore

def stage_copy(source: Path, folder: Path) -> Path:
    """A private copy of a file chosen by the clerk, on the local disk, to verify and restore
    from (the original on the stick is never opened for writing)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(folder, "restore" + SUFFIX)
    try:
        with open(source, "rb") as src, open(tmp, "xb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
    except OSError as exc:
        _remove(tmp)
        raise BackupError(f"无法读取备份文件“{source}”（{exc.strerror or exc}）。数据未作改动。") from exc
    except BaseException:
        _remove(tmp)
        raise
    _standalone(tmp)
    return tmp


def _standalone(path: Path) -> None:
    """A database file copied by hand from a closed program is still marked WAL: make our
    private copy a one-file database (its -wal, if any, was not copied and holds nothing
    the program had not already written back when it closed)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
        if head.startswith(SQLITE_MAGIC) and head[18:20] == b"\x02\x02":
            con = sqlite3.connect(str(path), isolation_level=None)
            try:
                con.execute("PRAGMA journal_mode=DELETE")
            finally:
                con.close()
            _remove_siblings(path)
    except (OSError, sqlite3.Error):
        pass  # verify_file reports what is wrong with it


def _remove_siblings(path: Path) -> None:
    for extra in ("-wal", "-shm"):
        try:
            Path(f"{path}{extra}").unlink(missing_ok=True)
        except OSError:
            pass


def changes_since(db_path: Path, backup: Path) -> dict[str, dict[str, int]]:
    """What restoring `backup` would lose: records and people added, changed or deleted in the
    store since the backup (compared by id and updated_at/revision)."""
    con = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    out: dict[str, dict[str, int]] = {}
    try:
        con.execute("ATTACH DATABASE ? AS b", (f"{Path(backup).resolve().as_uri()}?mode=ro",))
        def one(sql: str, table: str) -> int:
            return int(con.execute(sql.format(t=table)).fetchone()[0])

        for table in ("records", "people"):
            out[table] = {
                "added": one("SELECT count(*) FROM main.{t} m WHERE NOT EXISTS (SELECT 1 FROM b.{t} x WHERE x.id = m.id)", table),
                "changed": one("SELECT count(*) FROM main.{t} m JOIN b.{t} x ON x.id = m.id"
                               " WHERE m.updated_at IS NOT x.updated_at OR m.revision IS NOT x.revision", table),
                "deleted": one("SELECT count(*) FROM b.{t} x WHERE NOT EXISTS (SELECT 1 FROM main.{t} m WHERE m.id = x.id)", table),
            }
    finally:
        con.close()
    return out


def quiesce(db_path: Path) -> None:
    """Checkpoint and leave WAL mode: afterwards the store is one file with no -wal. Leaving WAL
    needs every other connection closed, so BackupError when another program (the GUI, a
    second command) still has the store open; then nothing is changed."""
    if not db_path.exists():
        return
    con = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        con.execute("PRAGMA busy_timeout=2000")
        mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupError("数据库正被另一个程序窗口使用（例如图形界面仍开着），请先关闭它再恢复。数据未作改动。") from exc
        mode = "delete"  # a damaged store: nothing in its log worth keeping
    except sqlite3.DatabaseError:
        mode = "delete"
    finally:
        con.close()
    if str(mode).lower() != "delete":
        raise BackupError("数据库正被另一个程序窗口使用（例如图形界面仍开着），请先关闭它再恢复。数据未作改动。")


def replace_store(staged: Path, db_path: Path) -> None:
    """Put a verified staged copy in place of the (closed, checkpointed) store."""
    for extra in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{extra}").unlink(missing_ok=True)  # never replay an old log onto the new file
    os.replace(staged, db_path)
    fsync_dir(db_path.parent)
