"""The Excel columns of a form: its roster columns, or the person row of a one-person form.

A roster form (2-3-6) has ``spec.roster``. Registration / record forms that register one
person each (JS-8, INS, ILL, WISH …) have no roster, but enterprises still send their people
as an Excel list: :func:`row_spec` derives a :class:`RosterSpec` from such a form's fields
(required fields plus the person's own fields), so import, templates and exports treat both
alike. :func:`leaves` flattens a spec into the physical Excel columns, a split choice
(婚否) giving one tick column per option under a two-level header.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from desktop_app.core.field_types import field_type, identity_key
from desktop_app.core.forms import FormSpec, RosterColumn, RosterSpec

# Other header names enterprises use for a person-row form's fields (roster specs carry their
# own synonyms in resources/forms).
PERSON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("名字", "职工姓名", "员工姓名"),
    "id_number": ("身份证号", "身份证号码", "证件号码", "公民身份号码", "身份证"),
    "gender": ("性 别",),
    "work_unit": ("单位", "工作单位", "单位名称", "所在单位"),
    "phone": ("手机", "电话", "联系电话", "手机号码", "手机号"),
    "mobile": ("手机", "手机号码", "手机号", "联系电话", "电话"),
    "industry": ("所属行业", "行业类别"),
}
# Person registry attributes a person-row form's field can feed (key → Person attribute).
PERSON_ATTRS: dict[str, str] = {
    "name": "name", "id_number": "id_number", "gender": "gender", "work_unit": "work_unit",
    "phone": "phone", "mobile": "phone", "industry": "industry", "is_member": "is_member",
    "member_card_no": "member_card_no",
}
TICKS = {"√", "✓", "✔", "☑", "■", "●", "是", "1", "Y", "YES", "V", "对", "TRUE"}
NO_TICKS = {"", "否", "0", "N", "NO", "×", "✗", "✘", "FALSE", "□", "-", "/"}


def is_roster_form(spec: FormSpec) -> bool:
    return spec.roster is not None


def has_person_rows(spec: FormSpec) -> bool:
    """A roster, or a one-person form with an identity number (JS-8, INS, ILL, WISH …)."""
    return spec.roster is not None or identity_key(spec.fields) is not None


def row_spec(spec: FormSpec) -> RosterSpec | None:
    """The Excel row layout of a form, or None when it has no person rows."""
    if spec.roster is not None:
        return spec.roster
    if identity_key(spec.fields) is None:
        return None
    stamps = set(spec.stamp_keys)
    cols: list[RosterColumn] = []
    person: dict[str, str] = {}
    for f in spec.fields:
        ft = field_type(f.type)
        if f.key in stamps or f.key == "fill_date" or not ft.person_row:
            continue
        attr = PERSON_ATTRS.get(f.key)
        if attr is None and ft.free_text and f.label.endswith("姓名") and "name" not in person.values():
            attr = "name"  # WISH: 职工姓名 is the person's name
        personal = attr is not None
        short_text = ft.free_text and (f.max_length or 999) <= 60
        if not (f.required or personal or short_text or ft.tick_box):
            continue
        taken = {n for c in cols for n in (c.label, *c.synonyms)}
        names = PERSON_SYNONYMS.get(attr or f.key, ()) + (("姓名",) if attr == "name" else ())
        synonyms = tuple(dict.fromkeys(s for s in names if s != f.label and s not in taken))
        cols.append(RosterColumn(
            key=f.key, label=f.display_label, type=f.type, required=f.required,
            options=f.options, synonyms=synonyms,
        ))
        if attr is not None and attr not in person.values():
            person[f.key] = attr
    return RosterSpec(tuple(cols), person)


def id_key(rspec: RosterSpec) -> str:
    for k, attr in (rspec.person_fields or {}).items():
        if attr == "id_number":
            return k
    return identity_key(rspec.columns) or "id_number"


@dataclass(frozen=True)
class Leaf:
    """One physical Excel column."""

    key: str
    option: str | None  # split sub-column: the option value it ticks
    top: str  # the header (upper header of a split column)
    sub: str | None  # the lower header of a split sub-column ("已婚")
    column: RosterColumn

    @property
    def target(self) -> str:
        return f"{self.key}={self.option}" if self.option is not None else self.key

    @property
    def header(self) -> str:
        return f"{self.top}/{self.sub}" if self.sub else self.top


def leaves(rspec: RosterSpec, *, printed_only: bool = False, split: bool = True) -> list[Leaf]:
    out: list[Leaf] = []
    for col in rspec.columns:
        if printed_only and not col.printed:
            continue
        if split and col.split and col.options:
            out += [Leaf(col.key, o.value, col.header, o.label, col) for o in col.options]
        else:
            out.append(Leaf(col.key, None, col.header, None, col))
    return out


def two_level(rspec: RosterSpec) -> bool:
    return any(c.split and c.options for c in rspec.columns)


def split_options(rspec: RosterSpec) -> dict[str, dict[str, str]]:
    """Split column key → {normalised option label: value} (header detection)."""
    from desktop_app.documents.xlsx_read import norm_text

    out: dict[str, dict[str, str]] = {}
    for c in rspec.columns:
        if c.split and c.options:
            out[c.key] = {norm_text(o.label): o.value for o in c.options}
            out[c.key].update({norm_text(o.value): o.value for o in c.options})
    return out


def tick_state(value: Any, option_label: str | None = None) -> bool | None:
    """A tick cell: True (ticked), False (empty / no), None (unreadable mark)."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value == 1 if value in (0, 1) else None
    text = unicodedata.normalize("NFKC", str(value)).strip().upper()
    if text in TICKS or (option_label and text == option_label.upper()):
        return True
    if text in NO_TICKS:
        return False
    return None


def header_band(cols: list[Leaf]) -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """Header rows and merges (0-based, relative: r0, c0, r1, c1) for ``cols``.

    With a split column the header has two levels: its name merged over its option
    sub-columns (婚否 over 已婚 / 未婚), every other header merged over both rows."""
    two = any(c.sub for c in cols)
    top: list[str | None] = []
    sub: list[str | None] = []
    merges: list[tuple[int, int, int, int]] = []
    i = 0
    while i < len(cols):
        leaf = cols[i]
        if leaf.sub:
            j = i
            while j + 1 < len(cols) and cols[j + 1].key == leaf.key and cols[j + 1].sub:
                j += 1
            top += [leaf.top] + [None] * (j - i)
            sub += [c.sub for c in cols[i : j + 1]]
            if j > i:
                merges.append((0, i, 0, j))
            i = j + 1
            continue
        top.append(leaf.top)
        sub.append(None)
        if two:
            merges.append((0, i, 1, i))
        i += 1
    return ([top, sub] if two else [top]), merges


def column_width(leaf: Leaf) -> float:
    """Excel column width (characters) from the spec's relative width."""
    fixed = field_type(leaf.column.type).excel_width
    if fixed is not None:
        return fixed
    if leaf.sub:
        return 6
    base = leaf.column.width if leaf.column.width else max(2.0, len(leaf.top) * 0.9)
    return max(6.0, min(40.0, base * 4.5))
