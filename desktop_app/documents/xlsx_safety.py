"""Check a workbook file before any parser sees it (PITFALLS §2, §6 items 40–42).

An .xlsx/.xlsm is a zip of XML parts; an .xls is an OLE2 compound file. Enterprise files
arrive by e-mail and USB stick, so before python-calamine or openpyxl touch one we check:
it exists and is readable, its size, its magic bytes, and for a zip the member count, the
member names (no absolute paths, no "..", no drive letters or backslashes), the declared
and the *actual* uncompressed sizes (streamed and counted, never trusted, never extracted)
and the compression ratio of big members; XML parts must not declare a DOCTYPE (billion
laughs). An encrypted .xlsx is an OLE2 file holding "EncryptedPackage": refused with a
message that says how to fix it. Every refusal is a :class:`WorkbookRefused` whose text is
a Chinese sentence naming the file.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from desktop_app.disk_errors import why
from desktop_app.documents.xlsx_extent import (
    MAX_SHEET_CELLS,
    BiffDamaged,
    ExactScan,
    SheetScan,
    scan_biff,
    shared_strings_problem,
    sheet_parts,
    size_message,
    too_big,
)

MAX_FILE_BYTES = 100 * 1024 * 1024  # the file itself (a 100,000-row roster is ~5 MB)
MAX_MEMBERS = 2_000  # a real workbook has a few dozen parts
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, checked for members bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_SHEET_PART = re.compile(r"^xl/(worksheets|macrosheets|dialogsheets)/[^/]+\.xml$")


class WorkbookRefused(ValueError):
    """The file is not a workbook we will open; ``str()`` is a Chinese sentence."""


@dataclass(frozen=True)
class WorkbookInfo:
    path: Path
    kind: str  # "xlsx" (zip: .xlsx / .xlsm) or "xls" (OLE2 BIFF8)
    size: int
    members: int = 0
    uncompressed: int = 0
    macros: bool = False  # an .xlsm (vbaProject.bin present): macros are never run, only read past
    cells: int = 0  # filled cells of all sheets (what a copy in openpyxl's normal mode costs)


def check_workbook(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_members: int = MAX_MEMBERS,
    max_total: int = MAX_TOTAL_UNCOMPRESSED,
) -> WorkbookInfo:
    """Refuse (WorkbookRefused) anything that is not a plain, sane workbook file."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise WorkbookRefused(f"找不到文件“{p}”。")
    if not p.is_file():
        raise WorkbookRefused(f"“{name}”不是文件。")
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise WorkbookRefused(f"无法读取文件“{name}”（{why(exc)}）。") from exc
    if size == 0:
        raise WorkbookRefused(f"文件“{name}”是空文件（0 字节），不是 Excel 工作簿。")
    if size > max_bytes:
        raise WorkbookRefused(
            f"文件“{name}”有 {size / 1048576:.0f} MB，超过 {max_bytes // 1048576} MB 上限，"
            "不像是名册，已拒绝导入。"
        )
    if head.startswith(OLE_MAGIC):
        return _check_ole(p, size)
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        return _check_zip(p, size, max_members, max_total)
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        raise WorkbookRefused(
            f"文件“{name}”是网页或 XML 文本（常见于系统导出的“假 xls”），不是真正的 Excel 工作簿。"
            "请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）再导入。"
        )
    raise WorkbookRefused(
        f"文件“{name}”不是 Excel 工作簿（.xlsx / .xlsm / .xls），无法导入。"
        "如果是 CSV 或 WPS 文件，请用 Excel 另存为 .xlsx 后再导入。"
    )


# ---------------------------------------------------------------------------------------------
# zip (.xlsx / .xlsm)


def _bad_name(member: str) -> bool:
    if not member or "\x00" in member or "\\" in member:
        return True
    if member.startswith("/") or (len(member) > 1 and member[1] == ":"):
        return True
    return any(part == ".." for part in member.split("/"))


def _check_zip(p: Path, size: int, max_members: int, max_total: int) -> WorkbookInfo:
    name = p.name
    damaged = f"文件“{name}”已损坏（不是完整的 Excel 工作簿），无法导入。请让对方重新保存后再发送。"
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile as exc:
        raise WorkbookRefused(damaged) from exc
    except OSError as exc:
        raise WorkbookRefused(f"无法读取文件“{name}”（{why(exc)}）。") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise WorkbookRefused(
                f"文件“{name}”内含 {len(infos)} 个部件，超过 {max_members} 个上限，疑似压缩炸弹，已拒绝。"
            )
        names = {i.filename for i in infos}
        for info in infos:
            if _bad_name(info.filename):
                raise WorkbookRefused(
                    f"文件“{name}”内含非法路径“{info.filename}”，疑似恶意文件，已拒绝。"
                )
            if info.flag_bits & 0x1:
                raise WorkbookRefused(f"文件“{name}”的内容已加密，无法导入。请取消密码后再导入。")
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            if "xl/workbook.bin" in names:
                raise WorkbookRefused(
                    f"文件“{name}”是 Excel 二进制工作簿（.xlsb），暂不支持。请另存为 .xlsx 后再导入。"
                )
            raise WorkbookRefused(
                f"文件“{name}”是压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml），无法导入。"
            )
        declared = sum(i.file_size for i in infos)
        if declared > max_total:
            raise WorkbookRefused(_bomb(name, declared, max_total))
        for info in infos:
            if info.file_size > MAX_MEMBER_UNCOMPRESSED:
                raise WorkbookRefused(_bomb(name, info.file_size, MAX_MEMBER_UNCOMPRESSED))
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise WorkbookRefused(
                    f"文件“{name}”中“{info.filename}”的压缩比超过 {MAX_RATIO} 倍，疑似压缩炸弹，已拒绝。"
                )
        sheets = _sheet_parts(zf, names)
        counted: list[int] = []
        total = _stream_count(zf, infos, name, max_total, damaged, sheets, counted)
    return WorkbookInfo(p, "xlsx", size, len(infos), total, "xl/vbaProject.bin" in names, sum(counted))


def _bomb(name: str, amount: int, cap: int) -> str:
    return (
        f"文件“{name}”解压后有 {amount / 1048576:.0f} MB，超过 {cap // 1048576} MB 上限，"
        "疑似压缩炸弹，已拒绝。"
    )


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet parts → sheet names: those the workbook names, and any under xl/*sheets/."""
    small = 4 * 1024 * 1024
    try:
        wb_xml = zf.read("xl/workbook.xml") if zf.getinfo("xl/workbook.xml").file_size < small else b""
        rels = "xl/_rels/workbook.xml.rels"
        rels_xml = zf.read(rels) if rels in names and zf.getinfo(rels).file_size < small else b""
        parts = sheet_parts(wb_xml, rels_xml)
    except (zipfile.BadZipFile, OSError, ValueError, zlib.error, NotImplementedError):
        parts = {}  # the streaming pass below reports the damage
    out = {k: v for k, v in parts.items() if k in names}
    for member in names:
        if _SHEET_PART.match(member) and member not in out:
            out[member] = member.rsplit("/", 1)[-1].removesuffix(".xml")
    return out


def _stream_count(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, max_total: int, damaged: str,
    sheets: dict[str, str] | None = None, counted: list[int] | None = None,
) -> int:
    """Decompress every part chunk by chunk, counting real bytes (declared sizes can lie);
    worksheet parts are measured on the way (:mod:`xlsx_extent`): a sheet too big for a
    roster is refused before any reader allocates it."""
    total = 0
    sheets = sheets or {}
    for info in infos:
        if info.is_dir():
            continue
        seen = 0
        is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
        scan = SheetScan() if info.filename in sheets else None
        strings = info.filename.lower().endswith("sharedstrings.xml")
        head = b""
        try:
            with zf.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    if scan is not None:
                        scan.feed(chunk)
                    if strings and len(head) < 65536:
                        head += chunk[:65536]
                    if is_xml and seen == 0 and (b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]):
                        raise WorkbookRefused(
                            f"文件“{name}”中的“{info.filename}”含有 XML 实体声明，疑似恶意文件，已拒绝。"
                        )
                    seen += len(chunk)
                    total += len(chunk)
                    if seen > info.file_size + CHUNK or seen > MAX_MEMBER_UNCOMPRESSED:
                        raise WorkbookRefused(_bomb(name, seen, MAX_MEMBER_UNCOMPRESSED))
                    if total > max_total:
                        raise WorkbookRefused(_bomb(name, total, max_total))
            if scan is not None:
                _check_extent(zf, info, scan, name, sheets[info.filename])
                if counted is not None:
                    counted.append(scan.cells)
            if strings and shared_strings_problem(head, seen):
                raise WorkbookRefused(damaged)
        except zipfile.BadZipFile as exc:  # CRC error, overlapping entries ("possible zip bomb")
            if "overlap" in str(exc).lower() or "bomb" in str(exc).lower():
                raise WorkbookRefused(
                    f"文件“{name}”的压缩结构异常（部件互相重叠），疑似压缩炸弹，已拒绝。"
                ) from exc
            raise WorkbookRefused(damaged) from exc
        except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError, zlib.error) as exc:
            if isinstance(exc, WorkbookRefused):
                raise
            raise WorkbookRefused(damaged) from exc
    return total


def _check_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: SheetScan, name: str, sheet: str) -> None:
    scan.finish()
    merged = scan.merged_message(name, sheet)
    if merged:
        raise WorkbookRefused(merged)
    extent = scan.rough()
    if scan.needs_exact():
        exact = ExactScan()
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                exact.feed(chunk)
        extent = exact.finish()
    if too_big(extent):
        raise WorkbookRefused(size_message(name, sheet, extent))


# ---------------------------------------------------------------------------------------------
# OLE2 compound file (.xls, or an encrypted .xlsx)

ENCRYPTED = "文件“{name}”已加密（设置了打开密码），无法读取。请在 Excel 中取消密码后再导入。"


def _check_ole(p: Path, size: int) -> WorkbookInfo:
    name = p.name
    damaged = f"文件“{name}”已损坏（不是完整的 Excel 97-2003 工作簿），无法导入。"
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise WorkbookRefused(f"无法读取文件“{name}”（{why(exc)}）。") from exc
    try:
        ole, streams, root = _ole_streams(data)
    except (ValueError, struct.error, IndexError) as exc:
        raise WorkbookRefused(damaged) from exc
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise WorkbookRefused(ENCRYPTED.format(name=name))
    book = streams.get("Workbook") or streams.get("Book")
    if book is None:
        if "WordDocument" in streams:
            raise WorkbookRefused(f"文件“{name}”是 Word 文档，不是 Excel 工作簿。")
        raise WorkbookRefused(f"文件“{name}”不是 Excel 工作簿（.xls），无法导入。")
    if book[1] > size * 2 + 4096:
        raise WorkbookRefused(damaged)  # a declared length the file cannot hold
    try:
        stream = ole.read(book[0], book[1], root)
    except (ValueError, struct.error, IndexError) as exc:
        if book[1] < 4096 and _ole_bare(data, book):
            return WorkbookInfo(p, "xls", size)  # directory-only test doubles: nothing to scan
        raise WorkbookRefused(damaged) from exc
    if _biff_filepass(stream):
        raise WorkbookRefused(ENCRYPTED.format(name=name))
    try:
        sheets = scan_biff(stream)
    except (BiffDamaged, struct.error, IndexError, ValueError) as exc:
        raise WorkbookRefused(damaged) from exc
    for sheet in sheets:
        if too_big(sheet.extent):
            raise WorkbookRefused(size_message(name, sheet.name, sheet.extent))
        if sheet.merged > MAX_SHEET_CELLS:
            raise WorkbookRefused(
                f"文件“{name}”的工作表“{sheet.name}”中合并单元格的范围过大（共 {sheet.merged:,} 个单元格），"
                "名册不会有这么大，已拒绝读取。请取消名册以外的合并单元格后再导入。"
            )
        if sheet.reserved > MAX_SHEET_CELLS:
            rows, cols = sheet.declared
            raise WorkbookRefused(
                f"文件“{name}”的工作表“{sheet.name}”声明的数据区域（{rows} 行 × {cols} 列）"
                "远超实际内容或超出 Excel 的范围，文件已损坏或被改动过，已拒绝读取。"
                "请让对方用 Excel 重新保存后再发送。"
            )
    return WorkbookInfo(p, "xls", size, cells=sum(s.cells for s in sheets))


def _ole_bare(data: bytes, book: tuple[int, int]) -> bool:
    return book[0] >= 0xFFFFFFFA


class _Ole:
    """Just enough of MS-CFB to read a stream: FAT (with DIFAT sectors), mini stream."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise ValueError("not OLE2")
        self.data = data
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):
            raise ValueError("sector size")
        self.ssize = 1 << shift
        self.nfat = struct.unpack_from("<I", data, 44)[0]
        self.dir_start = struct.unpack_from("<I", data, 48)[0]
        self.minifat_start, self.n_minifat = struct.unpack_from("<II", data, 60)
        difat_next, n_difat = struct.unpack_from("<II", data, 68)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76)[: min(self.nfat, 109)]]
        per = self.ssize // 4 - 1
        for _ in range(min(n_difat, len(data) // self.ssize + 1)):
            if difat_next >= 0xFFFFFFFA or len(fat_sectors) >= self.nfat:
                break
            words = struct.unpack(f"<{per + 1}I", self.sector(difat_next))
            fat_sectors += words[:per]
            difat_next = words[per]
        fat = bytearray()
        for s in fat_sectors[: self.nfat]:
            if s < 0xFFFFFFFA:
                fat += self.sector(s)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", bytes(fat))
        self._mini: tuple[bytes, tuple[int, ...]] | None = None

    def sector(self, n: int) -> bytes:
        start = (n + 1) * self.ssize
        if start + self.ssize > len(self.data) + self.ssize:  # last sector may be short
            raise ValueError("sector out of range")
        return self.data[start : start + self.ssize]

    def chain(self, start: int, limit: int = 1 << 20) -> list[int]:
        out: list[int] = []
        n = start
        limit = min(limit, len(self.data) // self.ssize + 1)  # a loop in the FAT ends here
        while n < 0xFFFFFFFA:
            if n >= len(self.fat) or len(out) > limit:
                raise ValueError("broken chain")
            out.append(n)
            n = self.fat[n]
        return out

    def read(self, start: int, size: int, root: tuple[int, int]) -> bytes:
        """A stream's bytes (from the mini stream when smaller than 4096 bytes)."""
        if size >= 4096:
            data = b"".join(self.sector(s) for s in self.chain(start))
            if len(data) < size:
                raise ValueError("stream shorter than declared")
            return data[:size]
        if self._mini is None:
            mini = b"".join(self.sector(s) for s in self.chain(root[0])) if root[1] else b""
            table = b"".join(self.sector(s) for s in self.chain(self.minifat_start)) if self.n_minifat else b""
            self._mini = (mini, struct.unpack(f"<{len(table) // 4}I", table))
        mini, minifat = self._mini
        out = bytearray()
        n, steps = start, 0
        while n < 0xFFFFFFFA and len(out) < size:
            if n >= len(minifat) or (n + 1) * 64 > len(mini) or steps > 64:
                raise ValueError("broken mini chain")
            out += mini[n * 64 : (n + 1) * 64]
            n, steps = minifat[n], steps + 1
        if len(out) < size:
            raise ValueError("stream shorter than declared")
        return bytes(out[:size])


def _ole_streams(data: bytes) -> tuple[_Ole, dict[str, tuple[int, int]], tuple[int, int]]:
    """The compound file, its directory entries' names → (start sector, size), the root entry."""
    ole = _Ole(data)
    directory = b"".join(ole.sector(s) for s in ole.chain(ole.dir_start, limit=4096))
    out: dict[str, tuple[int, int]] = {}
    root = (0xFFFFFFFE, 0)
    for off in range(0, len(directory) - 127, 128):
        entry = directory[off : off + 128]
        nlen = struct.unpack_from("<H", entry, 64)[0]
        etype = entry[66]
        if etype == 0 or nlen < 2 or nlen > 64:
            continue
        entry_name = entry[: nlen - 2].decode("utf-16-le", errors="replace")
        start, size = struct.unpack_from("<II", entry, 116)
        if etype == 5:
            root = (start, size)
            continue
        out[entry_name] = (start, size)
    return ole, out, root


def _biff_filepass(stream: bytes) -> bool:
    """A password-protected .xls has a FILEPASS record (0x002F) right after the first BOF."""
    pos = 0
    for _ in range(40):
        if pos + 4 > len(stream):
            break
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        if rtype == 0x002F:
            return True
        if rtype == 0x000A:  # EOF of the globals substream
            break
        pos += 4 + rlen
    return False
