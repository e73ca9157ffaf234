"""store.bulk helpers write exactly what the ORM would."""

from __future__ import annotations

import json

import pytest

from desktop_app.store.bulk import sql_json, sql_literal


def test_sql_json_is_json_dumps_text() -> None:
    for value in ({"名": "x\n", "n": [1, 2.5, None, True], "d": {}}, {"flag": True}, [1, 2], "text", None):
        assert sql_json(value) == json.dumps(value)


def test_literals_only_for_plain_values() -> None:
    assert [sql_literal(v) for v in (None, 7, "2026-11-23 10:00:00.000001", "T01")] == [
        "NULL", "7", "'2026-11-23 10:00:00.000001'", "'T01'"]
    for bad in ("it's", "镇", True, 1.5, "x" * 65):
        with pytest.raises(ValueError):
            sql_literal(bad)
