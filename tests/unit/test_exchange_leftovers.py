"""Exchange files and kills: the package number and its file are one act, leftovers of killed
writes are removed at the next write, a receipt can be made again for an imported package."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.documents import package_format as pf
from desktop_app.services import exchange as ex
from desktop_app.services.errors import ServiceError
from desktop_app.services.exchange_receipt import receipt_again
from desktop_app.store.models import ExchangeLog
from tests.unit.exchange_helpers import SECRET, add_record, enrol, counts, make_id, open_office


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)


@pytest.fixture()
def offices(tmp_path: Path):  # type: ignore[no-untyped-def]
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会", key=SECRET)  # each town its own key (issue 20); here the same text
    usb = tmp_path / "usb"
    usb.mkdir()
    yield zjj, qp, usb
    zjj.close()
    qp.close()


def export(app, usb, **kw):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.export_package(s, usb, SECRET, **kw)


def out_logs(app) -> list[tuple[int, str | None]]:  # type: ignore[no-untyped-def]
    with app.session() as s:
        return [(r.sequence, r.file_name) for r in s.scalars(
            select(ExchangeLog).where(ExchangeLog.direction == "out").order_by(ExchangeLog.sequence))]


def test_the_number_is_committed_before_the_file_gets_its_name(offices, monkeypatch) -> None:
    zjj, _qp, usb = offices
    add_record(zjj, "甲物流公司", [("李四", make_id(1))])
    import desktop_app.documents.package_io as pio

    seen: list[tuple[list[str], list[tuple[int, str | None]]]] = []
    real_replace = pio.os.replace

    def spy(src, dst):  # type: ignore[no-untyped-def]
        # at the moment of the rename, another connection already sees the committed number
        seen.append((sorted(p.name for p in usb.iterdir()), out_logs(zjj)))
        return real_replace(src, dst)

    monkeypatch.setattr(pio.os, "replace", spy)
    result = export(zjj, usb)
    (names, logs), = seen
    assert len(names) == 1 and names[0].startswith("~") and names[0].endswith(".ulpkg.part")
    assert logs == [(1, result.file_name)]
    assert sorted(p.name for p in usb.iterdir()) == [result.file_name]


def test_a_failed_commit_leaves_no_package_and_no_number(offices, monkeypatch) -> None:
    zjj, _qp, usb = offices
    add_record(zjj, "甲物流公司", [("李四", make_id(1))])
    before = counts(zjj)
    import desktop_app.services.exchange as exmod

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("killed")

    monkeypatch.setattr(exmod, "audit", boom)  # fails inside the commit step
    with pytest.raises(RuntimeError):
        export(zjj, usb)
    assert list(usb.iterdir()) == []
    assert counts(zjj) == before and out_logs(zjj) == []


def test_a_package_cut_off_before_its_rename_is_adopted(offices) -> None:
    zjj, qp, usb = offices
    add_record(zjj, "甲物流公司", [("李四", make_id(1))])
    first = export(zjj, usb)
    # as a kill between the commit and the rename leaves it:
    part = usb / f"~0badcafe.{first.file_name}.part"
    first.path.rename(part)
    add_record(zjj, "乙公司", [("王五", make_id(2))])
    second = export(zjj, usb)
    assert second.sequence == 2
    names = sorted(p.name for p in usb.iterdir())
    assert names == sorted([first.file_name, second.file_name])
    # the district takes both without "sequence reused" or a gap
    for f in (first.file_name, second.file_name):
        with qp.transaction() as s:
            summary = ex.import_package(s, usb / f, SECRET, dry_run=False)
        assert not [x for x in summary.findings if x["type"] in ("sequence_reused", "sequence_gap")], summary.findings


def test_foreign_and_stale_parts_are_removed_at_the_next_write(offices) -> None:
    zjj, _qp, usb = offices
    add_record(zjj, "甲物流公司", [("李四", make_id(1))])
    stale = usb / "~12345678.青浦区总工会_QP_至_ZJJ_2023-06-01_回执_第0001号.ulpkg.part"
    stale.write_bytes(b"half a receipt")
    keep = usb / "名单.xlsx"
    keep.write_bytes(b"x")
    result = export(zjj, usb)
    assert sorted(p.name for p in usb.iterdir()) == sorted([result.file_name, keep.name])


def test_a_receipt_can_be_made_again_for_an_imported_package(offices, tmp_path) -> None:
    zjj, qp, usb = offices
    rec = add_record(zjj, "甲物流公司", [("李四", make_id(1)), ("王五", make_id(2))])
    pkg = export(zjj, usb).path
    back = tmp_path / "back"
    back.mkdir()
    # not imported yet: refused, nothing written
    with qp.transaction() as s, pytest.raises(ServiceError, match="还没有导入"):
        receipt_again(s, pkg, SECRET, back)
    assert list(back.iterdir()) == []
    with qp.transaction() as s:
        ex.import_package(s, pkg, SECRET, dry_run=False)  # imported, but the receipt was never written
    before = counts(qp)
    with qp.transaction() as s:
        summary, sent = receipt_again(s, pkg, SECRET, back)
    assert summary.records.unchanged == 1 and summary.records.new == 0
    after = counts(qp)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v + (1 if k == "exchange_log" else 0) for k, v in before.items() if k != "audit_log"}
    with qp.transaction() as s:  # and again: the same receipt row, a fresh file
        _, sent2 = receipt_again(s, pkg, SECRET, back)
    assert sent2.file_name == sent.file_name
    assert sorted(p.name for p in back.iterdir()) == [sent.file_name]
    with zjj.transaction() as s:
        result = ex.import_receipt(s, back / sent.file_name, SECRET)
    assert [m["record_id"] for m in result.marked] == [rec]


def test_cli_receipt_make(offices, tmp_path, monkeypatch, capsys) -> None:
    import json

    from desktop_app.__main__ import main

    zjj, qp, usb = offices
    add_record(zjj, "甲物流公司", [("李四", make_id(1))])
    pkg = export(zjj, usb).path
    with qp.transaction() as s:
        ex.import_package(s, pkg, SECRET, dry_run=False)
    root = str(qp.data_dir.root)
    qp.close()
    monkeypatch.setenv("UNIONLEDGER_PASSPHRASE", SECRET)
    back = tmp_path / "back"
    back.mkdir()
    code = main(["--data-dir", root, "exchange", "receipt", "make", str(pkg), "--out", str(back),
                 "--pdf", str(back / "回执.pdf"), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert Path(data["receipt"]).exists() and Path(data["pdf"]).read_bytes().startswith(b"%PDF")
