"""Workbooks built to hurt (issue 20, points 2 and 3): bounded before any reader allocates.

Each file is a few KB: one stray value far away makes python-calamine allocate the whole
sheet (1.2 GB at Z1048576, 512 GB and SIGABRT at XFD1048576); damaged .xls records make it
reserve absurd room or panic (a BaseException). The size is read from the file's own bytes
first; a panic that still happens is reported as a damaged file.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from desktop_app.documents.xlsx_extent import ExactScan, SheetScan, scan_biff
from desktop_app.documents.xlsx_read import Workbook, open_workbook
from desktop_app.documents.xlsx_safety import WorkbookInfo, WorkbookRefused, check_workbook
from tests.unit import xlsx_factory as xf

ROOT = Path(__file__).resolve().parents[2]


def stray(path: Path, ref: str, *, styled_only: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(["序号", "姓名", "身份证号码"])
    ws.append([1, "张三", xf.ID_F])
    if styled_only:
        ws[ref].font = Font(bold=True)  # formatting only: no value, calamine keeps nothing
    else:
        ws[ref] = "x"
    wb.save(path)
    return path


@pytest.mark.parametrize(("ref", "size"), [("Z1048576", "1048576 行 × 26 列"),
                                            ("CV1048576", "1048576 行 × 100 列"),
                                            ("XFD1048576", "1048576 行 × 16384 列")])
def test_stray_far_cell_refused_before_reading(tmp_path: Path, ref: str, size: str) -> None:
    p = stray(tmp_path / f"stray-{ref}.xlsx", ref)
    assert p.stat().st_size < 8_000
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused) as err:
        check_workbook(p)
    assert time.perf_counter() - started < 5
    message = str(err.value)
    assert p.name in message and "名册" in message and size in message and ref in message


def test_far_formatting_without_value_is_accepted(tmp_path: Path) -> None:
    p = stray(tmp_path / "styled.xlsx", "XFD1048576", styled_only=True)
    with open_workbook(p) as book:
        rows = book.rows("名册")
    assert len(rows) == 2 and rows[1][1:] == ["张三", xf.ID_F]


def test_exact_scan_follows_cells_without_references() -> None:
    xml = (b'<worksheet><sheetData><row r="3"><c><v>1</v></c><c t="s"><v>0</v></c></row>'
           b'<row><c/><c r="E4" s="1"/><c><v>2</v></c></row></sheetData></worksheet>')
    rough = SheetScan()
    rough.feed(xml)
    rough.finish()
    assert rough.needs_exact()  # cells without r="…": positions follow the cell before
    exact = ExactScan()
    for i in range(0, len(xml), 7):  # chunk boundaries anywhere
        exact.feed(xml[i : i + 7])
    extent = exact.finish()
    assert (extent.rows, extent.cols) == (4, 6)  # F4: after the empty E4


def test_prefixed_elements_are_walked(tmp_path: Path) -> None:
    sheet = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>'
             b'<x:row r="900000"><x:c r="ZZ900000"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    good = stray(tmp_path / "base.xlsx", "A3")
    import zipfile

    out = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, data)
    with pytest.raises(WorkbookRefused, match="900000 行 × 702 列"):
        check_workbook(out)


# ---------------------------------------------------------------------------------------------
# .xls (BIFF8)


def _records(data: bytes, start: int):  # type: ignore[no-untyped-def]
    pos = start
    while pos + 4 <= len(data):
        rtype, rlen = struct.unpack_from("<HH", data, pos)
        yield rtype, pos
        if rtype == 0 and rlen == 0:
            return
        pos += 4 + rlen


def small_xls(path: Path) -> tuple[bytearray, int]:
    """An xlwt workbook (its Workbook stream is one run of sectors) and where the stream starts."""
    from desktop_app.documents.xlsx_safety import _ole_streams

    xf.xls_roster(path, [[1, "甲", "张三", "女", "已婚", 34, xf.ID_F, None]])
    data = bytearray(path.read_bytes())
    _ole, streams, _root = _ole_streams(bytes(data))
    start, size = streams["Workbook"]
    assert size >= 4096
    return data, (start + 1) * 512


def patched_xls(path: Path, rtype: int, patch) -> Path:  # type: ignore[no-untyped-def]
    data, start = small_xls(path)
    pos = next(p for t, p in _records(data, start) if t == rtype)
    patch(data, pos + 4)
    path.write_bytes(bytes(data))
    return path


def test_plain_xls_scans_and_reads(tmp_path: Path) -> None:
    data, start = small_xls(tmp_path / "ok.xls")
    sheets = scan_biff(bytes(data[start:]))
    assert [s.name for s in sheets] == ["名册"] and (sheets[0].extent.rows, sheets[0].extent.cols) == (3, 8)
    with open_workbook(tmp_path / "ok.xls") as book:
        assert book.rows("名册")[2][2] == "张三"


def test_xls_stray_far_cell(tmp_path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名册")
    ws.write(0, 0, "姓名")
    ws.write(65535, 255, "x")  # calamine: 65536 × 256 cells, ~1 GB
    wb.save(str(tmp_path / "far.xls"))
    with pytest.raises(WorkbookRefused, match="65536 行 × 256 列.*IV65536"):
        check_workbook(tmp_path / "far.xls")


def test_xls_dimensions_record_claiming_billions_of_cells(tmp_path: Path) -> None:
    # calamine reserves DIMENSIONS' rows × columns up front: this one aborted the process
    p = patched_xls(tmp_path / "dims.xls", 0x0200,
                    lambda d, at: struct.pack_into("<IIHH", d, at, 0, 0xFFFFFFFF, 0, 0xFF))
    with pytest.raises(WorkbookRefused, match="声明的数据区域.*4294967295 行"):
        check_workbook(p)


def test_xls_sheet_offset_past_the_end(tmp_path: Path) -> None:
    p = patched_xls(tmp_path / "bound.xls", 0x0085, lambda d, at: struct.pack_into("<I", d, at, 0xFFFFFF))
    with pytest.raises(WorkbookRefused, match="已损坏"):
        check_workbook(p)
    # Past the check (it is the reader's edge that matters here): calamine panics with a
    # BaseException; it comes out as a refusal naming the file.
    with pytest.raises(WorkbookRefused, match="bound.xls.*已损坏"):
        Workbook(WorkbookInfo(p, "xls", p.stat().st_size))


def test_xls_impossible_shared_string_count(tmp_path: Path) -> None:
    p = patched_xls(tmp_path / "sst.xls", 0x00FC, lambda d, at: struct.pack_into("<i", d, at + 4, -5))
    with pytest.raises(WorkbookRefused, match="已损坏"):
        check_workbook(p)


def test_cli_damaged_xls_exit_code_is_not_one(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    p = patched_xls(tmp_path / "bound.xls", 0x0085, lambda d, at: struct.pack_into("<I", d, at, 0xFFFFFF))
    code, out, err = run_cli("roster", "import", str(p), "--dry-run")
    assert code == 2
    assert "bound.xls" in err and "已损坏" in err and "Traceback" not in err + out


def test_cli_reader_panic_is_a_damaged_file(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A panic the checks did not foresee still ends as exit code 2 with a Chinese sentence."""
    from desktop_app.documents import xlsx_read

    p = patched_xls(tmp_path / "bound.xls", 0x0085, lambda d, at: struct.pack_into("<I", d, at, 0xFFFFFF))
    monkeypatch.setattr(xlsx_read, "check_workbook", lambda path: WorkbookInfo(Path(path), "xls", 1))
    from desktop_app.services import roster_import

    monkeypatch.setattr(roster_import, "check_workbook", lambda path: WorkbookInfo(Path(path), "xls", 1))
    code, out, err = run_cli("roster", "import", str(p), "--dry-run")
    assert code == 2 and "已损坏" in err and "Traceback" not in err + out


def test_cli_turns_any_reader_panic_into_exit_code_2(data_root: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from desktop_app.cli import run_command

    class PanicException(BaseException):  # the name pyo3 gives its panics
        pass

    def boom(app, args):  # type: ignore[no-untyped-def]
        raise PanicException("index out of range")

    args = argparse.Namespace(data_dir=str(data_root), verbose=False, command="x", needs_app=False, func=boom)
    assert run_command(args) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "index out of range" not in err


def test_hostile_workbooks_stay_under_300_mb(tmp_path: Path) -> None:
    """Whole import detection of each hostile file in a fresh process: peak memory and time."""
    files = [stray(tmp_path / f"s-{r}.xlsx", r) for r in ("Z1048576", "CV1048576", "XFD1048576")]
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wb.add_sheet("名册").write(65535, 255, "x")
    wb.save(str(tmp_path / "far.xls"))
    files.append(tmp_path / "far.xls")
    files.append(patched_xls(tmp_path / "dims.xls", 0x0200,
                             lambda d, at: struct.pack_into("<IIHH", d, at, 0, 0xFFFFFFFF, 0, 0xFF)))
    script = (
        "import json, sys, time\n"
        "from desktop_app.services.roster_import import detect\n"
        "from desktop_app.services.import_plan import ImportRefused\n"
        "out = []\n"
        "for f in sys.argv[1:]:\n"
        "    t = time.perf_counter()\n"
        "    try:\n"
        "        detect(f)\n"
        "        out.append('accepted')\n"
        "    except ImportRefused as e:\n"
        "        out.append(round(time.perf_counter() - t, 2))\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(json.dumps({'results': out, 'hwm_kb': int(hwm)}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *map(str, files)], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert all(isinstance(t, float) and t < 5 for t in report["results"]), report
    assert report["hwm_kb"] < 300 * 1024, report


def _rewrite(src: Path, out: Path, part: str, change) -> Path:  # type: ignore[no-untyped-def]
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, change(data) if info.filename == part else data)
    return out


def test_merged_range_over_the_whole_sheet(tmp_path: Path) -> None:
    """openpyxl (the error report's copy) makes an object for every merged cell: a merge to
    XFD1048576 is 17 billion of them. Refused from the file's bytes in milliseconds."""
    wb = openpyxl.Workbook()
    wb.active.title = "名册"
    wb.active.append(["姓名", "身份证号码"])
    wb.active.merge_cells("C1:D2")
    wb.save(tmp_path / "small.xlsx")
    p = _rewrite(tmp_path / "small.xlsx", tmp_path / "merge.xlsx", "xl/worksheets/sheet1.xml",
                 lambda d: d.replace(b'ref="C1:D2"', b'ref="C1:XFD1048576"'))
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused, match="合并单元格的范围过大（共 17,177,772,032 个单元格）"):
        check_workbook(p)
    assert time.perf_counter() - started < 4  # milliseconds normally; the unchecked read takes minutes
    assert check_workbook(tmp_path / "small.xlsx").kind == "xlsx"


def test_xls_merged_range_over_the_whole_sheet(tmp_path: Path) -> None:
    p = patched_xls(tmp_path / "merge.xls", 0x00E5,
                    lambda d, at: struct.pack_into("<HHHHH", d, at, 1, 0, 65535, 0, 255))
    with pytest.raises(WorkbookRefused, match="合并单元格的范围过大"):
        check_workbook(p)


def test_shared_string_count_beyond_the_part(tmp_path: Path) -> None:
    """calamine reserves room for uniqueCount strings before reading one: 4,294,967,295
    aborted the process (SIGABRT)."""
    import zipfile

    src = stray(tmp_path / "base.xlsx", "A3")
    out = tmp_path / "sst.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("xl/sharedStrings.xml",
                      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                      ' count="1" uniqueCount="4294967295"><si><t>a</t></si></sst>')
    with pytest.raises(WorkbookRefused, match="sst.xlsx.*已损坏"):
        check_workbook(out)


def test_error_report_refused_past_its_memory_budget(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The report copies the file in openpyxl's normal mode (~500 bytes a cell): past
    REPORT_MAX_CELLS it is refused in words; the check itself still runs and lists problems."""
    from desktop_app.documents import xlsx_errors

    src = xf.roster_236(tmp_path / "r.xlsx", [xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
                                              xf.person(2, "李四", "男", "未婚", 43, 440306198002290519)])
    cells = check_workbook(src).cells
    assert 20 <= cells <= 40  # title, two header rows, two people
    monkeypatch.setattr(xlsx_errors, "REPORT_MAX_CELLS", cells - 1)
    code, out, err = run_cli("roster", "import", str(src), "--dry-run", "--report", str(tmp_path / "back.xlsx"))
    assert code == 2 and "无法生成错误标注文件" in err and f"{cells:,}" in err
    assert not (tmp_path / "back.xlsx").exists()
    monkeypatch.setattr(xlsx_errors, "REPORT_MAX_CELLS", cells)
    code, out, err = run_cli("roster", "import", str(src), "--dry-run", "--report", str(tmp_path / "back.xlsx"))
    assert code == 1 and (tmp_path / "back.xlsx").exists()
