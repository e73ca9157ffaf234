"""A report as plain data — sections of headings, tables, charts and text — drawn by
``report_pdf`` (reportlab, vector charts) and ``report_xlsx`` (openpyxl, native charts), and
shown by the 统计 page. The services fill it; the writers know nothing of projects or surveys.

Cell values by column kind: "text" → str; "int" → int; "money" → int fen; "percent" → a
fraction (0.75) or None ("—").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

KINDS = ("text", "int", "money", "percent")


@dataclass
class Table:
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None  # printed bold under the rows
    note: str = ""
    in_pdf: bool = True  # False: the workbook only (long lists, e.g. every 意见和建议)

    def __post_init__(self) -> None:
        assert len(self.columns) == len(self.kinds) and all(k in KINDS for k in self.kinds)

    def text(self, value: Any, col: int) -> str:
        """A cell as printed: 1,234 / 9,000.00 / 75.0% / —."""
        return cell_text(value, self.kinds[col])


@dataclass
class Chart:
    title: str
    kind: str  # "bar" (vertical), "hbar" (horizontal), "stacked" (vertical, stacked), "line"
    categories: list[str]
    series: list[tuple[str, list[float]]]  # (name, one value per category)
    value_kind: str = "int"  # "int" or "percent" (values are fractions)
    axis_title: str = ""


@dataclass
class Section:
    heading: str
    sheet: str  # the Excel sheet's name (≤ 31 characters)
    blocks: list[Table | Chart | str] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    author: str
    sections: list[Section] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


def cell_text(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "—" if kind in ("percent", "money", "int") and value is None else ""
    if kind == "int" and isinstance(value, int):
        return f"{value:,}"
    if kind == "money" and isinstance(value, int):
        return f"{Decimal(value) / 100:,.2f}"
    if kind == "percent" and isinstance(value, (int, float, Decimal)):
        from desktop_app.core.numfmt import fmt_ratio  # one format: "37.5%", "<0.1%"

        return fmt_ratio(value)
    return str(value)


def excel_value(value: Any, kind: str) -> Any:
    """A cell for openpyxl: money as Decimal yuan, percent as the fraction (formatted 0.0%)."""
    if value is None:
        return None
    if kind == "money" and isinstance(value, int):
        return Decimal(value) / 100
    return value
