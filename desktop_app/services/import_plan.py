"""The import wizard's data: the plan (detected, editable mapping), the preview, the summary.

See :mod:`desktop_app.services.roster_import` for the steps that produce them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.documents.xlsx_columns import leaves, row_spec
from desktop_app.documents.xlsx_read import col_letter
from desktop_app.services.errors import Cancelled, ServiceError
from desktop_app.services.import_rows import RowFinding, RowResult
from desktop_app.services.progress import ProgressFn

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec, RosterSpec

IMPORT_CANCELLED = "已取消导入，数据未作改动。"
DEFAULT_FORM = "2-3-6"


class ImportRefused(ServiceError):
    """The file or the request cannot be imported; nothing was changed."""


def _tick(progress: ProgressFn | None, fraction: float, message: str) -> None:
    if progress is not None and progress(max(0.0, min(1.0, fraction)), message) is False:
        raise Cancelled(IMPORT_CANCELLED)


def all_specs(specs: Mapping[str, "FormSpec"] | None) -> Mapping[str, "FormSpec"]:
    if specs is not None:
        return specs
    from desktop_app.app_paths import resource_path
    from desktop_app.core.forms import load_specs

    return load_specs(resource_path("forms"))


def plain_title(spec: "FormSpec") -> str:
    """The title without its year ("各类职工健康体检名册" style, for lists and messages)."""
    return spec.title.replace("{year} 年", "").replace("{year}年", "").replace("{year}", "").strip()


def load_form(specs: Mapping[str, "FormSpec"] | None, form_code: str) -> tuple["FormSpec", "RosterSpec"]:
    spec = all_specs(specs).get(form_code)
    if spec is None:
        raise ImportRefused(f"没有表单 {form_code}。可用“forms list”查看表单代码。")
    rspec = row_spec(spec)
    if rspec is None:
        raise ImportRefused(f"表单 {form_code}（{plain_title(spec)}）没有人员名单，不能从 Excel 导入名册。")
    return spec, rspec


def importable_forms(specs: Mapping[str, "FormSpec"]) -> list[tuple[str, str]]:
    """(code, title) of the forms whose people can come from Excel (the wizard's first page)."""
    return [(c, plain_title(s)) for c, s in specs.items() if row_spec(s) is not None]


# ---------------------------------------------------------------------------------------------
# The plan (detection result, editable)


@dataclass
class SourceColumn:
    index: int  # 0-based column in the sheet
    letter: str  # "G"
    header: str  # as in the file ("婚否/已婚" for a two-level header)
    parent: str | None  # upper header of a two-level column
    target: str | None  # roster column key, "married=已婚" for a tick column, None = ignored
    guessed: str | None = None  # what detection proposed (the wizard can show a reset)


@dataclass
class ImportPlan:
    path: Path
    form_code: str
    sheet: str
    sheets: list[str]
    header_rows: list[int]  # Excel row numbers of the header band
    first_data_row: int  # Excel row number
    columns: list[SourceColumn]
    signature: str
    remembered: bool = False  # a mapping remembered from an earlier file was applied
    file_kind: str = "xlsx"
    spec: "FormSpec | None" = field(default=None, repr=False)
    rspec: "RosterSpec | None" = field(default=None, repr=False)
    sha256: str = ""
    sample: list[list[Any]] = field(default_factory=list, repr=False)  # first data rows, raw cells
    _parsed: Any = field(default=None, repr=False, compare=False)

    @property
    def mapping(self) -> dict[int, str]:
        return {c.index: c.target for c in self.columns if c.target}

    @property
    def unmapped_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.target is None and c.header]

    def target_choices(self) -> list[tuple[str, str]]:
        """(target, label) a column can be mapped to, for the wizard's combo boxes."""
        assert self.rspec is not None
        return [(leaf.target, leaf.header) for leaf in leaves(self.rspec)] + [
            (c.key, c.label) for c in self.rspec.columns if c.split and c.options
        ]

    def set_target(self, index: int, target: str | None) -> None:
        """Map column ``index`` to ``target`` (None = ignore it); a target feeds one column only."""
        if target is not None and target not in {t for t, _ in self.target_choices()}:
            raise ImportRefused(f"未知的目标列：{target}")
        found = False
        for c in self.columns:
            if c.index == index:
                c.target, found = target, True
            elif target is not None and c.target == target:
                c.target = None
        if not found:
            raise ImportRefused(f"第 {col_letter(index)} 列不在表头中。")

    @property
    def missing_required(self) -> list[str]:
        assert self.rspec is not None
        keys = {t.split("=")[0] for t in self.mapping.values()}
        return [c.label for c in self.rspec.columns if c.required and c.key not in keys]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path), "form": self.form_code, "sheet": self.sheet, "sheets": self.sheets,
            "header_rows": self.header_rows, "first_data_row": self.first_data_row,
            "remembered": self.remembered, "missing_required": self.missing_required,
            "unmapped_headers": self.unmapped_headers,
            "columns": [{"column": c.letter, "header": c.header, "target": c.target} for c in self.columns],
        }


@dataclass
class ImportPreview:
    plan: ImportPlan
    rows: list[RowResult]
    skipped: dict[str, int]  # blank / note / header rows left out
    year: int
    today: dt.date
    record_id: int | None = None
    project_code: str | None = None
    file_sha256: str = ""
    # import_store.store_stamp() when the rows were classified: commit re-classifies only if
    # the registry or the records moved since (another window, an exchange import …)
    store_stamp: tuple[Any, ...] | None = None

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        out = {"rows": len(self.rows), "added": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        for r in self.rows:
            out[r.action] += 1
        return out

    @property
    def findings(self) -> list[RowFinding]:
        return [f for r in self.rows for f in r.findings]

    def to_json(self) -> dict[str, Any]:
        """The `roster import --json` document."""
        return {"file": str(self.plan.path), **self.counts,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass
class RosterImportSummary:
    file: str
    rows: int
    added: int
    updated: int
    unchanged: int
    rejected: int
    record_id: int | None = None
    record_findings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "added": self.added, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected, "record_id": self.record_id}
