"""Per-row checks of an imported roster: normalise, validate, explain (no database).

Each data row of the file becomes a :class:`RowResult` with the values keyed by roster column
and its findings, each naming the Excel row number and the column header *as in the file*:
- identity number from the raw cell (R-ID-3 for a number cell — rejected, never repaired;
  R-ID-2 normalisation incl. full-width digits and lower-case x, 15 → 18 digits shown as a
  warning; R-ID-1 check character; R-ID-4 birth date and province);
- stated gender (error) and age (warning) against the number (R-ID-4);
- phones (R-PHONE-1, "+86", spaces and hyphens normalised);
- the other columns by their type and options (R-FORM-1), 婚否 ticks in 已婚 / 未婚;
- the project's eligibility rules where they are per person (R-INS-1: under 60 at coverage
  start, one of the 13 industries).
Duplicates within the file (R-ID-5) are found by the caller, which sees all rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.field_types import (
    FAST_GENDER,
    FAST_INT,
    FAST_PHONE,
    FAST_TEXT,
    FieldType,
    PhoneType,
    field_type,
    identity_key,
)
from desktop_app.core.findings import Finding
from desktop_app.core.forms import (
    FORM_RULE,
    CoerceError,
    FormSpec,
    RosterSpec,
    check_field,
    coerce_value,
)
from desktop_app.core.ids import _GENDER_WORDS as _GENDER_WORDS_ID
from desktop_app.core.ids import IdResult, canonical_id, check_id_cell, check_stated
from desktop_app.core.rules.insurance import check_eligibility
from desktop_app.documents.xlsx_columns import id_key, tick_state

# Rows under (or inside) a roster that are remarks, not people: "注：…", "合计", "制表人：…".
NOTE_ROW = re.compile(r"^\s*(注\s*[:：\d.、（(]|备注|说明|填表|制表|审核|合计|总计|小计|(单位)?负责人|联系人\s*[:：])")


@dataclass(slots=True)
class RowFinding:
    row: int  # Excel row number (1-based)
    column: str | None  # header text as in the file
    rule: str
    severity: str
    message: str
    col_index: int | None = None  # 0-based column of the cell to highlight
    store: bool = False  # found against the store (recomputed at commit)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "rule": self.rule,
                "severity": self.severity, "message": self.message}


NO_FINDINGS: tuple[RowFinding, ...] = ()  # shared by clean rows (see RowResult.findings)


@dataclass(slots=True)
class RowResult:
    row: int  # Excel row number
    values: dict[str, Any]  # normalised values keyed by roster column
    # A list, or NO_FINDINGS for a clean row: 10,000 empty lists were 10,000 more objects for
    # the garbage collector to walk after every import (~5 ms). Add with ``add_finding``.
    findings: list[RowFinding] | tuple[RowFinding, ...] = field(default_factory=list)
    id_number: str | None = None  # normalised, only when valid
    birth_date: dt.date | None = None
    gender: str | None = None  # from the number
    action: str = "rejected"  # added | updated | unchanged | rejected
    changes: dict[str, tuple[Any, Any]] | None = None  # person / entry fields that change
    person_id: int | None = None  # the registry's person, when already there
    person_changed: bool = False  # registry fields differ (an update through upsert_person)

    @property
    def rejected(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def add_finding(self, finding: RowFinding) -> None:
        if isinstance(self.findings, list):
            self.findings.append(finding)
        else:  # the shared empty tuple of a clean row (check_fast)
            self.findings = [*self.findings, finding]


@dataclass(frozen=True)
class Mapped:
    """A mapped source column: where it is and what it feeds."""

    index: int
    header: str
    parent: str | None
    key: str
    option: str | None = None


class RowChecker:
    """Checks rows of one plan; build once per import (it precomputes the column plan)."""

    def __init__(
        self,
        spec: FormSpec,
        rspec: RosterSpec,
        mapped: Sequence[Mapped],
        *,
        year: int,
        today: dt.date,
        params: Mapping[str, Any] | None = None,
        coverage_start: dt.date | None = None,
        stated_on: dt.date | None = None,
    ) -> None:
        self.spec, self.rspec, self.today, self.year = spec, rspec, today, year
        self.params = dict(params or {})
        self.params.setdefault("year", year)
        self.id_key = id_key(rspec)
        self.cols = {c.key: c for c in rspec.columns}
        self.fields = {c.key: c.as_field() for c in rspec.columns}
        self.plain = [m for m in mapped if m.option is None]
        self.ticks: dict[str, list[tuple[Mapped, str]]] = {}  # key → (column, its option)
        for m in mapped:
            if m.option is not None:
                self.ticks.setdefault(m.key, []).append((m, m.option))
        self.where = {m.key: m for m in self.plain}
        for key, subs in self.ticks.items():
            self.where.setdefault(key, subs[0][0])
        self.id_col = self.where.get(self.id_key)
        # GIFT-LIST, POINT-LOG: rosters of units / activities, not of people
        self.has_id = identity_key(rspec.columns) is not None
        self.name_key = next((k for k, a in (rspec.person_fields or {}).items() if a == "name"), "name")
        self.gender_key = next((k for k, a in (rspec.person_fields or {}).items() if a == "gender"), None)
        self.age_key = "age" if "age" in self.cols else None
        # R-ID-4: stated ages at the record's reference date (2-3-2 体检时间…), else today
        # (the project year's Dec 31 once that year is over)
        self.stated_on = stated_on or min(today, dt.date(year, 12, 31))
        self.coverage_start = coverage_start or _coverage_start(year, today)
        self.ins_rule = "R-INS-1" in spec.rules
        self.option_labels = {c.key: {o.value: o.label for o in c.options} for c in rspec.columns}
        self.value_indexes = [m.index for m in mapped if m.key != "seq"]
        # per plain column: (mapped, key, kind, column, field spec, needs check_field on fast path)
        self.plan = []
        for m in self.plain:
            if m.key in (self.id_key, "seq"):
                continue
            col = self.cols[m.key]
            ft = field_type(col.type)
            kind = SPLIT if col.split and col.options and ft.picks_one else ft.import_fast
            f = self.fields[m.key]
            strict = bool(f.max_length or f.minimum is not None or f.maximum is not None)
            self.plan.append((m, m.key, kind, col, f, strict, ft))
        # The fast path (check_fast): clean rows only, no findings, same values as check().
        self._fast_cols = tuple((m.index, key, kind, f.required, strict)
                                for m, key, kind, col, f, strict, _ in self.plan)
        # key → (column index, option, its label, memo of cell → tick_state)
        self._fast_ticks: tuple[tuple[str, tuple[tuple[int, str, str | None, dict[Any, bool | None]], ...]], ...]
        self._fast_ticks = tuple(
            (key, tuple((m.index, option, self.option_labels[key].get(option), {}) for m, option in subs))
            for key, subs in self.ticks.items()
        )
        self._name_at = self.where[self.name_key].index if self.name_key in self.where else None
        self._said = {g: _GENDER_WORDS_ID.get(g) for g in ("男", "女")}
        # check_fast needs a name and an identity number column; rows shorter than this go
        # the explaining way (0: the fast path is never taken)
        self._fast_len = (max(self._name_at, self.id_col.index) + 1
                          if self._name_at is not None and self.has_id and self.id_col is not None else 0)
        self._id_at = self.id_col.index if self.id_col is not None else 0

    # -- helpers ----------------------------------------------------------------------------
    def _header(self, key: str) -> tuple[str | None, int | None]:
        m = self.where.get(key)
        if m is None:
            return None, None
        if m.option is not None:
            return (m.parent or m.header.split("/")[0]), m.index
        return m.header, m.index

    def _add(self, out: list[RowFinding], row: int, f: Finding, key: str | None) -> None:
        header, index = self._header(key) if key else (None, None)
        out.append(RowFinding(row, header, f.rule, f.severity, f.message, index))

    def _key_of(self, f: Finding, default: str | None) -> str | None:
        for name in f.fields:
            name = name.rsplit(".", 1)[-1]
            if name in self.cols:
                return name
            if name == "birth_date":
                return self.id_key
        return default

    def skip_reason(self, cells: Sequence[Any]) -> str | None:
        """'blank', 'note' or 'header' for rows that are not people; None for a data row."""
        n = len(cells)
        keyed = False
        for i in self.value_indexes:
            v = cells[i] if i < n else ""
            if v is not None and v != "" and not (v.__class__ is str and not v.strip()):
                keyed = True
                break
        if not keyed:
            first = next((v for v in cells if isinstance(v, str) and v.strip()), "")
            return "note" if NOTE_ROW.match(first) else "blank"
        name_at = self.where[self.name_key].index if self.name_key in self.where else None
        no_name = name_at is None or name_at >= n or cells[name_at] in ("", None)
        if no_name:  # 合计 / 注 / 制表人 rows: a remark, not a person without a name
            first = next((v for v in cells if isinstance(v, str) and v.strip()), "")
            if NOTE_ROW.match(first):
                return "note"
        if self.id_col is not None and self.id_col.index < n:
            raw = cells[self.id_col.index]
            # header text is Chinese: a number (even a bad one) is never the header repeated
            if raw.__class__ is str and not raw.isascii() and self.rspec.match_header(raw) == self.id_key:
                return "header"  # the header repeated (pages pasted one under another)
        return None

    # -- the check --------------------------------------------------------------------------
    def check_fast(self, row: int, cells: Sequence[Any]) -> RowResult | None:
        """A clean data row: its RowResult (no findings), exactly as :meth:`check` gives it.

        None for anything else (blank / note / header rows, any problem, any cell that needs
        the generic coercion): the caller then runs :meth:`skip_reason` and :meth:`check`,
        which write the findings. A row taken here is never one skip_reason would skip: it
        has a name (a non-blank text) and an ASCII identity number text."""
        n = len(cells)
        if n < self._fast_len or not self._fast_len:
            return None
        name = cells[self._name_at]  # type: ignore[index]  # not None: _fast_len is 0 without it
        if name.__class__ is not str or not name.strip():
            return None
        parts = canonical_id(cells[self._id_at], self.today)
        if parts is None:
            return None
        number, birth, gender = parts
        values: dict[str, Any] = {}
        value: object  # a cell's value: text, number or a word of the options
        for index, key, kind, required, strict in self._fast_cols:
            raw = cells[index] if index < n else ""
            if raw.__class__ is str:  # _fast() inlined for text cells, the usual case
                value = raw.strip()
                if not value:
                    if required:
                        return None
                    continue
                if kind != FAST_TEXT:
                    if kind == FAST_GENDER:
                        value = _GENDERS.get(raw)
                    elif kind == FAST_PHONE:
                        value = raw if _MOBILE.match(raw) else None
                    else:
                        return None
                    if value is None:
                        return None
            elif raw is None:
                if required:
                    return None
                continue
            elif raw.__class__ is float and kind == FAST_INT:  # 年龄 43.0: calamine's numbers
                if not raw.is_integer():
                    return None
                value = int(raw)
            else:
                value = _fast(kind, raw)
                if value is None:
                    return None
            if strict and check_field(self.fields[key], value):
                return None
            values[key] = value
        for key, subs in self._fast_ticks:
            chosen = None
            for index, option, label, memo in subs:
                raw = cells[index] if index < n else ""
                try:
                    state = memo[raw]
                except KeyError:
                    state = memo[raw] = tick_state(raw, label)
                except TypeError:  # unhashable: never from calamine, but be safe
                    return None
                if state is None:
                    return None
                if state:
                    if chosen is not None:
                        return None
                    chosen = option
            if chosen is not None:
                values[key] = chosen
        values[self.id_key] = number
        # R-ID-4 stated gender / age (core.ids.check_stated): agreeing values give no finding.
        if self.gender_key is not None:
            stated = values.get(self.gender_key)
            if stated is not None and self._said.get(stated) != gender:
                return None  # not 男 / 女 as the number says: check_stated explains
        if self.age_key is not None:
            age = values.get(self.age_key)
            if age is not None:
                if age.__class__ is not int:
                    return None
                on = self.stated_on
                years = on.year - birth.year
                if age != years and age != years - ((on.month, on.day) < (birth.month, birth.day)):
                    return None
        if self.ins_rule and self._ins_eligibility(birth, values):
            return None
        return RowResult(row, values, NO_FINDINGS, number, birth, gender)

    def check(self, row: int, cells: Sequence[Any]) -> RowResult:
        out: list[RowFinding] = []
        values: dict[str, Any] = {}
        n = len(cells)
        for m, key, kind, col, field_spec, strict, ft in self.plan:
            raw = cells[m.index] if m.index < n else ""
            if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
                if field_spec.required:
                    for f in check_field(field_spec, None):
                        self._add(out, row, f, key)
                continue
            value = _fast(kind, raw)  # the common, clean cases without the generic machinery
            if value is None:
                value = self._slow(out, row, key, kind, ft, col, raw)
                if value is None:
                    continue
                strict = True
            if strict:
                found = check_field(field_spec, value)
                if found:
                    for f in found:
                        self._add(out, row, f, key)
                    continue
            values[key] = value
        for key, subs in self.ticks.items():
            chosen: list[str] = []
            bad: list[tuple[Mapped, Any]] = []
            for m, option in subs:
                raw = cells[m.index] if m.index < n else ""
                state = tick_state(raw, self.option_labels[key].get(option))
                if state is None:
                    bad.append((m, raw))
                elif state:
                    chosen.append(option)
            label = self.cols[key].label
            for m, raw in bad:
                out.append(RowFinding(row, m.header, FORM_RULE, "error",
                                      f"「{label}」“{raw}”无法识别：请在对应格内打 √（{FORM_RULE}）", m.index))
            if len(chosen) > 1:
                self._add(out, row, Finding(FORM_RULE, "error",
                                            f"「{label}」只能勾选一项，现勾选了 {'、'.join(chosen)}（{FORM_RULE}）"), key)
            elif chosen:
                values[key] = chosen[0]
        result = RowResult(row, values, out)
        if self.has_id:
            self._check_id(result, out, cells)
        return result

    def _slow(self, out: list[RowFinding], row: int, key: str, kind: str | None, ft: FieldType,
              col: Any, raw: Any) -> Any:
        """core.forms coercion / core.phones checks, with their messages."""
        if isinstance(ft, PhoneType):
            value, found = ft.checker(_number_text(raw), key)
            for f in found:
                self._add(out, row, f, key)
            return value
        if isinstance(raw, float) and raw.is_integer() and not ft.decimal:
            raw = int(raw)
        if kind == SPLIT:
            raw = _split_word(raw, col)
        elif kind == FAST_INT and isinstance(raw, str):  # 年龄 "34岁" / "34 周岁"
            raw = unicodedata.normalize("NFKC", raw).strip().removesuffix("周岁").removesuffix("岁").strip()
        try:
            return coerce_value(col, raw)
        except CoerceError as exc:
            self._add(out, row, Finding(FORM_RULE, "error", f"{exc}（{FORM_RULE}）"), key)
            return None

    def _check_id(self, result: RowResult, out: list[RowFinding], cells: Sequence[Any]) -> None:
        """R-ID-1…4 on the row's identity number; findings go to ``out`` (the result's own list)."""
        row, values = result.row, result.values
        key = self.id_key
        raw = ""
        if self.id_col is not None and self.id_col.index < len(cells):
            raw = cells[self.id_col.index]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            label = self.cols[key].label if key in self.cols else "身份证号码"
            self._add(out, row, Finding("R-ID-1", "error", f"「{label}」为必填项：身份证号码为空（R-ID-1）"), key)
            return
        res = fast_id(raw, self.today)
        if res is None:
            res = check_id_cell(raw, today=self.today)
            for f in res.findings:
                self._add(out, row, f, key)
            if not res.valid:
                return
        values[key] = res.normalized
        result.id_number, result.birth_date, result.gender = res.normalized, res.birth_date, res.gender
        stated_gender = values.get(self.gender_key) if self.gender_key else None
        stated_age = values.get(self.age_key) if self.age_key else None
        for f in check_stated(res, stated_gender, stated_age, self.stated_on):
            self._add(out, row, f, self._key_of(f, key))
        if self.ins_rule:
            for f in self._ins_eligibility(res.birth_date, values):
                self._add(out, row, f, self._key_of(f, key))

    def _ins_eligibility(self, birth: dt.date | None, values: Mapping[str, Any]) -> list[Finding]:
        """R-INS-1 (core.rules.insurance)."""
        industry = values.get("industry")
        if industry is not None and "industry" in self.cols:
            industry = next((o.label for o in self.cols["industry"].options if o.value == industry), industry)
        return check_eligibility(birth, industry, self.coverage_start, self.params)


SPLIT = "split"  # a choice read from one tick column per option
_GENDERS = {"男": "男", "女": "女"}
_MOBILE = re.compile(r"1[3-9]\d{9}\Z")


def _fast(kind: str | None, raw: Any) -> Any:
    """The value of a clean cell, or None to take the slow path (which explains problems)."""
    cls = raw.__class__
    if kind == FAST_TEXT:
        if cls is str:
            return raw.strip()
        return str(int(raw)) if cls is float and raw.is_integer() else None
    if kind == FAST_GENDER:
        return _GENDERS.get(raw) if cls is str else None
    if kind == FAST_INT:
        if cls is int:
            return raw
        return int(raw) if cls is float and raw.is_integer() else None
    if kind == FAST_PHONE:
        return raw if cls is str and _MOBILE.match(raw) else None
    return None


def fast_id(raw: Any, today: dt.date) -> IdResult | None:
    """An identity number already in canonical form and valid (core.ids.canonical_id), with no
    findings; None → core.ids.check_id_cell decides and writes the messages."""
    parts = canonical_id(raw, today)
    if parts is None:
        return None
    number, birth, gender = parts
    return IdResult(number, number, True, gender=gender, birth_date=birth)


def _coverage_start(year: int, today: dt.date) -> dt.date:
    """R-INS-3 in short: Jan 1 for the concentrated window, else the 1st of next month."""
    first = dt.date(year, 1, 1)
    if today <= dt.date(year, 2, 28) or today.year < year:
        return first
    nxt = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    return max(first, min(nxt, dt.date(year, 12, 1)))


def _number_text(raw: Any) -> str:
    """A phone typed as a number: 13812345678.0 → "13812345678" (11 digits survive Excel)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _split_word(raw: Any, col: Any) -> Any:
    """A split choice (婚否) kept in one column may say 是 / 否 instead of the option label."""
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if text in {o.value for o in col.options} | {o.label for o in col.options}:
        return text
    state = tick_state(text)
    if state is True:
        return col.options[0].value
    if state is False and len(col.options) == 2 and text:
        return col.options[1].value
    return raw
