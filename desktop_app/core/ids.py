"""Resident identity numbers (居民身份证号码, GB 11643-1999): R-ID-1 … R-ID-4.

Pure functions: normalise (R-ID-2), validate structure and check character (R-ID-1),
refuse numbers that went through an Excel number cell (R-ID-3), check birth date and
province code and compare with what a roster states (R-ID-4).  Uniqueness (R-ID-5)
needs the database and lives in the store/services layers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.core.findings import Finding, error, warning

__all__ = [
    "PROVINCE_CODES",
    "IdResult",
    "age_at",
    "canonical_id",
    "check_char",
    "check_id",
    "check_id_cell",
    "check_stated",
    "mask_id",
    "same_person_message",
    "normalize_id",
    "upgrade_15",
]

# R-ID-1: weights 2^(17-i) mod 11 and the check character table.
WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

# R-ID-4: province-level codes (first two digits of the address code); 71/81/82/83 are
# Taiwan / Hong Kong / Macau (residence permits use 830000 with the same algorithm).
PROVINCE_CODES: frozenset[str] = frozenset(
    f"{n:02d}"
    for n in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    )
)

EARLIEST_BIRTH = date(1900, 1, 1)  # anything earlier is a typo, not a worker

# Zero-width characters copy-pasted from web pages or WeChat; str.split() keeps them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# A number-cell rendering: "3.10118E+17", "3.10118e17", "310118198905170000.0".
_NUMERIC_CELL_RE = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$|^[+-]?\d+\.0+$")


@dataclass
class IdResult:
    """Outcome of checking one identity number; ``valid`` means no error finding."""

    input: str
    normalized: str
    valid: bool
    gender: str | None = None  # "男" / "女", only when valid
    birth_date: date | None = None  # only when valid
    converted_from_15: bool = False
    findings: list[Finding] = field(default_factory=list)
    converted_from: str | None = None  # the 15-digit number when converted_from_15

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "normalized": self.normalized,
            "valid": self.valid,
            "gender": self.gender,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "findings": [
                {"rule": f.rule, "severity": f.severity, "message": f.message}
                for f in self.findings
            ],
            "converted_from": self.converted_from,
        }


def normalize_id(raw: str) -> str:
    """R-ID-2: NFKC (full-width → half-width, U+3000 → space), drop every space, x → X.

    NFKC is applied to this field only; names must never go through it (PITFALLS §12).
    """
    text = unicodedata.normalize("NFKC", str(raw)).translate(_INVISIBLE)
    return "".join(text.split()).upper()


def check_char(first17: str) -> str:
    """R-ID-1: the check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"需要 17 位数字，得到 {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def upgrade_15(raw15: str) -> str:
    """R-ID-2: legacy 15-digit number (YYMMDD, 19YY) → 18 digits with check character."""
    s = normalize_id(raw15)
    if len(s) != 15 or not s.isascii() or not s.isdigit():
        raise ValueError(f"需要 15 位数字，得到 {raw15!r}")
    first17 = s[:6] + "19" + s[6:]
    return first17 + check_char(first17)


def age_at(birth: date, on: date) -> int:
    """Age in full years on ``on`` (a birthday counts on the day itself)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def _birth(digits8: str) -> date | None:
    try:
        return date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


_BIRTHS: dict[str, date] = {}  # "YYYYMMDD" → date, valid dates only (a bounded memo)
_GENDER_DIGIT = {str(d): ("男" if d % 2 else "女") for d in range(10)}


def canonical_id(raw: object, today: date) -> tuple[str, date, str] | None:
    """The fast verdict for bulk paths: (number, birth date, gender) when ``raw`` is already a
    canonical 18-character text (17 ASCII digits, then a digit or X) that :func:`check_id`
    accepts with no error (R-ID-1 check character, R-ID-4 province and birth date); None for
    anything else, which :func:`check_id` / :func:`check_id_cell` then decide and explain.
    Tested for agreement with check_id.

    The check character uses the identity Σ dᵢ·wᵢ ≡ 2·int(first17, 13) (mod 11): the weights
    are 2^(17-i) mod 11 and 13 ≡ 2 (mod 11), so one int() replaces seventeen multiplications.
    """
    if not isinstance(raw, str) or len(raw) != 18:
        return None
    s = raw
    head = s[:17]
    if not (head.isascii() and head.isdigit()) or CHECK_CHARS[2 * int(head, 13) % 11] != s[17]:
        return None
    if s[:2] not in PROVINCE_CODES:
        return None
    digits = s[6:14]
    birth = _BIRTHS.get(digits)
    if birth is None:
        birth = _birth(digits)
        if birth is None:
            return None
        if len(_BIRTHS) >= 50_000:
            _BIRTHS.clear()
        _BIRTHS[digits] = birth
    if birth > today or birth < EARLIEST_BIRTH:
        return None
    return s, birth, _GENDER_DIGIT[s[16]]


def check_id(raw: str, *, today: date | None = None) -> IdResult:
    """Check an identity number typed or imported as text (R-ID-1, R-ID-2, R-ID-4)."""
    today = today or date.today()
    raw_text = "" if raw is None else str(raw)
    s = normalize_id(raw_text)
    findings: list[Finding] = []
    result = IdResult(input=raw_text, normalized=s, valid=False, findings=findings)

    if not s:
        findings.append(error("R-ID-1", "身份证号码为空（R-ID-1）"))
        return result
    if _NUMERIC_CELL_RE.match(s):  # e.g. "3.10118E+17" pasted from a number cell (R-ID-3)
        findings.append(_excel_number_finding(raw_text.strip()))
        return result
    if len(s) == 15 and s.isascii() and s.isdigit():
        s18 = upgrade_15(s)
        findings.append(
            warning(
                "R-ID-2",
                f"15 位旧身份证号码 {s} 已自动升级为 18 位：{s18}（R-ID-2）",
            )
        )
        result.converted_from_15, result.converted_from = True, s
        result.normalized = s = s18
    elif len(s) != 18:
        findings.append(error("R-ID-1", f"身份证号码应为 18 位，实际为 {len(s)} 位：{s}（R-ID-1）"))
        return result

    first17, last = s[:17], s[17]
    if not (first17.isascii() and first17.isdigit()) or last not in "0123456789X":
        findings.append(
            error(
                "R-ID-1",
                f"身份证号码 {s} 含有非法字符：前 17 位须为数字，末位须为数字或 X（R-ID-1）",
            )
        )
        return result
    expected = check_char(first17)
    if last != expected:
        findings.append(
            error(
                "R-ID-1", f"身份证号码 {s} 校验码错误：末位应为 {expected}，实际为 {last}（R-ID-1）"
            )
        )
    if first17[:2] not in PROVINCE_CODES:
        findings.append(
            error(
                "R-ID-4",
                f"身份证号码 {s} 的前两位 {first17[:2]} 不是有效的省级行政区划代码（R-ID-4）",
            )
        )
    birth = _birth(first17[6:14])
    ymd = first17[6:14]
    if birth is None:
        findings.append(
            error("R-ID-4", f"身份证号码 {s} 中的出生日期 {ymd} 不是有效日期（R-ID-4）")
        )
    elif birth > today:
        findings.append(
            error(
                "R-ID-4",
                f"身份证号码 {s} 中的出生日期 {birth.isoformat()} 晚于今天（{today.isoformat()}）（R-ID-4）",
            )
        )
    elif birth < EARLIEST_BIRTH:
        findings.append(
            error(
                "R-ID-4",
                f"身份证号码 {s} 中的出生日期 {birth.isoformat()} 早于 1900 年，不可能有效（R-ID-4）",
            )
        )

    result.valid = not any(f.is_error for f in findings)
    if result.valid:
        result.birth_date = birth
        result.gender = "男" if int(first17[16]) % 2 == 1 else "女"
    return result


def _excel_number_finding(shown: str) -> Finding:
    return error(
        "R-ID-3",
        f"身份证号码 {shown} 来自 Excel 数值单元格：Excel 数值单元格只保留 15 位有效数字，"
        "号码已损坏，无法还原。请将该列设置为文本格式后重新录入（R-ID-3）",
    )


def check_id_cell(value: object, *, today: date | None = None) -> IdResult:
    """Check an identity number read from a spreadsheet cell (adds R-ID-3).

    A number cell (int/float/Decimal, or text that is a number rendering such as
    "3.10118E+17" or "310118198905170000.0") has lost digits already: Excel keeps only
    15 significant digits.  It is rejected and never "repaired" (PITFALLS §8).
    """
    if value is None:
        return check_id("", today=today)
    if isinstance(value, bool):
        return check_id(str(value), today=today)
    if isinstance(value, (int, float, Decimal)):
        shown = str(value)
        return IdResult(
            input=shown,
            normalized=normalize_id(shown),
            valid=False,
            findings=[_excel_number_finding(shown)],
        )
    return check_id(str(value), today=today)  # number renderings in text: R-ID-3 there


def mask_id(s: str) -> str:
    """Mask for lists (PIPL): first 6 and last 4 visible, e.g. 310118********123X."""
    n = normalize_id(s) if s else ""
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


_GENDERS = ("男", "女")
_GENDER_WORDS = {"男": "男", "男性": "男", "M": "男", "女": "女", "女性": "女", "F": "女"}


def check_stated(
    result: IdResult,
    stated_gender: str | None,
    stated_age: int | str | None,
    on_date: date,
) -> list[Finding]:
    """R-ID-4: compare a roster's stated gender and age with the identity number.

    Gender mismatch is an error.  Age is a warning only, because rosters state the age
    at check time; both the age in full years on ``on_date`` and the year difference
    (on_date.year − birth year, how many paper rosters count it) are accepted.
    Blank stated values and invalid numbers give no finding.
    """
    if not result.valid or result.birth_date is None:
        return []
    findings: list[Finding] = []
    if stated_gender is not None and str(stated_gender).strip():
        said = stated_gender if stated_gender in _GENDERS else _GENDER_WORDS.get(str(stated_gender).strip().upper())
        if said is None:
            findings.append(
                error(
                    "R-ID-4", f"性别“{stated_gender}”无法识别，应填“男”或“女”（R-ID-4）", "gender"
                )
            )
        elif said != result.gender:
            findings.append(
                error(
                    "R-ID-4",
                    f"填写的性别为{said}，但身份证号码 {mask_id(result.normalized)} 显示为{result.gender}（R-ID-4）",
                    "gender",
                )
            )
    if stated_age is not None and str(stated_age).strip():
        actual = age_at(result.birth_date, on_date)
        try:
            said_age = stated_age if type(stated_age) is int else int(
                unicodedata.normalize("NFKC", str(stated_age)).strip().removesuffix("岁")
            )
        except ValueError:
            findings.append(warning("R-ID-4", f"年龄“{stated_age}”无法识别（R-ID-4）", "age"))
        else:
            if said_age not in (actual, on_date.year - result.birth_date.year):
                findings.append(
                    warning(
                        "R-ID-4",
                        f"填写的年龄为 {said_age} 岁，按身份证号码出生日期 {result.birth_date.isoformat()} "
                        f"计算，{on_date.isoformat()} 应为 {actual} 岁（R-ID-4）",
                        "age",
                    )
                )
    return findings


def same_person_message(number: str, year: int | str, record_id: int, unit: str | None) -> str:
    """R-ID-5's words wherever it is found (record editor, roster import): the person is already
    on another record of the project this year."""
    return (f"身份证号码 {number} 已在本项目 {year} 年度的记录 {record_id}（{unit or '未填单位'}）中，"
            "同一人同一项目每年只能享受一次（R-ID-5）")
