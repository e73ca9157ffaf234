"""Clumsy and hostile small inputs (issue 20, points 5 and 6): passphrase files, record JSON,
and a roster given to `record add` (linear, capped)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from desktop_app.services.errors import ValidationFailed
from desktop_app.services.exchange_common import resolve_passphrase
from tests.unit import xlsx_factory as xf

SECRET = "青浦2023口令 abc"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16", "utf-16-be-bom"])
def test_passphrase_file_encodings(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "口令.txt"
    if encoding == "utf-16-be-bom":
        p.write_bytes(b"\xfe\xff" + (SECRET + "\r\n第二行").encode("utf-16-be"))
    else:
        p.write_bytes((SECRET + "\r\n第二行").encode(encoding))  # Notepad: "ANSI" is GBK, "Unicode" UTF-16
    assert resolve_passphrase(file=p) == SECRET


def refusal(path: Path) -> str:
    done: list[str] = []

    def run() -> None:
        try:
            resolve_passphrase(file=path)
            done.append("accepted")
        except ValidationFailed as exc:
            done.append(str(exc))

    t = threading.Thread(target=run, daemon=True)
    started = time.perf_counter()
    t.start()
    t.join(5)
    assert done, "reading the passphrase file blocked"
    assert time.perf_counter() - started < 4  # at once normally; a blocking read never returns
    return done[0]


def test_passphrase_file_undecodable_bytes(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(b"\x80\x81\xff abc")
    message = refusal(p)
    assert "bad.txt" in message and "UTF-8" in message and "另存为" in message
    p.write_bytes("abc".encode("utf-16-le"))  # UTF-16 without its BOM: NULs, not text
    assert "不是可识别的文本" in refusal(p)


def test_passphrase_file_too_big_or_empty(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"a" * 10_000)
    assert "超过 4 KB" in refusal(p)
    (tmp_path / "empty.txt").write_bytes(b"\xef\xbb\xbf\r\n")
    assert "是空的" in refusal(tmp_path / "empty.txt")
    assert "找不到" in refusal(tmp_path / "missing.txt")
    assert "文件夹" in refusal(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFO")
def test_passphrase_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    message = refusal(fifo)
    assert "管道" in message and "不是普通文件" in message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX device")
def test_passphrase_device_is_refused_without_reading() -> None:
    message = refusal(Path("/dev/zero"))
    assert "设备" in message


# ---------------------------------------------------------------------------------------------
# Record JSON


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(("text", "expected"), [
    ('[{"name":"张三","id_number":"%s","age":%d}]' % (xf.ID_F, 2**63), "“年龄”（age）的值数字 9223372036854775808 超出范围"),
    ('[{"name":"张三","id_number":"%s","seq":%d}]' % (xf.ID_F, -(2**64)), "超出范围"),
    ("[" * 50_000 + "]" * 50_000, "嵌套层数过多"),
    ('{"rows":' * 3000 + "1" + "}" * 3000, "嵌套层数过多"),
    ('[{"name":["张三"],"id_number":"%s"}]' % xf.ID_F, "“姓名”（name）的值应为文字或数字，不能是列表或对象"),
    ('[{"name":"张三","id_number":{"x":1}}]', "“身份证号码”（id_number）的值应为文字或数字"),
    ("[1, 2]", "名册第 1 行必须是以字段名为键的 JSON 对象，而不是数字"),
    ('[{"name":"张三","id_number":"%s","age":NaN}]' % xf.ID_F, "非数字的数值"),
    ('[{"name":"张三","id_number":"%s","age":1e400}]' % xf.ID_F, "超出范围"),
])
def test_record_json_refused_in_words(tmp_path: Path, run_cli, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    data = write(tmp_path, "rows.json", text)
    code, out, err = run_cli("record", "add", "--form", "2-3-6", "--project", "QP2023-03", "--data", str(data))
    assert code == 2, (out, err)
    assert expected in err and "内部错误" not in err
    code, out, _ = run_cli("record", "list", "--json")
    assert json.loads(out) == []  # nothing stored


def test_record_json_values_on_a_plain_form(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    data = write(tmp_path, "v.json", json.dumps({"unit_name": ["甲"]}))
    code, _, err = run_cli("record", "add", "--form", "2-3-2", "--project", "QP2023-01", "--data", str(data))
    assert code == 2 and "内部错误" not in err and ("单位名称" in err or "没有这些字段" in err or "项目" in err)


def test_record_json_from_a_fifo_is_refused(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(os, "mkfifo"):
        pytest.skip("POSIX FIFO")
    fifo = tmp_path / "rows.json"
    os.mkfifo(fifo)
    code, _, err = run_cli("record", "add", "--form", "2-3-6", "--project", "QP2023-03", "--data", str(fifo))
    assert code == 2 and "不是普通文件" in err


# ---------------------------------------------------------------------------------------------
# A roster in `record add`: linear, capped


def rows_of(n: int, start: int = 0) -> list[dict[str, str]]:
    out = []
    for i in range(start, start + n):
        number = xf.make_id(birth=f"19{60 + i % 40:02d}0{1 + i % 9}{10 + i % 18}", seq=i % 1000,
                            region=str(310101 + i // 1000))
        out.append({"name": f"职工{i}", "id_number": number, "unit": "甲公司"})
    return out


def statements_for(app, rows: list[dict[str, str]]) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    from desktop_app.services.records import parse_input, save_record

    count = [0]

    def seen(*_args) -> None:  # type: ignore[no-untyped-def]
        count[0] += 1

    event.listen(app.store.engine, "before_cursor_execute", seen)
    try:
        with app.transaction() as s:
            save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-6",
                        data=parse_input(app.specs["2-3-6"], rows), draft=True)
    finally:
        event.remove(app.store.engine, "before_cursor_execute", seen)
    return count[0]


def test_record_add_roster_work_does_not_grow_with_rows(app) -> None:  # type: ignore[no-untyped-def]
    """The same number of SQL statements for 40 and for 480 people (a query and a flush per
    person made 10,000 rows take 110 s); existing people are found in the same bulk query."""
    small = statements_for(app, rows_of(40))
    large = statements_for(app, rows_of(480, start=1000))
    again = statements_for(app, rows_of(480, start=1000))  # all known now: updates, no inserts
    assert large == small, (small, large)
    assert again <= large + 2
    from sqlalchemy import func, select

    from desktop_app.store.models import Person, RosterEntry

    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 520
        assert s.scalar(select(func.count()).select_from(RosterEntry)) == 40 + 480 + 480


def test_record_add_roster_keeps_first_entry_of_a_repeated_person(app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.records import parse_input, roster_rows, save_record

    rows = rows_of(3)
    rows.append({**rows[1], "name": "改名"})
    with app.transaction() as s:
        result = save_record(s, app.specs, project_code="QP2023-03", form_code="2-3-6",
                             data=parse_input(app.specs["2-3-6"], rows), draft=True)
        entries = sorted(result.record.entries, key=lambda e: e.seq)
        assert [e.seq for e in entries] == [1, 2, 3]
        assert entries[1].person.name == "改名"  # later rows update the registry, as before
        assert len(roster_rows(result.record, app.specs["2-3-6"])) == 4  # the typed rows kept


def test_record_add_roster_cap(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.records import MAX_ROSTER_ROWS

    rows = [{"name": "张三", "id_number": xf.ID_F}] * (MAX_ROSTER_ROWS + 1)
    data = write(tmp_path, "many.json", json.dumps(rows))
    code, _, err = run_cli("record", "add", "--form", "2-3-6", "--project", "QP2023-03", "--data", str(data))
    assert code == 2 and f"{MAX_ROSTER_ROWS + 1:,} 行" in err and "上限" in err

