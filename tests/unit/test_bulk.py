"""store.bulk helpers: literals and the JSON memo write exactly what the ORM would."""

from __future__ import annotations

import json

import pytest

from desktop_app.store.bulk import sql_json, sql_json_memo, sql_literal


def test_json_memo_gives_json_dumps_text_and_keeps_types_apart() -> None:
    enc = sql_json_memo()
    values = [{"married": "已婚", "age": 34}, {"married": "已婚", "age": 34}, {"flag": True}, {"flag": 1},
              {"flag": 1.0}, {"x": -0.0}, {"x": 0.0}, {"n": None}, {"nested": {"a": [1, 2]}}, {}, [1, 2], "text"]
    assert [enc(v) for v in values] == [json.dumps(v) for v in values]
    assert enc({"flag": True}) == '{"flag": true}' and enc({"flag": 1}) == '{"flag": 1}'
    assert sql_json({"名": "x"}) == json.dumps({"名": "x"})


def test_literals_only_for_plain_values() -> None:
    assert [sql_literal(v) for v in (None, 7, "2026-11-23 10:00:00.000001", "T01")] == [
        "NULL", "7", "'2026-11-23 10:00:00.000001'", "'T01'"]
    for bad in ("it's", "镇", True, 1.5, "x" * 65):
        with pytest.raises(ValueError):
            sql_literal(bad)
