"""Phone numbers: R-PHONE-1."""

from __future__ import annotations

import pytest

from desktop_app.core.phones import check_mobile, check_phone, mask_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits (NFKC)
        ("138\u30001234\u30005678", "13812345678"),  # ideographic spaces
        ("138—1234—5678", "13812345678"),  # dash variants typed by IMEs
        ("19912345678", "19912345678"),
        ("14782299123", "14782299123"),  # the contact mobile printed in attachment 2-3
    ],
)
def test_mobile_accepted_and_normalised(raw, expected):
    normalized, findings = check_mobile(raw)
    assert normalized == expected
    assert findings == []


@pytest.mark.parametrize(
    "raw",
    [
        "12812345678",
        "1381234567",
        "138123456789",
        "23812345678",
        "1381234567a",
        "+85213812345678",
        "59729571",
        "021-59729571",
    ],
)
def test_mobile_rejected(raw):
    normalized, findings = check_mobile(raw)
    assert normalized is None
    assert [(f.rule, f.severity) for f in findings] == [("R-PHONE-1", "error")]
    assert findings[0].message.endswith("（R-PHONE-1）")
    assert findings[0].fields == ("mobile",)


def test_blank_gives_no_finding():
    assert check_mobile("") == (None, [])
    assert check_mobile("   ") == (None, [])
    assert check_phone(None) == (None, [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("59729571", "59729571"),  # the district's contact number, no area code
        ("5972957", "5972957"),  # 7-digit local number
        ("021-59729571", "021-59729571"),
        ("02159729571", "021-59729571"),
        ("(021)59729571", "021-59729571"),
        ("（021）59729571", "021-59729571"),  # full-width brackets
        ("010-12345678", "010-12345678"),
        ("0512-6543210", "0512-6543210"),  # four-digit area code (Suzhou)
        ("05126543210", "0512-6543210"),
        ("021-59729571-123", "021-59729571转123"),
        ("021-59729571转123", "021-59729571转123"),
        ("021-59729571 ext 8", "021-59729571转8"),
        ("021-59729571 EXT.8", "021-59729571转8"),
        ("13812345678", "13812345678"),  # 电话 fields accept a mobile too
        ("+86 138 1234 5678", "13812345678"),
    ],
)
def test_phone_accepted(raw, expected):
    assert check_phone(raw) == (expected, [])


@pytest.mark.parametrize(
    "raw", ["123456", "021-123456", "0-59729571", "021-059729571", "电话", "5972-9571-"]
)
def test_phone_rejected(raw):
    normalized, findings = check_phone(raw)
    assert normalized is None
    assert [(f.rule, f.severity) for f in findings] == [("R-PHONE-1", "error")]
    assert findings[0].fields == ("phone",)


def test_normalize_phone():
    assert normalize_phone(" +86 138-1234-5678 ") == "13812345678"
    assert normalize_phone("（021）5972 9571") == "021-59729571"
    assert normalize_phone("abc 12") == "ABC12"  # unrecognised: cleaned text only


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("021-59729571") == "021-****9571"
    assert mask_phone("59729571") == "****9571"
    assert mask_phone("021-59729571转123") == "021-****9571转123"
    assert mask_phone("") == ""
    assert mask_phone("123") == "***"
