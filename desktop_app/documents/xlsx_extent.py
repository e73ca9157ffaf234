"""How big a sheet will be once read, found from the file's own bytes before any reader runs.

python-calamine turns a sheet into one dense grid from its first to its last filled cell
(about 32 bytes a cell, before Python sees a row): one stray value at XFD1048576 in a 7 KB
file asks for 512 GB and aborts the process. openpyxl is not better for our uses. So the
extent is measured first (issue 20):

- .xlsx: every worksheet part is streamed (``xlsx_safety`` already decompresses each part
  chunk by chunk to count its bytes) and :class:`SheetScan` sees the chunks. The fast path
  only counts and takes maxima with C-level calls (``bytes.count``, one regex for rows and
  one for cells with two- or three-letter columns): ~0.1 s for 100,000 rows. When that
  upper bound is too big, or the part is irregular (cells without ``r``, prefixed
  elements), the exact path walks every ``<row>``/``<c>`` as calamine does (empty and
  self-closing cells take no room).
- .xls: the BIFF records of each sheet (DIMENSIONS, which calamine reserves room for, and
  every value cell and formula) and the shared-string count (another reservation), plus
  each sheet's offset (past the stream's end calamine panics).

Anything over :data:`MAX_SHEET_CELLS` is refused with the sheet's size and its farthest cell.
"""

from __future__ import annotations

import html
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass

# 100,000 rows × 50 columns: far beyond any roster; ~160 MB in calamine, ~40 MB as lists.
MAX_SHEET_CELLS = 5_000_000
XLSX_MAX_ROWS, XLSX_MAX_COLS = 1_048_576, 16_384

_LONG_ROW = re.compile(rb'<row r="([0-9]{5,9})"')
# Three literal-led patterns (one alternation starting at every "<" was 5× slower).
_IRREGULAR = (re.compile(rb'<c(?:>|\s+(?!r="))'), re.compile(rb'<row(?:>|\s+(?!r="))'),
              re.compile(rb':(?:c|row)[\s>/]'))
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,9})[0-9]')
_ANY = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>")
_R_ATTR = re.compile(rb'\br\s*=\s*["\']([^"\']*)["\']')
_REF = re.compile(rb"^([A-Z]{1,9})([0-9]{1,9})$")
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*\bref\s*=\s*["\']([A-Z0-9:$]+)["\']')
_SST_UNIQUE = re.compile(rb'<(?:[\w.-]+:)?sst\b[^>]*\buniqueCount\s*=\s*["\']\s*(-?[0-9]+)')


def range_cells(ref: bytes) -> int:
    """Cells in an A1-style range ("A1:XFD1048576" → 17,179,869,184; "B2" → 1)."""
    corners = []
    for part in ref.replace(b"$", b"").split(b":")[:2]:
        m = _REF.match(part)
        if not m:
            return 0
        corners.append((col_index(m.group(1)), int(m.group(2))))
    if len(corners) == 1:
        return 1
    (c0, r0), (c1, r1) = corners
    return (abs(c1 - c0) + 1) * (abs(r1 - r0) + 1)


def shared_strings_problem(head: bytes, part_bytes: int) -> bool:
    """True when the shared-string table declares more strings than its bytes can hold:
    calamine reserves room for ``uniqueCount`` strings up front (4,294,967,295 aborted it)."""
    m = _SST_UNIQUE.search(head)
    if not m:
        return False
    declared = int(m.group(1))
    return declared < 0 or declared > part_bytes // 4 + 1024


def col_index(letters: bytes | str) -> int:
    """Excel column letters → 1-based index (A → 1, XFD → 16384)."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + (ch - 64)
    return n


def col_letters(index: int) -> str:
    """1-based column index → letters."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


@dataclass(frozen=True)
class Extent:
    rows: int  # 1-based row of the farthest filled cell (0: empty sheet)
    cols: int  # 1-based column of the farthest filled cell

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def corner(self) -> str:
        return f"{col_letters(self.cols)}{self.rows}"


def too_big(extent: Extent, limit: int | None = None) -> bool:
    return extent.cells > (limit or MAX_SHEET_CELLS)


def size_message(file_name: str, sheet: str, extent: Extent) -> str:
    return (
        f"文件“{file_name}”的工作表“{sheet}”数据区域过大（{extent.rows} 行 × {extent.cols} 列，"
        f"最远的单元格在 {extent.corner}），名册不会有这么大，已拒绝读取。可能有远处的单元格被误填："
        "请在 Excel 中删除名册以外的行和列（或把名册复制到一个新工作簿）后再导入。"
    )


class _TagScan:
    """Fed XML chunk by chunk: each chunk is scanned up to its last ``<`` (a tag is never cut
    in two), the rest kept for the next."""

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        buf = self._tail + chunk
        cut = buf.rfind(b"<")
        if cut < 0:
            self._tail = b""
            return
        buf, self._tail = buf[:cut], buf[cut:]
        self._scan(buf)

    def _scan(self, buf: bytes) -> None:
        raise NotImplementedError


class SheetScan(_TagScan):
    """Fed an .xlsx worksheet part chunk by chunk; :meth:`extent` at the end."""

    def __init__(self) -> None:
        super().__init__()
        self._max_row = 0
        self._max_col = 0
        self._irregular = False
        self.merged = 0  # cells inside merged ranges (openpyxl makes an object for each)
        self.cells = 0  # <c> elements: what openpyxl's normal mode makes objects of

    def _scan(self, buf: bytes) -> None:
        self.cells += buf.count(b"<c ")
        if b"mergeCell" in buf:
            self.merged += sum(range_cells(ref) for ref in _MERGE.findall(buf))
        # Rows below 10,000 are bounded by that number: only longer row numbers are read.
        rows = _LONG_ROW.findall(buf)
        if rows:
            self._max_row = max(self._max_row, max(map(int, rows)))
        elif b"<row" in buf:
            self._max_row = max(self._max_row, 9_999)
        if b"<c" in buf:
            self._max_col = max(self._max_col, 26)
            wide = _WIDE_CELL.findall(buf)
            if wide:
                uniq = set(wide)
                width = max(map(len, uniq))
                self._max_col = max(self._max_col, col_index(max(w for w in uniq if len(w) == width)))
        if not self._irregular and any(p.search(buf) for p in _IRREGULAR):
            self._irregular = True  # cells or rows without r, prefixed elements: walk them all

    def finish(self) -> None:
        if self._tail:
            self._scan(self._tail)
            self._tail = b""

    def needs_exact(self, limit: int | None = None) -> bool:
        return self._irregular or too_big(Extent(self._max_row, self._max_col), limit)

    def merged_message(self, file_name: str, sheet: str) -> str | None:
        if self.merged <= MAX_SHEET_CELLS:
            return None
        return (f"文件“{file_name}”的工作表“{sheet}”中合并单元格的范围过大（共 {self.merged:,} 个单元格），"
                "名册不会有这么大，已拒绝读取。请取消名册以外的合并单元格后再导入。")

    def rough(self) -> Extent:
        return Extent(self._max_row, self._max_col)


class ExactScan(_TagScan):
    """Every ``<row>`` and ``<c>`` in order, positions as calamine gives them (cells without
    ``r`` follow the one before; empty and self-closing cells take no room)."""

    def __init__(self) -> None:
        super().__init__()
        self.row = 0  # current 1-based row
        self.col = 0
        self.max_row = 0
        self.max_col = 0
        self._open: tuple[int, int] | None = None  # a <c> seen, its value not yet

    def finish(self) -> Extent:
        if self._tail:
            self._scan(self._tail)
        return Extent(self.max_row, self.max_col)

    def _scan(self, buf: bytes) -> None:
        for m in _ANY.finditer(buf):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if tag == b"row":
                if closing:
                    continue
                r = _R_ATTR.search(attrs)
                self.row = int(r.group(1)) if r and r.group(1).isdigit() else self.row + 1
                self.col = 0
                continue
            if closing:
                continue
            r = _R_ATTR.search(attrs)
            ref = _REF.match(r.group(1)) if r else None
            if ref:
                self.col, row = col_index(ref.group(1)), int(ref.group(2))
                self.row = max(self.row, row) if row else self.row
                row_here = row or self.row
            else:
                self.col += 1
                row_here = self.row
            if attrs.rstrip().endswith(b"/"):
                continue  # <c r="Z9" s="1"/>: formatting only, calamine keeps nothing
            self.max_row = max(self.max_row, row_here)
            self.max_col = max(self.max_col, self.col)


# ---------------------------------------------------------------------------------------------
# Which part is which sheet (for the message)

_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'([\w.:-]+)\s*=\s*["\']([^"\']*)["\']')


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode("ascii", "replace").split(":")[-1]: html.unescape(v.decode("utf-8", "replace"))
            for k, v in _ATTR.findall(raw)}


def sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Zip member name of each worksheet part → the sheet's name (best effort)."""
    targets: dict[str, str] = {}
    for raw in _REL_TAG.findall(rels_xml):
        a = _attrs(raw)
        if "Id" in a and "Target" in a:
            target = a["Target"].lstrip("/")
            targets[a["Id"]] = target if target.startswith("xl/") else "xl/" + target
    out: dict[str, str] = {}
    for raw in _SHEET_TAG.findall(workbook_xml):
        a = _attrs(raw)
        part = targets.get(a.get("id", ""))
        if part and "name" in a:
            out[part] = a["name"]
    return out


# ---------------------------------------------------------------------------------------------
# .xls (BIFF8 records of the Workbook stream)

_VALUE_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006}  # number rk labelsst label boolerr formula


class BiffDamaged(ValueError):
    pass


@dataclass(frozen=True)
class BiffSheet:
    name: str
    extent: Extent
    declared: tuple[int, int]  # rows × columns calamine reserves room for (DIMENSIONS record)
    merged: int = 0  # cells inside merged ranges (the error report's openpyxl copy makes each)
    cells: int = 0  # value cells

    @property
    def reserved(self) -> int:
        return self.declared[0] * self.declared[1]


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, bytes]]:
    end = len(stream)
    while pos + 4 <= end:
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4 : pos + 4 + rlen]
        yield rtype, data
        pos += 4 + rlen


def _sheet_name(data: bytes) -> str:
    if len(data) < 8:
        raise BiffDamaged("BOUNDSHEET too short")
    cch, flags = data[6], data[7]
    raw = data[8:]
    return raw[: cch * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:cch].decode("latin-1")


def scan_biff(stream: bytes) -> list[BiffSheet]:
    """Sheets of a BIFF8 Workbook stream with their extents; BiffDamaged where calamine
    would panic or reserve absurd room (a sheet offset past the end, a negative or
    impossible shared-string count)."""
    bounds: list[tuple[int, str]] = []
    sst_bytes = 0
    sst_count: int | None = None
    in_sst = False
    for rtype, data in _records(stream, 0):
        if rtype == 0x000A:
            break
        if rtype == 0x0085:
            if len(data) < 6:
                raise BiffDamaged("BOUNDSHEET too short")
            bounds.append((struct.unpack_from("<I", data)[0], _sheet_name(data)))
        if rtype == 0x00FC:
            if len(data) < 8:
                raise BiffDamaged("SST too short")
            sst_count = struct.unpack_from("<i", data, 4)[0]
            sst_bytes, in_sst = len(data), True
        elif rtype == 0x003C and in_sst:  # CONTINUE of the SST
            sst_bytes += len(data)
        else:
            in_sst = False
    if sst_count is not None and (sst_count < 0 or sst_count * 3 > sst_bytes + 8):
        raise BiffDamaged("SST count")  # each string needs ≥ 3 bytes
    sheets: list[BiffSheet] = []
    for offset, name in bounds:
        if offset >= len(stream):
            raise BiffDamaged("sheet offset past the end")
        max_row = max_col = 0
        declared = (0, 0)
        merged = cells = 0
        for rtype, data in _records(stream, offset):
            if rtype == 0x000A:
                break
            if rtype == 0x0200:
                dims = _dimensions(data)
                if dims[0] * dims[1] > declared[0] * declared[1]:
                    declared = dims
            elif rtype in _VALUE_RECORDS and len(data) >= 4:
                row, col = struct.unpack_from("<HH", data)
                max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
                cells += 1
            elif rtype == 0x00BD and len(data) >= 6:  # MULRK: first and last column
                row, first = struct.unpack_from("<HH", data)
                last = struct.unpack_from("<H", data, len(data) - 2)[0]
                max_row, max_col = max(max_row, row + 1), max(max_col, last + 1)
                cells += abs(last - first) + 1
            elif rtype == 0x00E5 and len(data) >= 2:  # MERGEDCELLS: count, then (rf, rl, cf, cl)
                count = min(struct.unpack_from("<H", data)[0], (len(data) - 2) // 8)
                for i in range(count):
                    rf, rl, cf, cl = struct.unpack_from("<HHHH", data, 2 + 8 * i)
                    merged += (abs(rl - rf) + 1) * (abs(cl - cf) + 1)
        sheets.append(BiffSheet(name, Extent(max_row, max_col), declared, merged, cells))
    return sheets


def _dimensions(data: bytes) -> tuple[int, int]:
    """Rows × columns calamine reserves for a DIMENSIONS record (u32 arithmetic, as it does)."""
    if len(data) == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", data)
    elif len(data) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", data)
    else:
        return (0, 0)
    if rl >= 1 and cl >= 1:
        return (rl - 1 - rf + 1) & 0xFFFFFFFF, (cl - 1 - cf + 1) & 0xFFFFFFFF
    return (1, 1)
