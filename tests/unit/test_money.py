"""Money: integer fen, Decimal shares, never float."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core.money import (
    divide_round,
    fen_to_yuan_plain,
    fen_to_yuan_str,
    format_percent,
    format_yuan,
    percent,
    to_fen,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        ("720", 72000),
        ("720.5", 72050),
        ("720.50", 72050),
        ("720.05", 72005),
        ("1,234.00", 123400),
        ("1,234,567.89", 123456789),
        ("￥720", 72000),
        ("¥ 720.00", 72000),
        ("720元", 72000),
        ("７２０．５", 72050),  # full-width digits and point
        (" 0 ", 0),
        ("-12.30", -1230),
        (720, 72000),
        (0, 0),
        (Decimal("720.5"), 72050),
        (Decimal("0.01"), 1),
        (Decimal("1E+2"), 10000),
    ],
)
def test_to_fen(value, fen):
    assert to_fen(value) == fen


@pytest.mark.parametrize(
    "value",
    [
        "720.555",
        "abc",
        "",
        " ",
        "1,23",
        "12,3456",
        "7 2 0x",
        "720.",
        ".5",
        "--5",
        "1.2.3",
        Decimal("0.001"),
        Decimal("NaN"),
    ],
)
def test_to_fen_rejects(value):
    with pytest.raises(ValueError):
        to_fen(value)


def test_to_fen_rejects_float_and_bool():
    with pytest.raises(TypeError):
        to_fen(720.5)
    with pytest.raises(TypeError):
        to_fen(True)


def test_yuan_to_fen():
    assert yuan_to_fen(800) == 80000
    with pytest.raises(TypeError):
        yuan_to_fen(8.0)


def test_fen_to_yuan_str():
    assert fen_to_yuan_str(600000) == "6,000.00"
    assert fen_to_yuan_str(600050) == "6,000.50"
    assert fen_to_yuan_str(5) == "0.05"
    assert fen_to_yuan_str(0) == "0.00"
    assert fen_to_yuan_str(-123456) == "-1,234.56"
    assert fen_to_yuan_str(123456789) == "1,234,567.89"
    assert fen_to_yuan_str(600000, grouping=False) == "6000.00"
    assert fen_to_yuan_plain(3327000) == "33270.00"


def test_round_trip():
    for fen in (0, 1, 99, 100, 72050, 3327000, 123456789):
        assert to_fen(fen_to_yuan_str(fen)) == fen
        assert to_fen(fen_to_yuan_plain(fen)) == fen


def test_format_yuan():
    assert format_yuan(600000) == "6,000 元"
    assert format_yuan(600050) == "6,000.50 元"
    assert format_yuan(900000) == "9,000 元"
    assert format_yuan(0) == "0 元"


def test_percent():
    assert percent(900000, 2160000) == Decimal("41.7")
    assert percent(800000, 2160000) == Decimal("37.0")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # half-up, not banker's rounding
    assert percent(1, 3, places=2) == Decimal("33.33")
    assert format_percent(percent(900000, 2160000)) == "41.7%"
    with pytest.raises(ValueError):
        percent(1, 0)


def test_divide_round():
    assert divide_round(2160000, 30) == 72000
    assert divide_round(100, 3) == 33
    assert divide_round(200, 3) == 67
    assert divide_round(5, 2) == 3
    with pytest.raises(ValueError):
        divide_round(1, 0)
