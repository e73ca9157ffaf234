"""CLI: self-check, setup, id check --json, projects."""

from __future__ import annotations

import pytest

import json


def test_self_check_passes(run_cli):
    code, out, err = run_cli("self-check", "--json")
    report = json.loads(out)
    failed = [c for c in report["checks"] if not c["ok"]]
    assert code == 0 and report["ok"], failed
    names = {c["check"] for c in report["checks"]}
    assert {"数据库已迁移到最新版本", "项目目录已载入", "表单定义可用", "内置中文字体"} <= names


def test_setup_then_projects(run_cli):
    code, out, _ = run_cli("setup", "--name", "朱家角镇总工会", "--code", "ZJJ", "--level", "town",
                           "--parent-name", "青浦区总工会", "--parent-code", "QP", "--json")
    assert code == 0 and json.loads(out)["parent_code"] == "QP"
    code, out, _ = run_cli("projects", "list", "--year", "2023", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 10
    hc = next(r for r in rows if r["code"] == "QP2023-03")
    assert hc["quota"] == 10000 and hc["progress"] == 0 and "2-3-2" in hc["forms"]


def test_setup_bad_input_is_a_chinese_error(run_cli):
    code, _, err = run_cli("setup", "--name", "x", "--code", "ZJJ", "--level", "town")
    assert code == 2 and "上级" in err and "Traceback" not in err


CASES = [
    ("31011819890517002X", True, "女", "1989-05-17", []),
    ("440306198002290519", True, "男", "1980-02-29", []),
    ("310118198905170021", False, None, None, ["R-ID-1"]),
    ("440306198102290516", False, None, None, ["R-ID-4"]),
    (" 31011８1989０517002x ", True, "女", "1989-05-17", []),
    ("310118890517002", True, "女", "1989-05-17", ["R-ID-2"]),
    ("3.10118E+17", False, None, None, ["R-ID-3"]),
    ("991018198905170025", False, None, None, ["R-ID-4"]),
]


def test_id_check_json(run_cli):
    code, out, _ = run_cli("id", "check", "--json", *[c[0] for c in CASES])
    got = json.loads(out)
    assert code == 1 and len(got) == len(CASES)
    for item, (raw, valid, gender, birth, rules) in zip(got, CASES):
        assert item["input"] == raw
        assert item["valid"] is valid, item
        assert item["gender"] == gender and item["birth_date"] == birth
        assert set(rules) <= {f["rule"] for f in item["findings"]}, item
        assert set(item) >= {"input", "normalized", "valid", "gender", "birth_date", "findings"}
    assert got[4]["normalized"] == "31011819890517002X"
    assert got[5]["normalized"] == "31011819890517002X"


def test_id_check_all_valid_exits_zero(run_cli):
    code, out, _ = run_cli("id", "check", "31011819890517002X")
    assert code == 0 and "有效" in out


@pytest.mark.sqlite_only  # the start-up migration of a SQLite file
def test_an_earlier_store_is_upgraded_with_a_word_on_stderr(run_cli, data_root):
    from tests.unit.test_store import _store_at

    data_root.mkdir(parents=True, exist_ok=True)
    _store_at(data_root / "unionledger.sqlite3", "0001")
    code, out, err = run_cli("projects", "list", "--year", "2023", "--json")
    assert code == 0 and len(json.loads(out)) == 10  # stdout stays JSON
    assert "正在升级数据库" in err
    code, out, err = run_cli("projects", "list", "--year", "2023", "--json")
    assert code == 0 and "正在升级数据库" not in err  # once
