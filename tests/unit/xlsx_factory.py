"""Hand-made messy workbooks for the Excel tests (built in the tests, never shipped)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

from desktop_app.core.ids import check_char


def make_id(birth: str = "19890517", seq: int = 2, region: str = "310118") -> str:
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + check_char(first17)


# Valid numbers used across the tests (gender from the 17th digit).
ID_F = "31011819890517002X"  # female, 1989-05-17 (DOMAIN §5)
ID_M = "440306198002290519"  # male, 1980-02-29 (DOMAIN §5)


def roster_236(path: Path, rows: list[list[Any]], *, title: bool = True, merged: bool = True,
               headers: list[str] | None = None) -> Path:
    """A 2-3-6 roster as enterprises send it: title row, two-level 婚否 header (rows 2–3)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "体检名册"
    r = 1
    if title:
        ws["A1"] = "2023 年青浦工会各类职工健康体检名册"
        ws.merge_cells("A1:I1")
        r = 2
    hdr = headers or ["序号", "单 位", "姓名", "性别", "婚否", None, "年龄", "身份证号码", "手机"]
    for c, h in enumerate(hdr, start=1):
        ws.cell(row=r, column=c, value=h)
    ws.cell(row=r + 1, column=5, value="已婚")
    ws.cell(row=r + 1, column=6, value="未婚")
    if merged:
        for c in "ABCDGHI":
            ws.merge_cells(f"{c}{r}:{c}{r + 1}")
        ws.merge_cells(f"E{r}:F{r}")
    for i, row in enumerate(rows, start=r + 2):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(row=i, column=c, value=v)
    wb.save(path)
    return path


def person(seq: int, name: str, gender: str, married: str | None, age: Any, id_number: Any,
           phone: Any = None, unit: str = "青浦甲公司") -> list[Any]:
    return [seq, unit, name, gender, "√" if married == "已婚" else None,
            "√" if married == "未婚" else None, age, id_number, phone]


def simple_sheet(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def xls_roster(path: Path, rows: list[list[Any]]) -> Path:
    """An old .xls (BIFF8 via xlwt): title merged over the header, one header row."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名册")
    ws.write_merge(0, 0, 0, 7, "2023 年青浦工会各类职工健康体检名册")
    for c, h in enumerate(["序号", "单位名称", "职工姓名", "性别", "婚姻状况", "年龄", "公民身份号码", "联系电话"]):
        ws.write(1, c, h)
    for r, row in enumerate(rows, start=2):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    wb.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# Hostile files


def zip_bomb(path: Path, megabytes: int = 60) -> Path:
    """A 'workbook' whose sheet part is tens of MB of zeros compressed to a few KB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                fh.write(block)
    return path


def zip_many(path: Path, members: int = 3000) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(members):
            zf.writestr(f"xl/media/p{i}.bin", b"x")
    return path


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal OLE2 compound file (512-byte sectors) holding the given streams.

    Stream data ≥ 4096 bytes lives in regular sectors; smaller streams are declared with
    their size but no data (enough for directory-level checks)."""
    ssz = 512
    names = list(streams)
    data_sectors: list[bytes] = []
    starts: dict[str, int] = {}
    first_data = 2  # 0 = FAT, 1 = directory
    for name in names:
        payload = streams[name]
        if len(payload) >= 4096:
            starts[name] = first_data + len(data_sectors)
            padded = payload + b"\0" * (-len(payload) % ssz)
            data_sectors += [padded[i : i + ssz] for i in range(0, len(padded), ssz)]
        else:
            starts[name] = 0xFFFFFFFE
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for name in names:
        start = starts[name]
        if start == 0xFFFFFFFE:
            continue
        count = -(-len(streams[name]) // ssz)
        fat += [start + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (ssz // 4 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 40, 0, 1, 1, 0)  # dir sectors, FAT sectors, first dir, txn
    struct.pack_into("<IIIII", header, 56, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))

    def entry(name: str, etype: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[: len(raw)] = raw
        struct.pack_into("<H", e, 64, len(raw))
        e[66] = etype
        struct.pack_into("<III", e, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0)
    for name in names:
        directory += entry(name, 2, starts[name], len(streams[name]))
    directory += b"\0" * (-len(directory) % ssz)
    body = struct.pack(f"<{ssz // 4}I", *fat[: ssz // 4]) + directory[:ssz] + b"".join(data_sectors)
    path.write_bytes(bytes(header) + body)
    return path


def biff_with_filepass() -> bytes:
    """A Workbook stream starting BOF, FILEPASS (a password-protected .xls)."""
    bof = struct.pack("<HH", 0x0809, 16) + b"\0" * 16
    filepass = struct.pack("<HH", 0x002F, 6) + b"\x01\0\x01\0\x01\0"
    return (bof + filepass).ljust(4608, b"\0")


def id_ending_x(birth: str = "19900101", region: str = "310118", odd: bool = True) -> str:
    """A valid number whose check character is X (for the lower-case x tests)."""
    for seq in range(1 if odd else 2, 999, 2):
        number = make_id(birth, seq, region)
        if number.endswith("X"):
            return number
    raise AssertionError("no such number")
