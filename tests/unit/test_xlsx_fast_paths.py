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
