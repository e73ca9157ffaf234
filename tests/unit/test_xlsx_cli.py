"""`roster import / template / export / export-list` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.unit import xlsx_factory as xf

KEYS = ["file", "rows", "added", "updated", "unchanged", "rejected", "findings"]


def people(run_cli) -> int:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("people", "search", "--json")
    assert code == 0
    return len(json.loads(out))


def roster(tmp_path: Path) -> Path:
    return xf.roster_236(tmp_path / "r.xlsx", [
        xf.person(1, "张三", "女", "已婚", 34, xf.ID_F),
        xf.person(2, "李四", "男", "未婚", 43, 440306198002290519),  # row 5: number cell
        [None] * 9,
        xf.person(4, "王五", "男", "未婚", 43, "440306198002290519"),
    ])


def test_import_json_dry_run(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(tmp_path)
    code, out, err = run_cli("roster", "import", str(path), "--dry-run", "--json")
    assert code == 1, err
    doc = json.loads(out)
    assert list(doc) == KEYS
    assert doc["file"] == str(path)
    assert (doc["rows"], doc["added"], doc["updated"], doc["unchanged"], doc["rejected"]) == (3, 2, 0, 0, 1)
    assert doc["findings"] == [{
        "row": 5, "column": "身份证号码", "rule": "R-ID-3", "severity": "error",
        "message": doc["findings"][0]["message"],
    }]
    assert "15 位有效数字" in doc["findings"][0]["message"]
    assert people(run_cli) == 0


def test_import_refused_then_valid_only_then_unchanged(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster(tmp_path)
    code, out, err = run_cli("roster", "import", str(path))
    assert code == 1 and "未导入任何数据" in err
    assert people(run_cli) == 0
    report = tmp_path / "report.xlsx"
    code, out, err = run_cli("roster", "import", str(path), "--valid-only", "--report", str(report), "--json")
    assert code == 1 and json.loads(out)["added"] == 2
    assert people(run_cli) == 2
    ws = openpyxl.load_workbook(report)["体检名册"]
    assert "R-ID-3" in ws["J5"].value
    code, out, _ = run_cli("roster", "import", str(path), "--valid-only", "--json")
    doc = json.loads(out)
    assert (doc["added"], doc["unchanged"], doc["rejected"]) == (0, 2, 1)


def test_import_clean_file_exit_zero(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = xf.roster_236(tmp_path / "ok.xlsx", [xf.person(1, "张三", "女", "已婚", 34, xf.ID_F)])
    code, out, err = run_cli("roster", "import", str(path))
    assert code == 0, err
    assert "新增 1" in out and "已导入到人员库" in out


def test_import_refusals_exit_two(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bomb = xf.zip_bomb(tmp_path / "bomb.xlsx", megabytes=30)
    code, out, err = run_cli("roster", "import", str(bomb), "--json")
    assert code == 2 and "压缩炸弹" in err and out == ""
    budget = xf.simple_sheet(tmp_path / "budget.xlsx", [["项目", "金额"], ["餐费", 1]])
    code, _, err = run_cli("roster", "import", str(budget))
    assert code == 2 and "没有找到可识别的名册表头" in err
    code, _, err = run_cli("roster", "import", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "找不到文件" in err
    code, _, err = run_cli("roster", "import", str(budget), "--form", "2-1-1")
    assert code == 2 and "没有人员名单" in err


def test_template_and_exports(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "t.xlsx"
    code, stdout, err = run_cli("roster", "template", "2-3-6", "--out", str(out), "--json")
    assert code == 0, err
    assert json.loads(stdout) == {"file": str(out), "form": "2-3-6", "year": 2023}
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps([{"name": "张三", "id_number": xf.ID_F, "unit": "=1+1", "married": "已婚"}]),
                    encoding="utf-8")
    code, stdout, err = run_cli("record", "add", "--form", "2-3-6", "--project", "QP2023-03",
                                "--data", str(rows), "--json")
    assert code == 0, err
    rid = json.loads(stdout)["id"]
    exported = tmp_path / "e.xlsx"
    code, stdout, err = run_cli("roster", "export", "--record", str(rid), "--out", str(exported))
    assert code == 0 and "完整的身份证号码" in err and "已导出 1 人" in stdout
    ws = openpyxl.load_workbook(exported).active
    assert ws["H5"].value == xf.ID_F and ws["B5"].value == "=1+1" and ws["B5"].data_type == "s"
    code, stdout, err = run_cli("roster", "export", "--record", str(rid), "--out", str(exported), "--mask")
    assert code == 0 and "完整" not in err
    assert openpyxl.load_workbook(exported).active["H5"].value == "310118********002X"
    code, stdout, err = run_cli("roster", "import", str(exported), "--record", str(rid), "--json")
    assert code == 1 and json.loads(stdout)["findings"][0]["rule"] == "R-ID-1"  # a masked number is no number
    lst = tmp_path / "l.xlsx"
    code, stdout, err = run_cli("roster", "export-list", "--form", "2-3-6", "--project", "QP2023-03",
                                "--out", str(lst), "--json")
    assert code == 0, err
    assert json.loads(stdout)["rows"] == 1
