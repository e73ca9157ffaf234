"""Full and read-only disks (issue 20, point 8): every write to a place the clerk chose gives
one Chinese message (where, why, what to do) — no English strerror, no "Exception ignored in
ZipFile.__del__", no traceback — and leaves no partial file.

The disk is simulated (the tests run as root, which ignores folder permissions): every file
opened for writing in the target folder either refuses to open (EROFS) or accepts a few KB
and then raises ENOSPC, as a nearly full USB stick does.
"""

from __future__ import annotations

import errno
import gc
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.unit import xlsx_factory as xf

ENGLISH = ("No space", "Read-only", "Errno", "Exception ignored", "Traceback", "Permission denied")


class _FillingFile:
    """A file that takes ``budget`` bytes, then says the disk is full."""

    def __init__(self, real: Any, budget: int) -> None:
        self._real, self._left = real, budget

    def write(self, data: Any) -> int:
        if len(data) > self._left:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._left -= len(data)
        return self._real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._real)


def broken_disk(monkeypatch: pytest.MonkeyPatch, folder: Path, kind: str, budget: int = 2048) -> None:
    real_open = io.open
    folder = folder.resolve()

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        writing = any(c in mode for c in "wax+")
        inside = isinstance(file, (str, os.PathLike)) and Path(os.fspath(file)).resolve().parent == folder
        if writing and inside:
            if kind == "read-only":
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(file))
            return _FillingFile(real_open(file, mode, *args, **kwargs), budget)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr("builtins.open", fake_open)


@pytest.fixture()
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What would be printed as "Exception ignored in: …" (a ZipFile's __del__ and the like)."""
    seen: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(f"{u.object!r}: {u.exc_value!r}"))
    return seen


def assert_one_chinese_message(code: int, out: str, err: str, folder: Path, reason: str) -> None:
    gc.collect()
    assert code == 2, (out, err)
    assert err.startswith("错误：") and err.count("错误：") == 1, err
    assert str(folder) in err and reason in err, err
    assert "请" in err  # what to do
    assert not any(word in err + out for word in ENGLISH), err
    assert list(folder.iterdir()) == [], "a partial or temporary file was left"


@pytest.fixture()
def stick(tmp_path: Path) -> Path:
    p = tmp_path / "U盘"
    p.mkdir()
    return p


REASONS = {"full": "磁盘空间已满", "read-only": "只能读、不能写"}


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_roster_template(run_cli, monkeypatch, stick: Path, unraisable: list[str], kind: str) -> None:  # type: ignore[no-untyped-def]
    broken_disk(monkeypatch, stick, kind)
    code, out, err = run_cli("roster", "template", "2-3-6", "--out", str(stick / "模板.xlsx"))
    assert_one_chinese_message(code, out, err, stick, REASONS[kind])
    assert unraisable == []


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_roster_import_report(run_cli, monkeypatch, tmp_path: Path, stick: Path,  # type: ignore[no-untyped-def]
                              unraisable: list[str], kind: str) -> None:
    src = xf.roster_236(tmp_path / "r.xlsx", [xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
                                              xf.person(2, "李四", "男", "未婚", 43, 440306198002290519)])
    broken_disk(monkeypatch, stick, kind)
    code, out, err = run_cli("roster", "import", str(src), "--dry-run", "--report", str(stick / "错误标注.xlsx"))
    assert_one_chinese_message(code, "", err, stick, REASONS[kind])
    assert unraisable == []


def _record_with_roster(run_cli, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    rows = tmp_path / "rows.json"
    people = [{"name": f"职工{i}", "id_number": xf.make_id(seq=100 + i), "unit": "甲公司"} for i in range(300)]
    rows.write_text(json.dumps(people), encoding="utf-8")
    code, out, err = run_cli("record", "add", "--form", "2-3-6", "--project", "QP2023-03", "--data", str(rows),
                             "--draft", "--json")
    assert code in (0, 1), err
    return int(json.loads(out)["id"])


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_roster_exports(run_cli, monkeypatch, tmp_path: Path, stick: Path,  # type: ignore[no-untyped-def]
                        unraisable: list[str], kind: str) -> None:
    rid = _record_with_roster(run_cli, tmp_path)
    broken_disk(monkeypatch, stick, kind)
    code, out, err = run_cli("roster", "export", "--record", str(rid), "--out", str(stick / "名册.xlsx"), "--mask")
    assert_one_chinese_message(code, out, err, stick, REASONS[kind])
    code, out, err = run_cli("roster", "export-list", "--form", "2-3-6", "--out", str(stick / "列表.xlsx"), "--mask")
    assert_one_chinese_message(code, out, err, stick, REASONS[kind])
    assert unraisable == []


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_pdf(run_cli, monkeypatch, tmp_path: Path, stick: Path, unraisable: list[str], kind: str) -> None:  # type: ignore[no-untyped-def]
    rid = _record_with_roster(run_cli, tmp_path)
    broken_disk(monkeypatch, stick, kind)
    code, out, err = run_cli("pdf", str(rid), "--out", str(stick / "表.pdf"))
    assert_one_chinese_message(code, out, err, stick, REASONS[kind])
    assert unraisable == []


def test_package_folder_message_has_no_english(tmp_path: Path) -> None:
    """The exchange writer's messages (packages, receipts, key slips, calendars, reports) for
    errors other than full / read-only: Chinese reason, not strerror."""
    from desktop_app.documents.package_io import write_error

    text = str(write_error(OSError(errno.EIO, "Input/output error"), tmp_path))
    assert "磁盘读写出错" in text and "Input/output" not in text and str(tmp_path) in text


def test_disk_error_words() -> None:
    from desktop_app.disk_errors import WriteFailed, chinese, describe

    full = OSError(errno.ENOSPC, "No space left on device", "/media/u/名册.xlsx")
    assert describe(full) == ("无法写入“/media/u/名册.xlsx”：磁盘空间已满。"
                              "请删除不需要的文件腾出空间，或换一个位置（另一块磁盘或 U 盘）后重试。")
    wrapped = WriteFailed(full, "/media/u/名册.xlsx")
    assert str(wrapped).endswith("没有留下不完整的文件。") and chinese(wrapped) == str(wrapped)
    assert isinstance(wrapped, OSError) and wrapped.errno == errno.ENOSPC
    win = OSError(errno.EINVAL, "The process cannot access the file")
    win.winerror = 32  # type: ignore[attr-defined]
    assert "正被其他程序占用" in chinese(win)
    assert "系统错误（错误代码 99）" in chinese(OSError(99, "weird"))


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_exchange_package_to_a_full_or_protected_stick(tmp_path: Path, stick: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                      capsys, unraisable: list[str], kind: str) -> None:
    from desktop_app.__main__ import main
    from desktop_app.documents import package_format as pf
    from tests.unit.exchange_helpers import TOWN_KEYS, add_record, make_id, open_office

    monkeypatch.setattr(pf, "KDF_LOG2N", 10)
    monkeypatch.delenv("UNIONLEDGER_PASSPHRASE", raising=False)
    town = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    add_record(town, "甲物流公司", [("李四", make_id(1)), ("王五", make_id(2))])
    town.close()
    key = tmp_path / "口令.txt"
    key.write_text(TOWN_KEYS["ZJJ"], encoding="utf-8")
    real_open = io.open
    broken_disk(monkeypatch, stick, kind, budget=256)
    args = ["--data-dir", str(tmp_path / "ZJJ"), "exchange", "export", "--out", str(stick), "--passphrase-file", str(key)]
    code = main(args)
    out = capsys.readouterr()
    reason = {"full": "空间不足", "read-only": "只读"}[kind]
    assert_one_chinese_message(code, out.out, out.err, stick, reason)
    assert unraisable == []
    monkeypatch.setattr(io, "open", real_open)  # the stick works again: the same package (number 1)
    monkeypatch.setattr("builtins.open", real_open)
    code = main([*args, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert json.loads(out.out)["sequence"] == 1 and len(list(stick.iterdir())) == 1
