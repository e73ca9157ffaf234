"""The import's fast paths agree with core (they only short-cut the clean cases)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.ids import check_id
from desktop_app.services.import_rows import fast_id
from tests.unit import xlsx_factory as xf

TODAY = dt.date(2023, 6, 1)
digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)


@settings(max_examples=3000, deadline=None)
@given(digits17, st.sampled_from("0123456789X"))
def test_fast_id_agrees_with_core(first17: str, last: str) -> None:
    number = first17 + last
    fast = fast_id(number, TODAY)
    core = check_id(number, today=TODAY)
    if fast is not None:
        assert core.valid and (fast.birth_date, fast.gender) == (core.birth_date, core.gender)
    elif core.valid:
        raise AssertionError(f"fast path refused a valid number {number}")


@settings(max_examples=1000, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), st.integers(0, 999),
       st.sampled_from(["110105", "310118", "440306", "820000", "990000"]))
def test_fast_id_on_valid_shapes(birth: dt.date, seq: int, region: str) -> None:
    number = xf.make_id(birth.strftime("%Y%m%d"), seq, region)
    fast = fast_id(number, TODAY)
    core = check_id(number, today=TODAY)
    assert (fast is not None) == core.valid
    if fast is not None:
        assert (fast.birth_date, fast.gender) == (core.birth_date, core.gender)


def test_fast_id_leaves_the_rest_to_core() -> None:
    for raw in (xf.ID_F.lower(), " " + xf.ID_F, "310118890517002", 310118198905170021.0, "３１０１１８１９８９０５１７００２Ｘ"):
        assert fast_id(raw, TODAY) is None
    assert fast_id("31011819890517002X", dt.date(1989, 5, 16)) is None  # born after "today"


# --- RowChecker.check_fast: None, or exactly what check() gives a clean row ------------------

from desktop_app.core.ids import check_char  # noqa: E402
from desktop_app.services.import_plan import load_form  # noqa: E402
from desktop_app.services.import_rows import NO_FINDINGS, Mapped, RowChecker  # noqa: E402

# The 2-3-6 layout as enterprises send it (bench_xlsx.make_roster): 婚否 split into two tick
# columns, numbers as text.
MAPPED_236 = [
    Mapped(0, "序号", None, "seq"), Mapped(1, "单位", None, "unit"), Mapped(2, "姓名", None, "name"),
    Mapped(3, "性别", None, "gender"), Mapped(4, "婚否/已婚", "婚否", "married", "已婚"),
    Mapped(5, "未婚", None, "married", "未婚"), Mapped(6, "年龄", None, "age"),
    Mapped(7, "身份证号码", None, "id_number"), Mapped(8, "手机", None, "phone"),
]


def _checker(year: int = 2023) -> RowChecker:
    spec, rspec = load_form(None, "2-3-6")
    return RowChecker(spec, rspec, MAPPED_236, year=year, today=TODAY)


def _number(birth: dt.date, seq: int, region: str = "310118") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31))
ids = st.one_of(
    st.builds(_number, births, st.integers(0, 999)),
    st.builds(lambda b, s: _number(b, s).lower(), births, st.integers(0, 999)),  # lower-case x
    st.builds(lambda b, s: " " + _number(b, s), births, st.integers(0, 999)),
    st.builds(lambda b, s: _number(b, s).translate({c: c + 0xFEE0 for c in range(48, 58)}), births,
              st.integers(0, 999)),  # full-width digits
    st.builds(lambda b, s: float(_number(b, s)[:15]), births, st.integers(0, 999)),  # a number cell
    st.builds(lambda b, s: _number(b, s)[:17] + "0", births, st.integers(0, 999)),  # bad check char
    st.builds(lambda b, s: _number(b, s, "990000"), births, st.integers(0, 999)),  # no such province
    st.sampled_from(["", None, "无", "310118890517002"]),
)
texts = st.one_of(st.sampled_from(["", " ", None, "张三", " 李四 ", "合计", "注：以上人员", "姓名", "A公司"]),
                  st.text(max_size=6))
genders = st.sampled_from(["男", "女", " 男", "女 ", "male", "", None, "男性", 1.0])
ticks = st.sampled_from(["√", "", None, "✓", "x", "是", "否", " √ ", 1.0, "已婚", "v"])
ages = st.one_of(st.integers(-1, 120), st.floats(0, 120), st.sampled_from(["34岁", "34", "", None, "三十"]))
phones = st.one_of(st.sampled_from(["13812345678", " 13812345678", "+86 138 1234 5678", "021-59729571", "", None,
                                    "1381234567", 13812345678.0, "23812345678"]),
                   st.from_regex(r"1[3-9]\d{9}", fullmatch=True))


def _age(birth: dt.date, on: dt.date = TODAY) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@st.composite
def roster_rows(draw: st.DrawFn) -> list:  # type: ignore[type-arg]
    """A clean row (as the fast path should take it), then 0–3 of its cells made messy."""
    birth, seq = draw(births), draw(st.integers(0, 999))
    number = _number(birth, seq)
    gender = "男" if seq % 2 else "女"
    married = draw(st.sampled_from([("√", ""), ("", "√"), ("", ""), ("√", None)]))
    row = [float(draw(st.integers(1, 500))), draw(st.sampled_from(["甲公司", " 乙公司 ", ""])),
           draw(st.sampled_from(["张三", " 李四", "王五"])), draw(st.sampled_from([gender, None])),
           *married, float(_age(birth)), number, draw(st.sampled_from(["13812345678", None, ""]))]
    messy = {1: texts, 2: texts, 3: genders, 4: ticks, 5: ticks, 6: ages, 7: ids, 8: phones}
    for col in draw(st.lists(st.sampled_from(sorted(messy)), max_size=3, unique=True)):
        row[col] = draw(messy[col])
    return row


TAKEN: list[bool] = []


@settings(max_examples=1500, deadline=None)
@given(roster_rows())
def test_check_fast_is_none_or_what_check_gives(row: list) -> None:  # type: ignore[type-arg]
    checker = _checker()
    fast = checker.check_fast(9, row)
    TAKEN.append(fast is not None)
    if fast is None:
        return
    slow = checker.check(9, row)
    assert not slow.findings, slow.findings
    assert fast.findings is NO_FINDINGS
    assert (fast.row, fast.values, fast.id_number, fast.birth_date, fast.gender) == (
        slow.row, slow.values, slow.id_number, slow.birth_date, slow.gender)
    assert checker.skip_reason(row) is None  # a row taken here is never one to skip


def test_the_property_exercised_both_paths() -> None:
    # runs after the property test (file order): both the fast path and the fallback were seen
    if TAKEN:
        assert 0.2 < sum(TAKEN) / len(TAKEN) < 0.95, sum(TAKEN) / len(TAKEN)


def test_check_fast_takes_the_clean_rows() -> None:
    checker = _checker()
    number = _number(dt.date(1980, 3, 4), 13)  # 男 (odd sequence digit)
    clean = [1.0, "甲公司", "王五", "男", "√", "", 43.0, number, "13812345678"]
    fast = checker.check_fast(5, clean)
    assert fast is not None and fast.values == {
        "unit": "甲公司", "name": "王五", "gender": "男", "married": "已婚", "age": 43,
        "phone": "13812345678", "id_number": number}
    assert (fast.birth_date, fast.gender) == (dt.date(1980, 3, 4), "男")
    for bad in ({3: "女"}, {6: 40.0}, {4: "√", 5: "√"}, {7: " " + number}, {7: number.translate({c: c + 0xFEE0 for c in range(48, 58)})}, {8: "138 1234 5678"}, {2: " "}):
        row = [bad.get(i, v) for i, v in enumerate(clean)]
        assert checker.check_fast(5, row) is None, bad  # the explaining path takes it
