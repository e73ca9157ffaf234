"""Pinyin order (core.collation) for names and units, and the one number format (core.numfmt)."""

from __future__ import annotations

from desktop_app.core.collation import pinyin_key, sort_pinyin
from desktop_app.core.numfmt import fmt_int, fmt_pct, fmt_ratio


def test_names_sort_by_pinyin_not_code_point() -> None:
    names = ["刘芳", "张伟", "李娜", "王建国", "陈强"]
    assert sorted(names) == ["刘芳", "张伟", "李娜", "王建国", "陈强"]  # code points: the complaint
    assert sort_pinyin(names) == ["陈强", "李娜", "刘芳", "王建国", "张伟"]


def test_units_sort_by_pinyin_with_latin_and_digits_first() -> None:
    units = ["上海美馨健康体检中心有限公司", "复旦大学附属中山医院青浦分院体检中心", "ABC 公司", "3M 中国",
             "上海淀山湖门诊部健康体检中心", "安亭物流"]
    assert sort_pinyin(units) == ["3M 中国", "ABC 公司", "安亭物流", "复旦大学附属中山医院青浦分院体检中心",
                                  "上海淀山湖门诊部健康体检中心", "上海美馨健康体检中心有限公司"]


def test_key_is_a_plain_string_and_empty_first() -> None:
    assert pinyin_key(None) == pinyin_key("") == ""
    assert pinyin_key("李") < pinyin_key("刘") < pinyin_key("王")
    assert pinyin_key("李娜") < pinyin_key("李娜娜")


def test_number_format() -> None:
    assert fmt_int(10000) == "10,000"
    assert fmt_int(None) == ""
    assert fmt_pct(5, 10_000) == "<0.1%"
    assert fmt_pct(0, 10_000) == "0.0%"
    assert fmt_pct(3, 8) == "37.5%"
    assert fmt_pct(1, 1000) == "0.1%"
    assert fmt_pct(10, None) == "—"
    assert fmt_ratio(0.41666) == "41.7%"
    assert fmt_pct(123456, 1000) == "12,345.6%"
