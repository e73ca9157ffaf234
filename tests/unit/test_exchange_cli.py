"""The exchange and district commands, headless, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.documents import package_format as pf
from desktop_app.documents.package_crypto import slip_form
from tests.unit.exchange_helpers import SECRET, add_record, make_id, open_office


def add_record_at(root: Path, unit: str) -> None:
    from desktop_app.services.app import App

    app = App.open(root)
    try:
        add_record(app, unit, [("赵六", make_id(50))])
    finally:
        app.close()


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)
    monkeypatch.delenv("UNIONLEDGER_PASSPHRASE", raising=False)


@pytest.fixture()
def cli(capsys):  # type: ignore[no-untyped-def]
    from desktop_app.__main__ import main

    def run(root: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(root), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_round_trip(tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    town = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    add_record(town, "甲物流公司", [("李四", "31011819890517002X"), ("王五", "440306198002290519")])
    town.close()
    open_office(tmp_path, "QP", "青浦区总工会", level="district").close()
    zjj, qp, usb = tmp_path / "ZJJ", tmp_path / "QP", tmp_path / "usb"
    usb.mkdir()
    # The district enrols the town: its key is written once, as a slip (issue 20).
    slip = tmp_path / "朱家角镇_密钥单.txt"
    code, out, err = cli(qp, "district", "enrol", "--town", "ZJJ", "--name", "朱家角镇总工会",
                         "--passphrase-out", str(slip))
    assert code == 2 and "缺少数据交换口令" in err and not slip.exists()  # the district's own passphrase
    monkeypatch.setenv("UNIONLEDGER_PASSPHRASE", SECRET)
    code, out, err = cli(qp, "district", "enrol", "--town", "ZJJ", "--name", "朱家角镇总工会",
                         "--passphrase-out", str(slip))
    assert code == 0 and "已为 朱家角镇总工会（代码 ZJJ）登记并发放交换密钥（第 1 版）" in out, err
    key = next(line.split("：", 1)[1] for line in slip.read_text(encoding="utf-8").splitlines()
               if line.startswith("交换口令："))
    assert key not in out and slip_form(key) == key and len(key) == 29
    code, out, err = cli(qp, "district", "enrol", "--town", "ZJJ", "--name", "朱家角镇总工会",
                         "--passphrase-out", str(slip))
    assert code == 2 and "已于" in err and "登记过交换密钥" in err
    monkeypatch.delenv("UNIONLEDGER_PASSPHRASE")

    secret_file = tmp_path / "口令.txt"
    secret_file.write_text(key.lower().replace("-", " ") + "\r\n", encoding="utf-8")  # as a clerk might type it

    code, out, err = cli(zjj, "exchange", "export", "--out", str(usb), "--passphrase-file", str(secret_file),
                         "--json")
    assert code == 0, err
    package = json.loads(out)
    assert package["records"] == 1 and package["people"] == 2 and package["sequence"] == 1

    code, out, err = cli(qp, "exchange", "import", package["path"], "--dry-run")
    assert code == 2 and "缺少数据交换口令" in err and "Traceback" not in err  # stdin is not a TTY

    monkeypatch.setenv("UNIONLEDGER_PASSPHRASE", SECRET)
    code, out, _ = cli(qp, "exchange", "import", package["path"], "--dry-run", "--json")
    dry = json.loads(out)
    assert set(dry) == {"package", "sender", "sequence", "new", "updated", "unchanged", "rejected", "conflicts",
                        "findings", "differences", "checks", "by_kind"}
    assert dry["checks"] == []  # the town's roster as the district re-checks it: nothing the town missed
    assert (dry["sender"], dry["sequence"], dry["new"]) == ("ZJJ", 1, 3)
    assert dry["by_kind"]["records"]["new"] == 1 and dry["by_kind"]["people"]["new"] == 2

    code, out, err = cli(qp, "exchange", "import", package["path"], "--receipt-out", str(usb),
                         "--receipt-pdf", str(usb / "回执.pdf"))
    assert code == 0 and "已导入" in out and "回执" in out, err
    receipt = next(usb.glob("*_回执_第0001号.ulpkg"))
    code, out, _ = cli(qp, "exchange", "import", package["path"], "--json")
    assert json.loads(out)["unchanged"] == 3

    code, out, err = cli(zjj, "exchange", "receipt", "import", str(receipt), "--passphrase-file", str(secret_file))
    assert code == 0 and "1 条记录标记为“已报送”" in out, err

    code, out, _ = cli(qp, "district", "towns", "--json")
    [k] = json.loads(out)
    assert (k["code"], k["version"], k["revoked"], k["packages"]) == ("ZJJ", 1, 0, 1)
    code, out, _ = cli(qp, "district", "overview", "--json")
    [t] = json.loads(out)
    assert (t["code"], t["packages"], t["pending"], t["gaps"]) == ("ZJJ", 1, 1, [])
    code, out, _ = cli(qp, "district", "progress", "--year", "2023", "--json")
    hc = next(p for p in json.loads(out) if p["code"] == "QP2023-03")
    assert hc["by_town"] == {"ZJJ": 2}

    code, out, err = cli(qp, "district", "decide", "1", "--approve", "--settle", "480.00")
    assert code == 0 and "已结算" in out, err
    code, out, err = cli(qp, "district", "decide", "1", "--return", "x")
    assert code == 2 and "不能改为" in err

    xlsx = tmp_path / "汇总.xlsx"
    code, out, err = cli(qp, "district", "summary", "--year", "2023", "--out", str(xlsx))
    assert code == 0, err
    from openpyxl import load_workbook

    ws = load_workbook(xlsx)["按街镇与项目"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert rows[0][:2] == ["ZJJ", "朱家角镇总工会"] and rows[0][6] == 2
    assert rows[-1][0] == "合计" and rows[-1][6] == 2 and float(rows[-1][9]) == 480.0

    code, out, err = cli(qp, "exchange", "return", "export", "--town", "ZJJ", "--out", str(usb))
    assert code == 0, err
    ret = next(usb.glob("*_审核结果_第0001号.ulpkg"))
    code, out, err = cli(zjj, "exchange", "return", "import", str(ret), "--passphrase-file", str(secret_file))
    assert code == 0 and "已结算" in out and "结算 480.00 元" in out, err

    # A lost slip: the key is re-issued (a PDF slip this time) and the old one stops working.
    pdf_slip = tmp_path / "朱家角镇_密钥单_第2版.pdf"
    code, out, err = cli(qp, "district", "reissue", "--town", "ZJJ", "--passphrase-out", str(pdf_slip), "--json")
    assert code == 0 and json.loads(out)["version"] == 2 and "passphrase" not in json.loads(out), err
    assert pdf_slip.read_bytes()[:4] == b"%PDF"
    add_record_at(zjj, "乙物流公司")
    code, out, err = cli(zjj, "exchange", "export", "--out", str(usb), "--passphrase-file", str(secret_file),
                         "--json")
    old_key_package = json.loads(out)["path"]
    code, out, err = cli(qp, "exchange", "import", old_key_package)
    assert code == 2 and "已作废的旧交换密钥（第 1 版" in err and "Traceback" not in err

    monkeypatch.setenv("UNIONLEDGER_PASSPHRASE", "not the passphrase")
    code, out, err = cli(zjj, "exchange", "return", "import", str(ret))
    assert code == 2 and "口令错误或文件已损坏" in err and "Traceback" not in err


def test_cli_district_passphrase_change_and_reset(tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_office(tmp_path, "QP", "青浦区总工会", level="district").close()
    qp = tmp_path / "QP"
    monkeypatch.setenv("UNIONLEDGER_PASSPHRASE", SECRET)
    code, out, err = cli(qp, "district", "enrol", "--town", "ZJJ", "--name", "朱家角镇总工会")
    assert code == 0 and "交换口令（只显示这一次" in out, err
    new = tmp_path / "新口令.txt"
    new.write_text("新的本区口令-2024\n", encoding="utf-8")
    code, out, err = cli(qp, "district", "passphrase-change", "--new-passphrase-file", str(new))
    assert code == 0 and "1 个街镇密钥已用新口令重新加密保存" in out, err
    code, out, err = cli(qp, "district", "reissue", "--town", "ZJJ")  # the old passphrase no longer opens
    assert code == 2 and "本区数据交换口令错误" in err
    slips = tmp_path / "slips"
    slips.mkdir()
    code, out, err = cli(qp, "district", "reset-keys", "--new-passphrase-file", str(new), "--slips-dir", str(slips))
    assert code == 2 and "--yes" in err
    code, out, err = cli(qp, "district", "reset-keys", "--new-passphrase-file", str(new), "--slips-dir", str(slips),
                         "--yes")
    assert code == 0 and "为 1 个街镇重新发放密钥" in out, err
    assert [p.name for p in slips.iterdir()] == ["朱家角镇总工会_ZJJ_交换密钥单_第2版.pdf"]


def test_district_listings_in_words_and_refused_at_a_town(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """The district's listings share one handler (cli.exchange._listing): a line each, a
    sentence when there is nothing, --json the items; at a town, refused in words."""
    from tests.unit.exchange_helpers import enrol

    district = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(district, "ZJJ", "朱家角镇总工会")
    district.close()
    open_office(tmp_path, "ZJJ", "朱家角镇总工会").close()
    qp, zjj = tmp_path / "QP", tmp_path / "ZJJ"
    code, out, _ = cli(qp, "district", "towns")
    assert code == 0 and out.startswith("朱家角镇总工会（ZJJ）：密钥第 1 版，发放于 ") and "已收数据包 0 个，最近 -" in out
    code, out, _ = cli(qp, "district", "towns", "--json")
    assert code == 0 and [t["code"] for t in json.loads(out)] == ["ZJJ"]
    assert cli(qp, "district", "overview")[:2] == (  # an enrolled town is listed before its first package
        0, "朱家角镇总工会（ZJJ）：数据包 0 个，最新第 - 号，最近收到 -；记录 0 条（待审 0），人数 0，补贴 0.00 元\n")
    assert cli(qp, "district", "conflicts", "--year", "2023")[:2] == (0, "没有发现跨街镇重复人员。\n")
    assert cli(qp, "district", "conflicts", "--year", "2023", "--json")[:2] == (0, "[]\n")
    code, out, err = cli(zjj, "district", "towns")
    assert code == 2 and out == "" and "区总工会" in err and "Traceback" not in err
