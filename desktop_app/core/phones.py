"""Phone numbers: R-PHONE-1.

手机 fields take a mainland mobile number (11 digits, 1[3-9]…); "+86", "86", "0086",
spaces and hyphens are tolerated and removed.  电话 fields take a mobile number or a
landline: 7–8 digit local number, optional area code (0xx or 0xxx, with or without "-"
or brackets), optional extension after "-", "转", "ext" or "分机".
Blank input gives no finding: whether a field is required is the form layer's business.
"""

from __future__ import annotations

import re
import unicodedata

from desktop_app.core.findings import Finding, error

__all__ = ["check_mobile", "check_phone", "mask_phone", "normalize_phone"]

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area codes: 010 and 02x are three digits, every other one (03xx … 09xx) is four.
_LANDLINE_RE = re.compile(
    r"^(?:\(?(?P<area>0[12]\d|0[3-9]\d{2})\)?-?)?"
    r"(?P<local>[1-9]\d{6,7})"
    r"(?:(?:-|转|EXT\.?|分机)(?P<ext>\d{1,6}))?$"
)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"), "-")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def _clean(raw: object) -> str:
    """NFKC (full-width digits, （）, －), unify dashes, drop all whitespace, upper-case."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    text = text.translate(_DASHES).translate(_INVISIBLE)
    return "".join(text.split()).upper()


def _mobile_digits(cleaned: str) -> str:
    """Strip the country prefix and separators a mobile number may carry."""
    s = cleaned.replace("-", "").replace("(", "").replace(")", "")
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("0086"):
        s = s[4:]
    elif s.startswith("86") and len(s) == 13:
        s = s[2:]
    return s


def normalize_phone(raw: object) -> str:
    """Canonical text of a phone number, or the cleaned input if it is neither kind.

    Mobile → "13812345678"; landline → "021-59729571", "59729571", "021-59729571转123".
    """
    normalized, _ = check_phone(raw)
    return normalized if normalized is not None else _clean(raw)


def check_mobile(raw: object, field: str = "mobile") -> tuple[str | None, list[Finding]]:
    """R-PHONE-1 for 手机 fields: (normalised 11 digits or None, findings)."""
    cleaned = _clean(raw)
    if not cleaned:
        return None, []
    digits = _mobile_digits(cleaned)
    if _MOBILE_RE.match(digits):
        return digits, []
    return None, [
        error(
            "R-PHONE-1",
            f"手机号码“{raw}”格式不正确：应为 11 位数字、以 13–19 开头（可带 +86）（R-PHONE-1）",
            field,
        )
    ]


def _landline(cleaned: str) -> str | None:
    m = _LANDLINE_RE.match(cleaned)
    if not m:
        return None
    text = m.group("local")
    if m.group("area"):
        text = f"{m.group('area')}-{text}"
    if m.group("ext"):
        text = f"{text}转{m.group('ext')}"
    return text


def check_phone(raw: object, field: str = "phone") -> tuple[str | None, list[Finding]]:
    """R-PHONE-1 for 电话 fields: a mobile number or a landline."""
    cleaned = _clean(raw)
    if not cleaned:
        return None, []
    digits = _mobile_digits(cleaned)
    if _MOBILE_RE.match(digits):
        return digits, []
    landline = _landline(cleaned)
    if landline is not None:
        return landline, []
    return None, [
        error(
            "R-PHONE-1",
            f"联系电话“{raw}”格式不正确：应为 11 位手机号码，或 7–8 位固定电话"
            "（可带区号如 021-，可带分机号）（R-PHONE-1）",
            field,
        )
    ]


def mask_phone(s: object) -> str:
    """Mask for lists (PIPL): 138****5678; landline 021-****9571 (extension kept)."""
    cleaned = _clean(s)
    if not cleaned:
        return ""
    digits = _mobile_digits(cleaned)
    if _MOBILE_RE.match(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    m = _LANDLINE_RE.match(cleaned)
    if m:
        local = m.group("local")
        text = "*" * (len(local) - 4) + local[-4:]
        if m.group("area"):
            text = f"{m.group('area')}-{text}"
        if m.group("ext"):
            text = f"{text}转{m.group('ext')}"
        return text
    if len(cleaned) <= 4:
        return "*" * len(cleaned)
    return "*" * (len(cleaned) - 4) + cleaned[-4:]
