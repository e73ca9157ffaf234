"""Identity numbers: R-ID-1 … R-ID-4 (DOMAIN §2, §5 worked examples)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.ids import (
    PROVINCE_CODES,
    age_at,
    check_char,
    check_id,
    check_id_cell,
    check_stated,
    mask_id,
    normalize_id,
    upgrade_15,
)

TODAY = date(2024, 3, 1)


def rules(result) -> list[str]:
    return [f.rule for f in result.findings]


def make_id(prefix17: str) -> str:
    return prefix17 + check_char(prefix17)


# ---- DOMAIN §5 worked examples -----------------------------------------------------------
def test_worked_example_female_with_x():
    r = check_id("31011819890517002X", today=TODAY)
    assert r.valid
    assert r.gender == "女"  # sequence 002 is even
    assert r.birth_date == date(1989, 5, 17)
    assert r.findings == []


def test_worked_example_male_leap_day_1980():
    r = check_id("440306198002290519", today=TODAY)
    assert r.valid
    assert r.gender == "男"
    assert r.birth_date == date(1980, 2, 29)


def test_worked_example_wrong_check_character():
    r = check_id("310118198905170021", today=TODAY)
    assert not r.valid
    assert rules(r) == ["R-ID-1"]
    assert "末位应为 X" in r.findings[0].message
    assert r.findings[0].message.endswith("（R-ID-1）")
    assert r.gender is None and r.birth_date is None


def test_worked_example_no_such_date_1981_not_leap():
    assert check_char("44030619810229051") == "6"  # the check character itself is right
    r = check_id("440306198102290516", today=TODAY)
    assert not r.valid
    assert rules(r) == ["R-ID-4"]
    assert "19810229" in r.findings[0].message


def test_worked_example_legacy_15_digits():
    r = check_id("310118890517002", today=TODAY)
    assert r.valid
    assert r.normalized == "31011819890517002X"
    assert r.converted_from_15 and r.converted_from == "310118890517002"
    assert [(f.rule, f.severity) for f in r.findings] == [("R-ID-2", "warning")]
    assert "31011819890517002X" in r.findings[0].message
    assert r.birth_date == date(1989, 5, 17)


def test_worked_example_full_width_and_spaces():
    raw = " 31011８1989０517002x "
    assert normalize_id(raw) == "31011819890517002X"
    r = check_id(raw, today=TODAY)
    assert r.valid and r.normalized == "31011819890517002X" and r.input == raw


# ---- R-ID-1 check character ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # PITFALLS §33 verified examples
        ("44052418800101001", "4"),
        ("37010119010203997", "3"),
        ("31011819890517002", "X"),
        ("44030619800229051", "9"),
    ],
)
def test_check_char_known_values(first17, expected):
    assert check_char(first17) == expected


def test_check_char_rejects_bad_input():
    with pytest.raises(ValueError):
        check_char("1234")
    with pytest.raises(ValueError):
        check_char("1101051949123100X")


def test_float_damaged_number_fails_check():
    # float('11010519491231002X'-ish) came back as ...0021 / ...0016: the check catches it.
    assert rules(check_id("110105194912310021", today=TODAY)) == ["R-ID-1"]
    assert rules(check_id("110105194912310016", today=TODAY)) == ["R-ID-1"]


@pytest.mark.parametrize("raw", ["3101181989051700", "3101181989051700211", "12345"])
def test_wrong_length_is_r_id_1(raw):
    r = check_id(raw, today=TODAY)
    assert not r.valid and rules(r) == ["R-ID-1"]
    assert f"实际为 {len(raw)} 位" in r.findings[0].message


def test_non_digit_characters_are_r_id_1():
    r = check_id("3101181989O517002X", today=TODAY)  # letter O for zero
    assert not r.valid and rules(r) == ["R-ID-1"]
    assert "非法字符" in r.findings[0].message
    assert rules(check_id("31011819890517002Y", today=TODAY)) == ["R-ID-1"]


def test_empty_is_r_id_1():
    r = check_id("   ", today=TODAY)
    assert not r.valid and rules(r) == ["R-ID-1"]


# ---- R-ID-2 normalisation -----------------------------------------------------------------
def test_lower_case_x_is_upper_cased():
    r = check_id("31011819890517002x", today=TODAY)
    assert r.valid and r.normalized == "31011819890517002X"


def test_ideographic_space_and_inner_spaces_removed():
    assert normalize_id("310118\u30001989 0517\t002X") == "31011819890517002X"
    assert normalize_id("\ufeff31011819890517002X\u200b") == "31011819890517002X"


def test_full_width_x():
    assert normalize_id("３１０１１８１９８９０５１７００２Ｘ") == "31011819890517002X"
    assert normalize_id("31011819890517002ｘ") == "31011819890517002X"


def test_upgrade_15():
    assert upgrade_15("110105491231002") == "11010519491231002X"
    assert upgrade_15("310118890517002") == "31011819890517002X"
    with pytest.raises(ValueError):
        upgrade_15("31011889051700")


def test_legacy_15_with_invalid_date_is_still_rejected():
    r = check_id("310118810229001", today=TODAY)  # 1981-02-29
    assert not r.valid
    assert rules(r) == ["R-ID-2", "R-ID-4"]


# ---- R-ID-3 Excel number cells --------------------------------------------------------------
@pytest.mark.parametrize(
    "cell",
    [3.10118e17, 310118198905170020, Decimal(310118198905170000), 3.1011819890517e17],
)
def test_number_cells_rejected(cell):
    r = check_id_cell(cell)
    assert not r.valid
    assert rules(r) == ["R-ID-3"]
    msg = r.findings[0].message
    assert "15 位有效数字" in msg and "文本格式" in msg and "重新录入" in msg and "已损坏" in msg
    assert r.gender is None and r.birth_date is None


@pytest.mark.parametrize(
    "text", ["3.10118E+17", "3.10118e17", "310118198905170000.0", " 3.10118E+17 "]
)
def test_number_renderings_in_text_rejected(text):
    r = check_id_cell(text)
    assert rules(r) == ["R-ID-3"] and not r.valid


def test_text_cell_is_checked_normally():
    assert check_id_cell("31011819890517002X", today=TODAY).valid
    assert check_id_cell(None).valid is False


def test_number_cell_never_repaired():
    # Even an 18-digit int that happens to be a valid number is refused: it came from a number cell.
    r = check_id_cell(440306198002290519)
    assert not r.valid and rules(r) == ["R-ID-3"]


# ---- R-ID-4 birth date and province ---------------------------------------------------------
def test_leap_years():
    assert check_id(make_id("11010119800229001"), today=TODAY).valid
    r = check_id(make_id("11010119810229001"), today=TODAY)
    assert rules(r) == ["R-ID-4"]
    assert check_id(make_id("11010120000229001"), today=TODAY).valid  # 2000 is a leap year
    assert rules(check_id(make_id("11010119000229001"), today=TODAY)) == ["R-ID-4"]  # 1900 is not


@pytest.mark.parametrize(
    "code", ["99", "00", "10", "16", "20", "24", "30", "38", "47", "55", "66", "72", "84"]
)
def test_bad_province_codes(code):
    r = check_id(make_id(code + "010119800101001"), today=TODAY)
    assert not r.valid and rules(r) == ["R-ID-4"]
    assert f"前两位 {code}" in r.findings[0].message


@pytest.mark.parametrize(
    "code",
    [
        "11",
        "15",
        "21",
        "23",
        "31",
        "37",
        "41",
        "46",
        "50",
        "54",
        "61",
        "65",
        "71",
        "81",
        "82",
        "83",
    ],
)
def test_good_province_codes(code):
    assert code in PROVINCE_CODES
    assert check_id(make_id(code + "010119800101001"), today=TODAY).valid


def test_province_code_count():
    assert len(PROVINCE_CODES) == 5 + 3 + 7 + 6 + 5 + 5 + 4


def test_future_birth_date():
    r = check_id(make_id("31011820240302001"), today=date(2024, 3, 1))
    assert not r.valid and rules(r) == ["R-ID-4"]
    assert "晚于今天" in r.findings[0].message
    assert check_id(make_id("31011820240301001"), today=date(2024, 3, 1)).valid  # born today


def test_before_1900_is_error():
    r = check_id(make_id("31011818991231001"), today=TODAY)
    assert rules(r) == ["R-ID-4"] and "1900" in r.findings[0].message
    assert check_id(make_id("31011819000101001"), today=TODAY).valid


def test_gender_from_sequence():
    assert check_id(make_id("31011819900101001"), today=TODAY).gender == "男"
    assert check_id(make_id("31011819900101002"), today=TODAY).gender == "女"
    assert check_id(make_id("31011819900101999"), today=TODAY).gender == "男"
    assert check_id(make_id("31011819900101990"), today=TODAY).gender == "女"


def test_age_at():
    born = date(1989, 5, 17)
    assert age_at(born, date(2023, 5, 16)) == 33
    assert age_at(born, date(2023, 5, 17)) == 34
    assert age_at(date(1980, 2, 29), date(2023, 2, 28)) == 42
    assert age_at(date(1980, 2, 29), date(2023, 3, 1)) == 43


def test_check_stated_gender_mismatch_is_error():
    r = check_id("31011819890517002X", today=TODAY)
    found = check_stated(r, "男", None, date(2023, 6, 1))
    assert [(f.rule, f.severity) for f in found] == [("R-ID-4", "error")]
    assert "男" in found[0].message and "女" in found[0].message
    assert check_stated(r, "女", None, date(2023, 6, 1)) == []
    assert check_stated(r, "女性", None, date(2023, 6, 1)) == []


def test_check_stated_age_mismatch_is_warning():
    r = check_id("31011819890517002X", today=TODAY)
    on = date(2023, 6, 1)  # 34 years old
    assert check_stated(r, None, 34, on) == []
    assert check_stated(r, None, "34", on) == []
    assert check_stated(r, None, "34岁", on) == []
    found = check_stated(r, None, 40, on)
    assert [(f.rule, f.severity) for f in found] == [("R-ID-4", "warning")]
    assert "40" in found[0].message and "34" in found[0].message


def test_check_stated_accepts_year_difference_age():
    r = check_id("31011819890517002X", today=TODAY)
    on = date(2023, 3, 1)  # full years 33; 2023 - 1989 = 34
    assert check_stated(r, None, 33, on) == []
    assert check_stated(r, None, 34, on) == []
    assert [f.severity for f in check_stated(r, None, 32, on)] == ["warning"]


def test_check_stated_blank_and_invalid():
    r = check_id("31011819890517002X", today=TODAY)
    assert check_stated(r, "", "", date(2023, 6, 1)) == []
    assert check_stated(r, None, None, date(2023, 6, 1)) == []
    bad = check_id("310118198905170021", today=TODAY)
    assert check_stated(bad, "男", 99, date(2023, 6, 1)) == []
    assert [f.severity for f in check_stated(r, "未知", None, date(2023, 6, 1))] == ["error"]


# ---- masking, to_dict ---------------------------------------------------------------------
def test_mask_id():
    assert mask_id("31011819890517123X") == "310118********123X"
    assert mask_id("31011819890517123x") == "310118********123X"
    assert mask_id("310118890517002") == "310118*****7002"
    assert mask_id("12345") == "*****"
    assert mask_id("") == ""


def test_to_dict_shape():
    d = check_id("310118890517002", today=TODAY).to_dict()
    assert set(d) >= {"input", "normalized", "valid", "gender", "birth_date", "findings"}
    assert d["input"] == "310118890517002"
    assert d["normalized"] == "31011819890517002X"
    assert d["valid"] is True and d["gender"] == "女" and d["birth_date"] == "1989-05-17"
    assert d["findings"] == [
        {
            "rule": "R-ID-2",
            "severity": "warning",
            "message": "15 位旧身份证号码 310118890517002 已自动升级为 18 位：31011819890517002X（R-ID-2）",
        }
    ]
    bad = check_id("310118198905170021", today=TODAY).to_dict()
    assert bad["valid"] is False and bad["gender"] is None and bad["birth_date"] is None
    assert set(bad["findings"][0]) == {"rule", "severity", "message"}


def test_default_today_is_used():
    tomorrow = date.today() + timedelta(days=1)
    prefix = f"310118{tomorrow:%Y%m%d}001"
    assert rules(check_id(make_id(prefix))) == ["R-ID-4"]


# ---- property test ----------------------------------------------------------------------
_provinces = st.sampled_from(sorted(PROVINCE_CODES))
_births = st.dates(min_value=date(1900, 1, 1), max_value=date(2023, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    province=_provinces,
    rest=st.integers(0, 9999),
    birth=_births,
    seq=st.integers(0, 999),
    new_last=st.sampled_from("0123456789X"),
)
def test_property_check_char_valid_and_single_change_invalid(province, rest, birth, seq, new_last):
    prefix = f"{province}{rest:04d}{birth:%Y%m%d}{seq:03d}"
    assert len(prefix) == 17
    number = prefix + check_char(prefix)
    r = check_id(number, today=TODAY)
    assert r.valid and r.birth_date == birth
    assert r.gender == ("男" if seq % 2 else "女")
    if new_last != number[-1]:
        changed = check_id(number[:-1] + new_last, today=TODAY)
        assert not changed.valid and rules(changed) == ["R-ID-1"]


@settings(max_examples=200, deadline=None)
@given(
    province=_provinces,
    rest=st.integers(0, 9999),
    birth=_births,
    seq=st.integers(0, 999),
    pos=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_property_any_single_digit_change_in_body_is_detected(
    province, rest, birth, seq, pos, delta
):
    prefix = f"{province}{rest:04d}{birth:%Y%m%d}{seq:03d}"
    number = prefix + check_char(prefix)
    digit = (int(number[pos]) + delta) % 10
    changed = number[:pos] + str(digit) + number[pos + 1 :]
    assert not check_id(changed, today=TODAY).valid  # MOD 11-2 detects every single substitution


# ---- canonical_id: the one fast check every bulk path uses (import, exchange) ------------------
from desktop_app.core.ids import canonical_id  # noqa: E402

_digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


@settings(max_examples=3000, deadline=None)
@given(_digits17, st.sampled_from("0123456789X"))
def test_canonical_id_agrees_with_check_id_on_any_digits(first17, last):
    number = first17 + last
    fast = canonical_id(number, TODAY)
    core = check_id(number, today=TODAY)
    assert (fast is not None) == core.valid, number
    if fast is not None:
        assert fast == (core.normalized, core.birth_date, core.gender)


@settings(max_examples=1000, deadline=None)
@given(province=st.sampled_from(["11", "31", "44", "82", "99", "00", "72"]), rest=st.integers(0, 9999),
       birth=st.dates(min_value=date(1890, 1, 1), max_value=date(2024, 12, 31)), seq=st.integers(0, 999))
def test_canonical_id_agrees_with_check_id_on_valid_shapes(province, rest, birth, seq):
    prefix = f"{province}{rest:04d}{birth:%Y%m%d}{seq:03d}"
    number = prefix + check_char(prefix)
    fast = canonical_id(number, TODAY)
    core = check_id(number, today=TODAY)
    assert (fast is not None) == core.valid
    if fast is not None:
        assert fast == (number, birth, "男" if seq % 2 else "女")


def test_canonical_id_leaves_non_canonical_text_to_check_id():
    valid = make_id("31011819890517002")
    assert canonical_id(valid, TODAY) is not None
    for raw in (valid.lower() if valid.endswith("X") else valid[:-1] + "x", " " + valid, valid[:15],
                float(valid[:17]), "３１０１１８１９８９０５１７００２Ｘ", None, 310118198905170021):
        assert canonical_id(raw, TODAY) is None
    assert canonical_id(valid, date(1989, 5, 16)) is None  # born after "today" (R-ID-4)
    bad_province = make_id("99011819890517002")
    assert canonical_id(bad_province, TODAY) is None and rules(check_id(bad_province, today=TODAY)) == ["R-ID-4"]
