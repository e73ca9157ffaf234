"""documents.fastjson: the same values as json.loads, and the same refusals."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.documents import fastjson

scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text()
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_the_same_value_as_json_loads(doc) -> None:  # type: ignore[no-untyped-def]
    for raw in (json.dumps(doc), json.dumps(doc, ensure_ascii=False, separators=(",", ":"))):
        data = raw.encode("utf-8")
        got, want = fastjson.loads(data), json.loads(data)
        assert got == want and type(got) is type(want)


@pytest.mark.parametrize("raw", [b'{"v": NaN}', b"[Infinity, -Infinity]", b"[1e400]", b'["\\ud800"]',
                                 '[1, "名"]'.encode("utf-16"), b'{"a": 1, "a": 2}', b"-0", b"[0.1, 1E2]",
                                 b"\xef\xbb\xbf[1]"])
def test_what_orjson_refuses_is_decoded_by_json(raw: bytes) -> None:
    got, want = fastjson.loads(raw), json.loads(raw)
    assert json.dumps(got) == json.dumps(want)  # NaN != NaN, so compare the texts
    if isinstance(want, dict) and isinstance(want.get("v"), float):
        assert math.isnan(got["v"])


@pytest.mark.parametrize("raw", [b"", b"{", b'{"a": }', b"\xff\xfe\x00", b"[1,]", b"[" * 5000])
def test_refused_as_json_refuses(raw: bytes) -> None:
    with pytest.raises((ValueError, RecursionError)):
        json.loads(raw)
    with pytest.raises((ValueError, RecursionError)):
        fastjson.loads(raw)


def test_a_package_with_nan_in_a_form_value_is_still_read() -> None:
    from desktop_app.documents import package_format as pf

    pkg = pf.Package.__new__(pf.Package)
    pkg.files = {"records.json": b'{"columns": ["uid", "values"], "rows": [["r1", {"x": NaN}]]}'}
    pkg._tables = {}
    cols, rows = pkg.table("records.json")
    assert cols == ["uid", "values"] and rows[0][0] == "r1" and math.isnan(rows[0][1]["x"])


def test_orjson_is_installed() -> None:
    """A dependency (pyproject); without it packages decode at half speed."""
    assert fastjson.orjson is not None
