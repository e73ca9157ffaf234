"""Read roster workbooks (.xlsx / .xlsm / .xls) and find their header rows.

python-calamine reads all three formats fast (DESIGN §6: 0.07 s for 10,000 rows) and keeps a
cell's type: an identity number typed as a number comes back as ``float``/``int``, which is
exactly what R-ID-3 needs to see; we never turn cells into text before the rules look at
them. Merged ranges come from calamine too (it reports them for .xlsx and .xls), so openpyxl's
memory-hungry normal mode is not needed for reading; openpyxl is used only to *write*.

Header detection (PITFALLS §13): scan the first rows (title rows above are common) for the row
whose cells match the most roster columns, forward-fill merged header cells, and recognise
two-level headers — 婚否 merged over 已婚 / 未婚 sub-columns holding ticks. Matching is by
normalised text (``RosterSpec.match_header``: NFKC, no spaces) with a second try that drops a
bracketed remark ("年龄（岁）", "身份证号码(必填)").

Call :func:`desktop_app.documents.xlsx_safety.check_workbook` first; :func:`open_workbook`
does it for you.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.documents.xlsx_extent import MAX_SHEET_CELLS
from desktop_app.documents.xlsx_safety import WorkbookInfo, WorkbookRefused, check_workbook

HEADER_SCAN_ROWS = 20
MAX_CELLS = MAX_SHEET_CELLS  # rows × columns read into memory (checked before reading: xlsx_extent)
Matcher = Callable[[str], "str | None"]
_BRACKETS = re.compile(r"[（(\[【<《][^）)\]】>》]*[）)\]】>》]")
_SPACES = re.compile(r"[\s*＊:：]+")


def norm_text(value: Any) -> str:
    """Normalised header text: NFKC, no whitespace / asterisks / colons."""
    if value is None or not isinstance(value, str):
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value))


def cell_text(value: Any) -> str:
    """A header cell as displayed text ("" for empty and non-text cells)."""
    if isinstance(value, str):
        return " ".join(value.split())
    return ""


def col_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    n, out = index + 1, ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


# ---------------------------------------------------------------------------------------------
# Opening and reading


class Workbook:
    """An opened workbook (calamine). Use as a context manager or call :meth:`close`."""

    def __init__(self, info: WorkbookInfo) -> None:
        import python_calamine as pc

        self.info = info
        self.path = info.path
        name = info.path.name
        try:
            with info.path.open("rb") as fh:
                self._book = pc.CalamineWorkbook.from_filelike(fh)
        except pc.PasswordError as exc:
            raise WorkbookRefused(f"文件“{name}”已加密（设置了打开密码），无法读取。请在 Excel 中取消密码后再导入。") from exc
        except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError, OSError) as exc:
            raise WorkbookRefused(f"文件“{name}”已损坏或格式不对，无法读取（{_short(exc)}）。") from exc
        except BaseException as exc:
            raise _damaged(exc, name) from exc

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._book.close()
        except BaseException as exc:  # noqa: BLE001 - already closed (or a panic on the way out)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise

    def sheet_names(self) -> list[str]:
        """Worksheets, visible ones first (chart sheets left out)."""
        visible: list[str] = []
        hidden: list[str] = []
        try:
            metadata = list(self._book.sheets_metadata)
        except BaseException as exc:
            raise _damaged(exc, self.path.name) from exc
        for meta in metadata:
            if "Chart" in str(meta.typ) or "Vba" in str(meta.typ):
                continue
            (visible if str(meta.visible).endswith("Visible") else hidden).append(meta.name)
        return visible + hidden

    def sheet(self, name: str) -> Any:
        """The parsed sheet (calamine parses a whole sheet at once: keep it to read it twice)."""
        try:
            return self._book.get_sheet_by_name(name)
        except BaseException as exc:
            raise _damaged(exc, self.path.name, name) from exc

    def rows(self, sheet: Any, nrows: int | None = None) -> list[list[Any]]:
        """Cells from A1 (row 0 = Excel row 1), typed as calamine gives them ("" = empty).

        ``sheet``: a name or an object from :meth:`sheet`."""
        return sheet_rows(self.sheet(sheet) if isinstance(sheet, str) else sheet, nrows, self.path.name)

    def merged(self, sheet: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return sheet_merges(self.sheet(sheet) if isinstance(sheet, str) else sheet)


def sheet_merges(sheet: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges ((row0, col0), (row1, col1)), 0-based inclusive; [] when unknown."""
    try:
        ranges = sheet.merged_cell_ranges  # a property (None: unsupported format)
        if callable(ranges):
            ranges = ranges()
    except BaseException as exc:  # noqa: BLE001 - unsupported (or a panic): headers guessed without merges
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        return []
    return list(ranges or [])


def fill_merged_down(rows: list[list[Any]], merges: list[tuple[tuple[int, int], tuple[int, int]]],
                     first_row: int, columns: set[int]) -> None:
    """A value merged down over several data rows (单位 merged over its people) belongs to
    each of them: copy it into the rows below (only for the given columns)."""
    for (r0, c0), (r1, _c1) in merges:
        if r1 <= r0 or r0 < first_row or c0 not in columns or r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if c0 < len(row) and row[c0] in ("", None):
                row[c0] = value


def sheet_rows(sheet: Any, nrows: int | None = None, file_name: str = "") -> list[list[Any]]:
    end = getattr(sheet, "end", None)
    if end is not None:
        rows, cols = end[0] + 1, end[1] + 1
        if min(rows, nrows or rows) * cols > MAX_CELLS:
            raise WorkbookRefused(
                f"文件“{file_name}”的工作表“{sheet.name}”数据区域过大（{rows} 行 × {cols} 列），"
                "可能有远处的单元格被误填。请删除名册以外的行和列后再导入。"
            )
    try:
        return sheet.to_python(skip_empty_area=False, nrows=nrows)
    except BaseException as exc:
        raise _damaged(exc, file_name, sheet.name) from exc


def open_workbook(path: str | Path, info: WorkbookInfo | None = None) -> Workbook:
    """Check the file (size, zip bomb, encryption…) and open it."""
    return Workbook(info or check_workbook(path))


def is_panic(exc: BaseException) -> bool:
    """A Rust panic inside python-calamine (``pyo3_runtime.PanicException``, a BaseException)."""
    return type(exc).__name__ == "PanicException"


def _damaged(exc: BaseException, file_name: str, sheet: str | None = None) -> WorkbookRefused:
    """Everything the reader raises becomes a refusal naming the file (issue 20: a malformed
    .xls made the Rust reader panic past every handler). Ctrl-C and exits pass through."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc
    where = f"的工作表“{sheet}”" if sheet else ""
    if is_panic(exc) or isinstance(exc, MemoryError):
        return WorkbookRefused(
            f"文件“{file_name}”{where}已损坏（内部结构不完整或被改动过），无法读取。请让对方用 Excel 重新保存后再发送。"
        )
    return WorkbookRefused(f"文件“{file_name}”{where}无法读取（{_short(exc)}）。")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


# ---------------------------------------------------------------------------------------------
# Header detection


@dataclass
class HeaderColumn:
    index: int  # 0-based column
    header: str  # text as in the file; two-level: "婚否/已婚"
    parent: str | None  # the upper header of a two-level column ("婚否")
    target: str | None  # roster column key, "key=option value" for a tick sub-column, or None


@dataclass
class HeaderGuess:
    rows: list[int]  # 0-based header rows (one, or two for a two-level header)
    columns: list[HeaderColumn]
    score: int  # distinct roster columns recognised
    signature_texts: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return max(self.rows) + 1


def filled_header_grid(
    rows: list[list[Any]], merges: list[tuple[tuple[int, int], tuple[int, int]]], limit: int
) -> list[list[str]]:
    """Text of the first ``limit`` rows with every merged range holding its top-left text."""
    grid = [[cell_text(v) for v in row] for row in rows[:limit]]
    for (r0, c0), (r1, c1) in merges:
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if not row[c]:
                    row[c] = value
    return grid


def make_matcher(match_header: Callable[[Any], str | None]) -> Matcher:
    """Exact normalised match first, then without a bracketed remark ("年龄（岁）")."""

    def match(text: str) -> str | None:
        if not text:
            return None
        key = match_header(text)
        if key is None:
            stripped = _BRACKETS.sub("", unicodedata.normalize("NFKC", text))
            if stripped and stripped != text:
                key = match_header(stripped)
        return key

    return match


def detect_header(
    grid: list[list[str]],
    match: Matcher,
    split_options: Mapping[str, Mapping[str, str]],
    *,
    header_row: int | None = None,
    labels: Mapping[str, str] | None = None,
) -> HeaderGuess | None:
    """Find the header band in ``grid`` (from :func:`filled_header_grid`).

    ``split_options``: split column key → {normalised option label: option value}
    (婚否 → {"已婚": "已婚", "未婚": "未婚"}). ``header_row`` forces the (0-based) row.
    ``labels`` (normalised label → key): when two columns claim one key, the one headed by
    the key's own label beats a synonym ("工作单位" beats "单位"); otherwise the first wins.
    """
    option_of = {lab: (key, val) for key, opts in split_options.items() for lab, val in opts.items()}

    def keys_in(r: int) -> set[str]:
        return {k for k in (match(t) for t in grid[r]) if k}

    def option_keys(r: int) -> set[str]:
        """Split keys with at least two distinct option labels in row r (a real sub-header)."""
        seen: dict[str, set[str]] = {}
        for t in grid[r]:
            hit = option_of.get(norm_text(t))
            if hit:
                seen.setdefault(hit[0], set()).add(hit[1])
        return {k for k, vals in seen.items() if len(vals) >= 2}

    if not grid:
        return None
    if header_row is not None:
        best = header_row
    else:
        scores = [len(keys_in(r) | option_keys(r)) for r in range(len(grid))]
        best = max(range(len(grid)), key=lambda r: (scores[r], -r))
        if scores[best] < 2:
            return None
    band = [best]
    if best + 1 < len(grid) and option_keys(best + 1):
        band.append(best + 1)
    elif best > 0 and option_keys(best) and (keys_in(best - 1) & set(option_keys(best))):
        band.insert(0, best - 1)
    width = max(len(grid[r]) for r in band)
    columns: list[HeaderColumn] = []
    owner: dict[str, tuple[int, HeaderColumn]] = {}  # target → (strength, column)
    texts_sig: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for r in band:
            t = grid[r][c] if c < len(grid[r]) else ""
            if t and (not parts or norm_text(parts[-1]) != norm_text(t)):
                parts.append(t)
        texts_sig.append("/".join(norm_text(p) for p in parts))
        target = _target(parts, match, split_options, option_of)
        if not (parts or target):
            continue
        col = HeaderColumn(index=c, header="/".join(parts), parent=parts[0] if len(parts) > 1 else None,
                           target=target)
        columns.append(col)
        if target is None:
            continue
        strength = 1 if labels and any(labels.get(norm_text(p)) == target for p in parts) else 0
        held = owner.get(target)
        if held is None or strength > held[0]:
            if held is not None:
                held[1].target = None  # a second 电话 column etc.: listed as unmapped
            owner[target] = (strength, col)
        else:
            col.target = None
    score = len({(t.target or "").split("=")[0] for t in columns if t.target})
    return HeaderGuess(rows=band, columns=columns, score=score, signature_texts=texts_sig)


def _target(
    parts: list[str],
    match: Matcher,
    split_options: Mapping[str, Mapping[str, str]],
    option_of: Mapping[str, tuple[str, str]],
) -> str | None:
    for i, text in enumerate(parts):
        key = match(text)
        if key is None:
            continue
        if key in split_options:
            for sub in parts[i + 1 :]:
                value = split_options[key].get(norm_text(sub))
                if value is not None:
                    return f"{key}={value}"
        return key
    for text in parts:
        hit = option_of.get(norm_text(text))
        if hit:
            return f"{hit[0]}={hit[1]}"
    return None


def header_signature(form_code: str, texts: list[str]) -> str:
    """Stable id of a header layout (remembered column mappings are keyed by it)."""
    while texts and not texts[-1]:
        texts = texts[:-1]
    raw = form_code + "\x1f" + "\x1e".join(texts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
