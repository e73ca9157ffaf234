"""Form field types and what each one does, in one place (issue 16 point 3).

One ``FieldType`` object per type a spec may name (``form_model.FIELD_TYPES`` plus a roster's
``seq``), as Tryton's field classes own their behaviour. Everything that used to switch on the
type name asks the object instead:

- ``parse(field, raw)``: typed text or a workbook cell → the stored JSON value (money as yuan
  text "12.50", dates as "2023-05-01", month-days as "05-01"); raises ``CoerceError`` with a
  Chinese message naming the field. ``typed(value)`` gives a stored value as a Python value
  (money in fen, dates as ``datetime.date``) for code that computes with it.
- ``check(field, value)``: the field-level findings (R-FORM-1, identity numbers R-ID-*, phones
  R-PHONE-1) of a non-empty stored value.
- ``display(field, value, masked=)``: the text on screen (option labels, 是/否, personal data
  masked when asked).
- ``excel_value(field, value, masked=)``: the workbook cell (numbers as numbers, money as
  ``Decimal``, identity numbers and phones always text — PITFALLS: an 18-digit number cell
  loses its last digits).
- ``print_text(field, value)``: the text a printed form shows ("2023年5月20日", option labels);
  ``roster_text`` the text of a printed roster cell (dates as 2023-05-20). The printer applies
  its own glyph cleaning at the edge (``documents.fonts.clean_text``).
- ``choices(field)``: the words a clerk picks from (Excel drop-down, completer);
  ``example(field)``: a filled example value.
- ``stored(value)``: an evaluator's typed result (money in fen, ``date``, ``bool``, a share as
  ``Decimal``) → the JSON value a record stores and an exchange package carries ("6,000.00",
  "2023-06-30", "是", "37.0%"). Evaluators compute typed values; ``core.evaluators.
  stored_computed`` applies this at the edge (``COMPUTED_TYPES`` adds the share type, which
  only evaluators produce).

Traits (plain attributes) say what a type is where code only needs to know that: personal data,
a phone, the identity number, a text cell in a workbook and its width, numeric, printed as boxes,
long text, and so on. A new type is a new entry in ``TYPES`` (and in ``form_model.FIELD_TYPES``;
``tests/unit/test_field_types.py`` holds the two together). Pure Python: no Qt, no I/O.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.core import ids, money, phones
from desktop_app.core.findings import Finding, error
from desktop_app.core.form_model import FORM_RULE, GENDERS, FieldSpec


class CoerceError(ValueError):
    """Text that cannot become a value of the field's type (Chinese message for the clerk)."""


class UnknownFieldType(KeyError):
    """A type name no ``FieldType`` describes (a spec the parser would have refused)."""

    def __str__(self) -> str:
        return f"未知的字段类型：{self.args[0]!r}"


_TRUE = {"是", "true", "1", "yes", "y", "√", "☑", "■", "✓", "x", "X", "有"}
_FALSE = {"否", "false", "0", "no", "n", "□", "无", ""}
_GENDER = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女"}
_MULTI_SPLIT = re.compile(r"[、,，;；/|\n]+")
_GENDER_OPTIONS = tuple((g, g) for g in GENDERS)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def is_empty(value: Any) -> bool:
    """None, blank text or an empty list: nothing entered."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _nothing(value: Any) -> bool:
    """None, "" or []: no cell, no screen text (blank text is kept as typed)."""
    return value is None or value == "" or value == []


def _bad(field: FieldSpec, what: str) -> list[Finding]:
    return [error(FORM_RULE, f"「{field.display_label}」{what}（{FORM_RULE}）", field.key)]


def to_fen(value: Any) -> int | None:
    """Yuan (text, int or Decimal) → fen via core.money; None when not a money amount."""
    if isinstance(value, (bool, float)):
        return None
    try:
        return money.to_fen(value)
    except (ValueError, TypeError, InvalidOperation):
        return None


def parse_date(text: str) -> _dt.date | None:
    """"2023-05-01", "2023/5/1", "2023年5月1日", "20230501" → a date; None otherwise."""
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def valid_month_day(month: int, day: int) -> bool:
    try:
        _dt.date(2000, month, day)  # a leap year: 02-29 is a valid month-day
    except ValueError:
        return False
    return True


def date_text(value: Any) -> str:
    """"2023-05-20" → "2023年5月20日" (as written on Chinese forms); unparsable text as is."""
    if isinstance(value, _dt.date):
        d = value
    else:
        try:
            d = _dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return str(value)
    return f"{d.year}年{d.month}月{d.day}日"


def month_day_text(value: Any) -> str:
    """"05-01" → "5月1日"; unparsable text as is."""
    text = str(value).strip()
    try:
        month, day = (int(p) for p in text.split("-")[-2:])
    except ValueError:
        return text
    return f"{month}月{day}日"


# How the bulk roster import reads a clean cell without the generic parse (services.import_rows):
# trimmed text; 男 / 女 exactly; an 11-digit mobile number; a whole number.
FAST_TEXT, FAST_GENDER, FAST_PHONE, FAST_INT = "fast:text", "fast:gender", "fast:phone", "fast:int"


def _yes_no(value: Any) -> str:
    return "是" if value else "否"


class FieldType:
    """A field type: traits plus the behaviour every edge asks for. The base class is the
    plain text behaviour; subclasses override what differs."""

    personal = False  # identity numbers, phones: masked unless revealed
    phone = False  # a telephone number (core.phones: landline or mobile)
    identity = False  # the person's identity number (GB 11643)
    text_cell = False  # a workbook column formatted as text
    excel_width: float | None = None  # fixed column width in a workbook (characters)
    roster_sample: str | None = None  # the widest usual printed text: a roster column's least width
    printed_as_text = False  # a roster prints the stored text as it is (trimmed)
    numeric = False  # a number (int, money): list columns of numbers, short blanks on paper
    integer = False  # a whole number (headcounts, count columns)
    centred = False  # centred in a grid cell on screen
    boxed = False  # printed as □ boxes (options, yes/no, gender): no text to wrap or shrink
    tick_box = False  # one box, ticked for yes
    long_text = False  # several lines of free text (printed top-aligned in its own room)
    wide = False  # takes a whole row of a generated label/value grid
    has_options = False  # the spec lists its options
    many = False  # the value is a list (several options)
    picks_one = False  # one of the spec's options
    free_text = False  # one line of free text
    dated = False  # a calendar date
    day_of_year = False  # a month and day of the project's year
    sex = False  # 男 / 女 (an identity number states it)
    person_row = False  # can be a column of a one-person form's Excel row
    row_number = False  # a roster's 序号, numbered by position, never entered
    decimal = False  # a decimal amount: a workbook's float cell is read as its decimal text
    import_fast: str | None = None  # the bulk import's shortcut for a clean cell (FAST_*)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<FieldType {self.name}>"

    # -- reading -------------------------------------------------------------------------
    empty: Any = None  # the stored value of nothing entered

    def parse(self, field: FieldSpec, raw: Any) -> Any:
        """Typed text (screen, Excel cell) → the stored JSON value; None when empty.
        ``raw`` is not None (``coerce_value`` maps None to ``empty``)."""
        text = nfkc(str(raw))
        if text == "":
            return None
        return self.parse_text(field, raw, text)

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        """``text``: the NFKC-normalised, trimmed, non-empty form of ``raw``."""
        return str(raw).strip()

    def typed(self, value: Any) -> Any:
        """A stored value as Python computes with it (fen, dates); None when empty."""
        return None if is_empty(value) else value

    # Python types an evaluator may return for a computed value of this type (stored as is).
    computed_as: tuple[type, ...] = (str,)

    def stored(self, value: Any) -> Any:
        """An evaluator's typed result → the JSON value a record stores and a package carries
        (the text older programs wrote: the exchanged bytes must not change); None stays None.
        A value of another Python type is a programming error (TypeError)."""
        if value is None:
            return None
        if type(value) not in self.computed_as:
            raise TypeError(f"computed {self.name} value {value!r} ({type(value).__name__})")
        return self.stored_text(value)

    def stored_text(self, value: Any) -> Any:
        return value

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        """Field-level findings of a non-empty stored value."""
        if not isinstance(value, str):
            return _bad(field, "应为文字")
        if field.max_length and len(value) > field.max_length:
            return _bad(field, f"不能超过 {field.max_length} 个字（现为 {len(value)} 个）")
        return []

    # -- showing -------------------------------------------------------------------------
    def mask(self, text: str) -> str:
        return text

    def display(self, field: FieldSpec, value: Any, *, masked: bool = False) -> str:
        """The value on screen; personal data masked when ``masked``."""
        if _nothing(value):
            return ""
        text = str(value)
        return self.mask(text) if masked and self.personal else text

    def excel_value(self, field: FieldSpec, value: Any, *, masked: bool = False) -> Any:
        """The workbook cell; None when empty."""
        if _nothing(value):
            return None
        if self.personal:
            return self.mask(str(value)) if masked else str(value)
        return value if isinstance(value, str) else str(value)

    def print_text(self, field: FieldSpec, value: Any) -> str:
        """The value as one line of printed text (detail sheets, glyph checks)."""
        return "" if is_empty(value) else str(value)

    def roster_text(self, field: FieldSpec, value: Any) -> str:
        """The text of a printed roster cell."""
        if value is None or value == "":
            return ""
        if self.printed_as_text and isinstance(value, str):
            return value.strip()
        return self.print_text(field, value)

    def options(self, field: FieldSpec) -> tuple[tuple[str, str], ...]:
        """(value, label) of the options printed beside boxes."""
        return tuple((o.value, o.label) for o in field.options)

    def choices(self, field: FieldSpec) -> tuple[str, ...]:
        """The words a clerk picks from (drop-down lists, completers); () for free input."""
        return ()

    def example(self, field: FieldSpec) -> Any:
        """A filled example value (screenshots, the round-trip tests, 示例 data)."""
        value = f"{field.label}示例"
        return value[: field.max_length] if field.max_length else value


class TextType(FieldType):
    free_text = text_cell = printed_as_text = person_row = True
    import_fast = FAST_TEXT


class MultilineType(FieldType):
    long_text = wide = True

    def example(self, field: FieldSpec) -> Any:
        return f"{field.label}：按实际情况填写，内容真实可信。"


class IntType(FieldType):
    numeric = integer = centred = person_row = True
    import_fast = FAST_INT
    computed_as = (int,)

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        cleaned = text.replace(",", "").removesuffix("人").removesuffix("个").strip()
        if re.fullmatch(r"[+-]?\d+(\.0+)?", cleaned):
            return int(Decimal(cleaned))
        raise CoerceError(f"「{field.display_label}」应为整数，不能是“{raw}”")

    def typed(self, value: Any) -> Any:
        if is_empty(value):
            return None
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        return value

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        number = self.typed(value)
        if isinstance(number, bool) or not isinstance(number, int):
            return _bad(field, f"应为整数，不能是“{value}”")
        if field.minimum is not None and number < field.minimum:
            return _bad(field, f"不能小于 {field.minimum}（现为 {number}）")
        if field.maximum is not None and number > field.maximum:
            return _bad(field, f"不能大于 {field.maximum}（现为 {number}）")
        return []

    def excel_value(self, field: FieldSpec, value: Any, *, masked: bool = False) -> Any:
        if not _nothing(value) and isinstance(value, (int, str)) and str(value).lstrip("-").isdigit():
            return int(value)
        return super().excel_value(field, value)

    def example(self, field: FieldSpec) -> Any:
        low = field.minimum if field.minimum is not None else 0
        return max(low, 30 if "人数" in field.label else 2)


class SeqType(IntType):
    row_number = True
    roster_sample = "99999"
    person_row = False


class MoneyType(FieldType):
    """Yuan with at most two decimals, stored as text ("12.50"); ``typed`` gives fen."""

    numeric = decimal = True
    computed_as = (int,)  # fen

    def stored_text(self, value: Any) -> Any:
        return money.fen_to_yuan_str(value)  # "6,000.00" (a field's own value is "6000.00")

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        fen = to_fen(raw if isinstance(raw, (int, Decimal)) else text)
        if fen is None:
            raise CoerceError(f"「{field.display_label}」应为金额（元，最多两位小数），不能是“{raw}”")
        return money.fen_to_yuan_plain(fen)

    def typed(self, value: Any) -> int | None:
        return None if is_empty(value) else to_fen(value)

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        fen = to_fen(value)
        if fen is None:
            return _bad(field, f"应为金额（元，最多两位小数），不能是“{value}”")
        if fen < 0:
            return _bad(field, f"不能为负数（现为 {value}）")
        return []

    def excel_value(self, field: FieldSpec, value: Any, *, masked: bool = False) -> Any:
        if _nothing(value):
            return None
        try:
            return Decimal(str(value).replace(",", ""))
        except InvalidOperation:
            return str(value)

    def example(self, field: FieldSpec) -> Any:
        return "0.00" if "收取" in field.label else "100.00"


class DateType(FieldType):
    dated = True
    roster_sample = "2023-12-31"
    computed_as = (_dt.date,)

    def stored_text(self, value: Any) -> Any:
        return value.isoformat()

    def parse(self, field: FieldSpec, raw: Any) -> Any:
        if isinstance(raw, (_dt.date, _dt.datetime)):
            return (raw.date() if isinstance(raw, _dt.datetime) else raw).isoformat()
        return super().parse(field, raw)

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        value = parse_date(text)
        if value is None:
            raise CoerceError(f"「{field.display_label}」应为日期（如 2023-05-01），不能是“{raw}”")
        return value.isoformat()

    def typed(self, value: Any) -> _dt.date | None:
        if isinstance(value, _dt.date):
            return value
        return None if is_empty(value) else parse_date(str(value).strip())

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) \
                or parse_date(value) is None:
            return _bad(field, f"应为有效日期（YYYY-MM-DD），不能是“{value}”")
        return []

    def print_text(self, field: FieldSpec, value: Any) -> str:
        return "" if is_empty(value) else date_text(value)

    def roster_text(self, field: FieldSpec, value: Any) -> str:
        return "" if value is None or value == "" else str(value)[:10]

    def example(self, field: FieldSpec) -> Any:
        return None if field.key.startswith("stamp_") else "2023-06-15"


class MonthDayType(FieldType):
    day_of_year = True

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        m = re.fullmatch(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        if not m or not valid_month_day(int(m[1]), int(m[2])):
            raise CoerceError(f"「{field.display_label}」应为月日（如 5月1日 或 05-01），不能是“{raw}”")
        return f"{int(m[1]):02d}-{int(m[2]):02d}"

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        m = re.fullmatch(r"(\d{2})-(\d{2})", value) if isinstance(value, str) else None
        if not m or not valid_month_day(int(m[1]), int(m[2])):
            return _bad(field, f"应为有效的月日（MM-DD），不能是“{value}”")
        return []

    def print_text(self, field: FieldSpec, value: Any) -> str:
        return "" if is_empty(value) else month_day_text(value)

    def example(self, field: FieldSpec) -> Any:
        return "06-10"


class GenderType(FieldType):
    printed_as_text = centred = boxed = person_row = sex = True
    import_fast = FAST_GENDER

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        g = _GENDER.get(text.lower()) or _GENDER.get(text.removesuffix("性"))
        if g is None:
            raise CoerceError(f"「{field.display_label}」应为“男”或“女”，不能是“{raw}”")
        return g

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        return [] if value in GENDERS else _bad(field, f"应为“男”或“女”，不能是“{value}”")

    def options(self, field: FieldSpec) -> tuple[tuple[str, str], ...]:
        return super().options(field) or _GENDER_OPTIONS

    def choices(self, field: FieldSpec) -> tuple[str, ...]:
        return GENDERS

    def example(self, field: FieldSpec) -> Any:
        return "女"


class IdNumberType(FieldType):
    """GB 11643 identity numbers: normalised on input (R-ID-2), a number cell refused (R-ID-3),
    checked by core.ids, always text in a workbook."""

    personal = identity = text_cell = printed_as_text = person_row = True
    excel_width = 22
    roster_sample = "44030619800229051X"

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        if not isinstance(raw, str):
            for f in ids.check_id_cell(raw).findings:
                if f.rule == "R-ID-3":
                    raise CoerceError(f"「{field.display_label}」{f.message}")
        return ids.normalize_id(text)

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        if not isinstance(value, str):
            return _bad(field, "应为文字")
        return _named(field, ids.check_id(value).findings)

    def mask(self, text: str) -> str:
        return ids.mask_id(text)

    def example(self, field: FieldSpec) -> Any:
        return "31011819890517002X"


class PhoneType(FieldType):
    """A landline or mobile number (``mobile``: a mobile only), checked by core.phones."""

    personal = phone = text_cell = printed_as_text = person_row = True
    excel_width = 15
    import_fast = FAST_PHONE

    def __init__(self, name: str, mobile_only: bool) -> None:
        super().__init__(name)
        self.mobile_only = mobile_only
        self.roster_sample = "13900000000" if mobile_only else "021-59871234"

    def checker(self, text: object, key: str | None = None) -> tuple[str | None, list[Finding]]:
        """core.phones' check: (normalised number or None, R-PHONE-1 findings)."""
        check = phones.check_mobile if self.mobile_only else phones.check_phone
        return check(text) if key is None else check(text, key)

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        normalized, _ = self.checker(text)
        return normalized if normalized is not None else text

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        if not isinstance(value, str):
            return _bad(field, "应为文字")
        return _named(field, self.checker(value)[1])

    def mask(self, text: str) -> str:
        return phones.mask_phone(text)

    def example(self, field: FieldSpec) -> Any:
        return "13812345678" if self.mobile_only else "021-59731234"


class BoolType(FieldType):
    boxed = tick_box = person_row = True
    empty = False
    computed_as = (bool,)

    def stored_text(self, value: Any) -> Any:
        return _yes_no(value)

    def parse(self, field: FieldSpec, raw: Any) -> Any:
        if isinstance(raw, bool):
            return raw
        text = nfkc(str(raw))
        if text.lower() in _TRUE or text in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise CoerceError(f"「{field.display_label}」应填“是”或“否”，不能是“{raw}”")

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        return [] if isinstance(value, bool) else _bad(field, "应为“是”或“否”")

    def display(self, field: FieldSpec, value: Any, *, masked: bool = False) -> str:
        return "" if _nothing(value) else _yes_no(value)

    def excel_value(self, field: FieldSpec, value: Any, *, masked: bool = False) -> Any:
        return None if _nothing(value) else _yes_no(value)

    def print_text(self, field: FieldSpec, value: Any) -> str:
        return "" if is_empty(value) else _yes_no(value)

    def choices(self, field: FieldSpec) -> tuple[str, ...]:
        return ("是", "否")

    def example(self, field: FieldSpec) -> Any:
        return True


def _option(field: FieldSpec, text: str) -> str:
    """An option's value from its value or its label as printed ("1 长三角区域" also matches
    "长三角区域"); CoerceError listing the options otherwise."""
    text = nfkc(text).lstrip("□☑■√✓ ").strip()
    for o in field.options:
        if text in (o.value, nfkc(o.label)):
            return o.value
    for o in field.options:
        if re.sub(r"^\w\s+", "", nfkc(o.label)) == text or o.value.lower() == text.lower():
            return o.value
    choices = "、".join(o.label for o in field.options)
    raise CoerceError(f"「{field.display_label}」应为以下之一：{choices}；不能是“{text}”")


class ChoiceType(FieldType):
    """One of the spec's options, stored by value, shown and printed by label."""

    boxed = has_options = picks_one = person_row = True

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        return _option(field, text)

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        if value not in field.option_values:
            return _bad(field, f"应为以下之一：{'、'.join(o.label for o in field.options)}；不能是“{value}”")
        return []

    def display(self, field: FieldSpec, value: Any, *, masked: bool = False) -> str:
        return "" if _nothing(value) else field.option_label(value)

    def excel_value(self, field: FieldSpec, value: Any, *, masked: bool = False) -> Any:
        return None if _nothing(value) else field.option_label(value)

    def print_text(self, field: FieldSpec, value: Any) -> str:
        if is_empty(value):
            return ""
        chosen = {str(v) for v in value} if isinstance(value, (list, tuple, set)) else {str(value)}
        opts = self.options(field)
        labels = [label for v, label in opts if v in chosen]
        known = {v for v, _ in opts}
        return "、".join(labels + sorted(chosen - known))

    def choices(self, field: FieldSpec) -> tuple[str, ...]:
        return tuple(o.label for o in field.options)

    def example(self, field: FieldSpec) -> Any:
        return field.options[0].value


class MultiChoiceType(ChoiceType):
    """Several of the spec's options, stored as a list of values."""

    picks_one = person_row = False
    many = wide = True

    def parse(self, field: FieldSpec, raw: Any) -> Any:
        if isinstance(raw, (list, tuple)):
            return [_option(field, str(x)) for x in raw]
        return super().parse(field, raw)

    def parse_text(self, field: FieldSpec, raw: Any, text: str) -> Any:
        values: list[str] = []
        for piece in _MULTI_SPLIT.split(text):
            if piece.strip():
                v = _option(field, piece.strip())
                if v not in values:
                    values.append(v)
        return values

    def check(self, field: FieldSpec, value: Any) -> list[Finding]:
        if not isinstance(value, list):
            return _bad(field, "应为选项列表")
        unknown = [v for v in value if v not in field.option_values]
        if unknown:
            return _bad(field, f"含有未知选项：{'、'.join(map(str, unknown))}")
        if len(set(value)) != len(value):
            return _bad(field, "选项重复")
        return []

    def display(self, field: FieldSpec, value: Any, *, masked: bool = False) -> str:
        if isinstance(value, list):
            return "、".join(field.option_label(v) for v in value)
        return super().display(field, value)

    def excel_value(self, field: FieldSpec, value: Any, *, masked: bool = False) -> Any:
        if _nothing(value):
            return None
        if isinstance(value, list):
            return "、".join(field.option_label(v) for v in value)
        return value if isinstance(value, str) else str(value)

    def choices(self, field: FieldSpec) -> tuple[str, ...]:
        return ()  # several words: no single-pick list

    def example(self, field: FieldSpec) -> Any:
        return [o.value for o in field.options[:2]]


def _named(field: FieldSpec, found: Iterable[Finding]) -> list[Finding]:
    """core.ids / core.phones findings, the field's label put in front where they lack it."""
    out: list[Finding] = []
    for item in found:
        message = item.message
        if field.display_label not in message:
            message = f"「{field.display_label}」：{message}"
        out.append(Finding(item.rule, item.severity, message, (field.key,)))
    return out


TYPES: dict[str, FieldType] = {t.name: t for t in (
    TextType("text"),
    MultilineType("multiline"),
    IntType("int"),
    MoneyType("money"),
    DateType("date"),
    MonthDayType("month_day"),
    PhoneType("phone", mobile_only=False),
    PhoneType("mobile", mobile_only=True),
    IdNumberType("id_number"),
    GenderType("gender"),
    BoolType("bool"),
    ChoiceType("choice"),
    MultiChoiceType("multi_choice"),
    SeqType("seq"),  # a roster's row number
)}


class PercentType(FieldType):
    """A share an evaluator computes (餐费占比): a ``Decimal`` percentage, rounded as the rule
    says, stored as "37.0%". Not a type a spec's input field may have."""

    numeric = True
    computed_as = (Decimal,)

    def stored_text(self, value: Any) -> Any:
        return money.format_percent(value)


# What an evaluator's computed values may be: the field types plus the share.
COMPUTED_TYPES: dict[str, FieldType] = {**TYPES, "percent": PercentType("percent")}


def computed_type(name: str) -> FieldType:
    """The type of a computed value (``core.evaluators.EVALUATOR_COMPUTED``)."""
    try:
        return COMPUTED_TYPES[name]
    except KeyError:
        raise UnknownFieldType(name) from None


def field_type(name: str) -> FieldType:
    """The type called ``name``; ``UnknownFieldType`` for a name no spec may use."""
    try:
        return TYPES[name]
    except KeyError:
        raise UnknownFieldType(name) from None


def type_of(name: str | None) -> FieldType | None:
    """The type called ``name``, or None — for places that hold other kinds beside field types
    (a workbook column mapped to nothing, a roster's tick column)."""
    return TYPES.get(name) if name else None


def identity_key(fields: Iterable[FieldSpec | Any]) -> str | None:
    """The key of the first identity-number field (or roster column), None when there is none."""
    return next((f.key for f in fields if field_type(f.type).identity), None)
