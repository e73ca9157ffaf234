"""A small streaming .xlsx writer for big exports (one sheet, a fixed set of styles).

Why not openpyxl's write-only mode: without lxml (not a dependency) it serialises every cell
through et_xmlfile in pure Python — 2.2 s for a 10,000-row roster here, against a 1.5 s
budget for the whole export. This writer builds the SpreadsheetML text directly (≈0.2 s) and
supports exactly what the exports need: inline-string and number cells, the styles below,
column widths, merged ranges, a frozen header, print titles, A4 fit-to-width page set-up.
A string is always written as an inline string (``t="inlineStr"``) and no formula element is
ever written, so user text can never become a formula (PITFALLS §11). Templates and error
workbooks still use openpyxl (data validation, comments, copying the enterprise's file).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from desktop_app.disk_errors import WriteFailed
from desktop_app.documents.xlsx_util import remove_quietly, temp_path_for

# Style ids (cellXfs order in STYLES below).
DEFAULT, BODY, TEXT, CENTER, HEAD, TITLE, MONEY = range(7)

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def col_letters(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        s, k = "", i
        while k:
            k, rem = divmod(k - 1, 26)
            s = chr(65 + rem) + s
        out.append(s)
    return out


@dataclass
class SheetLayout:
    name: str
    widths: Sequence[float]
    merges: list[str] = field(default_factory=list)  # "A1:H1"
    freeze_row: int | None = None  # first row below the frozen header (Excel row number)
    print_titles: tuple[int, int] | None = None  # header rows repeated on every printed page
    landscape: bool = False


def _cell(ref: str, value: Any, style: int) -> str:
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>' if style else ""
    cls = value.__class__
    if cls is str:
        text = escape(_ILLEGAL.sub("", value))
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if cls is bool:
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if cls in (int, float) or isinstance(value, (int, float, Decimal)):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return _cell(ref, str(value), style)


def write_xlsx(out: str | os.PathLike[str], layout: SheetLayout,
               rows: Iterable[Sequence[tuple[Any, int]]]) -> tuple[Path, int]:
    """Write one sheet of ``rows`` (each a sequence of (value, style id)); atomic. Returns
    (path, number of rows written)."""
    out = Path(out)
    tmp = temp_path_for(out)
    ncols = max(1, len(layout.widths))
    count = 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, text in _static_parts(layout).items():
                zf.writestr(name, text)
            with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
                fh.write(_sheet_head(layout, ncols).encode("utf-8"))
                letters = col_letters(ncols)
                chunk: list[str] = []
                for count, row in enumerate(rows, start=1):
                    if len(row) > len(letters):
                        letters = col_letters(len(row))
                    cells = "".join(_cell(f"{letters[i]}{count}", v, s) for i, (v, s) in enumerate(row))
                    chunk.append(f'<row r="{count}">{cells}</row>')
                    if len(chunk) >= 2000:
                        fh.write("".join(chunk).encode("utf-8"))
                        chunk = []
                fh.write("".join(chunk).encode("utf-8"))
                fh.write(_sheet_tail(layout).encode("utf-8"))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:  # a full or read-only disk: one Chinese sentence, no half file
        remove_quietly(tmp)
        raise WriteFailed(exc, out) from None
    finally:
        remove_quietly(tmp)
    return out, count


def _sheet_head(layout: SheetLayout, ncols: int) -> str:
    pane = ""
    if layout.freeze_row and layout.freeze_row > 1:
        split = layout.freeze_row - 1
        pane = (f'<pane ySplit="{split}" topLeftCell="A{layout.freeze_row}" activePane="bottomLeft" '
                f'state="frozen"/><selection pane="bottomLeft" activeCell="A{layout.freeze_row}" '
                f'sqref="A{layout.freeze_row}"/>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w:.2f}" customWidth="1"/>'
                   for i, w in enumerate(layout.widths, start=1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")


def _sheet_tail(layout: SheetLayout) -> str:
    merges = ""
    if layout.merges:
        merges = (f'<mergeCells count="{len(layout.merges)}">'
                  + "".join(f'<mergeCell ref="{m}"/>' for m in layout.merges) + "</mergeCells>")
    orientation = "landscape" if layout.landscape else "portrait"
    return ("</sheetData>" + merges
            + '<printOptions horizontalCentered="1"/>'
            + '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            + f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
            + '<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>'
            + "</worksheet>")


def _static_parts(layout: SheetLayout) -> dict[str, str]:
    name = escape(layout.name[:31], {'"': "&quot;"})
    quoted = "'" + layout.name[:31].replace("'", "''") + "'"
    defined = ""
    if layout.print_titles:
        a, b = layout.print_titles
        defined = (f'<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
                   f"{escape(quoted)}!${a}:${b}</definedName></definedNames>")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return {
        "[Content_Types].xml": head + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"),
        "_rels/.rels": head + (
            f'<Relationships xmlns="{_PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"),
        "docProps/app.xml": head + (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>UnionLedger</Application></Properties>"),
        "docProps/core.xml": head + (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>工会实事台账</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            "</cp:coreProperties>"),
        "xl/workbook.xml": head + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>{defined}</workbook>'),
        "xl/_rels/workbook.xml.rels": head + (
            f'<Relationships xmlns="{_PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": head + STYLES,
    }


_THIN = "".join(f'<{side} style="thin"><color auto="1"/></{side}>' for side in ("left", "right", "top", "bottom"))
STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3">'
    '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    '<font><b/><sz val="16"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f"<border>{_THIN}<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
