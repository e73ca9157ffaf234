"""Each town its own exchange key (issue 20): a package is accepted only under the key of the
town it names; receipts and return packages use that town's key; re-issued keys revoke."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.documents import package_format as pf
from desktop_app.documents.package_crypto import SLIP_ALPHABET, slip_form
from desktop_app.services import exchange as ex
from desktop_app.services.errors import ServiceError, ValidationFailed
from desktop_app.services.exchange_common import ExchangeRefused
from desktop_app.services.exchange_keys import (
    change_district_passphrase,
    enrol_town,
    list_town_keys,
    reissue_key,
    write_slip,
)
from desktop_app.store import models
from tests.unit.exchange_helpers import (
    SECRET,
    TOWN_KEYS,
    add_record,
    counts,
    district_id,
    enrol,
    make_id,
    open_office,
    uid_of,
)

LI, WANG = ("李四", "31011819890517002X"), ("王五", "440306198002290519")


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pf, "KDF_LOG2N", 10)


@pytest.fixture()
def offices(tmp_path: Path):  # type: ignore[no-untyped-def]
    zjj = open_office(tmp_path, "ZJJ", "朱家角镇总工会")
    xj = open_office(tmp_path, "XJ", "徐泾镇总工会")
    qp = open_office(tmp_path, "QP", "青浦区总工会", level="district")
    enrol(qp, "ZJJ", "朱家角镇总工会")
    enrol(qp, "XJ", "徐泾镇总工会")
    usb = tmp_path / "usb"
    usb.mkdir()
    yield zjj, xj, qp, usb
    for a in (zjj, xj, qp):
        a.close()


def _export(app, usb, key):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.export_package(s, usb, key)


def _import(app, path, secret=SECRET, dry_run=False):  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        return ex.import_package(s, path, secret, dry_run=dry_run)


def _forge(usb: Path, as_town: pf.Party, key: str, records: list[list[object]], sequence: int = 2) -> Path:
    """What 朱家角 can make with its own key: a package whose header names another town."""
    enc = pf.encode_package(
        kind="data", sender=as_town, receiver=pf.Party("QP", "青浦区总工会"), sequence=sequence, passphrase=key,
        files={"people.json": pf.table(ex.PERSON_COLUMNS, []), "records.json": pf.table(ex.RECORD_COLUMNS, records)},
        counts={"people": 0, "records": len(records)})
    path = usb / f"{as_town.name}_第{sequence:04d}号.ulpkg"
    path.write_bytes(enc.blob)
    return path


def test_a_package_under_another_towns_name_is_refused(offices) -> None:  # type: ignore[no-untyped-def]
    """The attack of issue 20: 朱家角 writes 徐泾's record (subsidy 360.00 → 999,999.99) in a
    package named 徐泾镇总工会 第 2 号 — made with 朱家角's own key, the only one it has."""
    _, xj, qp, usb = offices
    rid = add_record(xj, "乙配送公司", [WANG])
    _import(qp, _export(xj, usb, TOWN_KEYS["XJ"]).path)
    dist = district_id(qp, uid_of(xj, rid))
    with qp.session() as s:
        rec = s.get(models.Record, dist)
        genuine = (rec.subsidy_fen, rec.data, rec.revision)
        row = [rec.uid, rec.revision + 1, "QP2023-03", "2-3-2", "乙配送公司", "ready",
               {**rec.data, "check_place": "别处"}, rec.computed, [], 1, 99_999_999, "2023-05-20",
               "2023-05-20T10:00:00", [[1, WANG[1], {}]]]
    forged = _forge(usb, pf.Party("XJ", "徐泾镇总工会"), TOWN_KEYS["ZJJ"], [row])
    before = counts(qp)
    with pytest.raises(ExchangeRefused) as info:
        _import(qp, forged)
    assert info.value.code == "forged"
    assert str(info.value) == (f"数据包“{forged.name}”自称由 徐泾镇总工会（代码 XJ）发出，但不是用区里发给该街镇的交换密钥生成的"
                               "（可能是其他单位冒名制作，也可能文件已损坏），已拒收，数据未作改动。")
    done, bad = ex.import_packages(qp, [forged], SECRET)  # the batch import refuses it the same way
    assert done == [] and bad == [(forged.name, str(info.value))]
    assert counts(qp) == before
    with qp.session() as s:
        rec = s.get(models.Record, dist)
        assert (rec.subsidy_fen, rec.data, rec.revision) == genuine


def test_a_town_that_is_not_enrolled_is_refused(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, qp, usb = offices
    sj = open_office(tmp_path, "ZZ", "重固镇总工会")
    try:
        add_record(sj, "丙公司", [LI])
        path = _export(sj, usb, "重固-自选口令-2023").path
    finally:
        sj.close()
    with pytest.raises(ExchangeRefused) as info:
        _import(qp, path, dry_run=True)
    assert info.value.code == "not_enrolled" and "本区没有为该街镇登记交换密钥，无法核实发送方" in str(info.value)


def test_receipts_and_return_packages_use_the_towns_own_key(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, xj, qp, usb = offices
    z = add_record(zjj, "甲物流公司", [LI])
    x = add_record(xj, "乙配送公司", [WANG])
    sz = _import(qp, _export(zjj, usb, TOWN_KEYS["ZJJ"]).path)
    sx = _import(qp, _export(xj, usb, TOWN_KEYS["XJ"]).path)
    with qp.transaction() as s:
        rz = ex.make_receipt(s, sz, usb, SECRET)
        rx = ex.make_receipt(s, sx, usb, SECRET)
    with xj.transaction() as s, pytest.raises(ExchangeRefused):  # not for 徐泾: named so before any key
        ex.import_receipt(s, rz.path, TOWN_KEYS["XJ"])
    # the receipt for 徐泾 does not open with 朱家角's key
    with pf_open(rx.path, TOWN_KEYS["ZJJ"]) as refused:
        assert refused.code == "integrity"
    with xj.transaction() as s:
        assert len(ex.import_receipt(s, rx.path, TOWN_KEYS["XJ"]).marked) == 1
    from desktop_app.services.district import decide

    with qp.transaction() as s:
        decide(s, district_id(qp, uid_of(xj, x)), approve=True)
        decide(s, district_id(qp, uid_of(zjj, z)), approve=True)
        ret = ex.export_return(s, "XJ", usb, SECRET)
    with pf_open(ret.path, TOWN_KEYS["ZJJ"]) as refused:
        assert refused.code == "integrity"
    with xj.transaction() as s:
        assert ex.import_return(s, ret.path, TOWN_KEYS["XJ"]).count("applied") == 1
    with qp.transaction() as s, pytest.raises(ExchangeRefused) as wrong:
        ex.export_return(s, "ZJJ", usb, "不是区里的口令-123")
    assert "本区数据交换口令错误" in str(wrong.value)


class pf_open:
    """Decoding a package with a key: the refusal it gets."""

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key

    def __enter__(self) -> pf.PackageError:
        with pytest.raises(pf.PackageError) as info:
            pf.decode_package(self.path.read_bytes(), passphrase=self.key)
        return info.value

    def __exit__(self, *exc: object) -> None:
        return None


def test_reissued_key_revokes_the_old_one(offices) -> None:  # type: ignore[no-untyped-def]
    _, xj, qp, usb = offices
    add_record(xj, "乙配送公司", [WANG])
    old_package = _export(xj, usb, TOWN_KEYS["XJ"]).path
    with qp.transaction() as s:
        issued = reissue_key(s, SECRET, "XJ")
    assert issued.version == 2 and slip_form(issued.passphrase) == issued.passphrase
    assert issued.message == "已为 徐泾镇总工会（代码 XJ）重新发放交换密钥（第 2 版，第 1 版已作废）。"
    with pytest.raises(ExchangeRefused) as info:
        _import(qp, old_package)
    assert info.value.code == "revoked" and "已作废的旧交换密钥（第 1 版，" in str(info.value)
    assert "请该镇改用新密钥单上的口令重新导出" in str(info.value)
    typed = issued.passphrase.lower().replace("-", "")  # case and dashes do not matter
    new_package = _export(xj, usb, typed).path
    assert _import(qp, new_package).records.new == 1
    with qp.session() as s:
        [xj_key] = [k for k in list_town_keys(s) if k.code == "XJ"]
    assert (xj_key.version, xj_key.revoked, xj_key.packages) == (2, 1, 1)


def test_a_mistyped_slip_key_is_caught_at_the_town(offices) -> None:  # type: ignore[no-untyped-def]
    _, xj, qp, usb = offices
    with qp.transaction() as s:
        key = reissue_key(s, SECRET, "XJ").passphrase
    add_record(xj, "乙配送公司", [WANG])
    i = 5  # one symbol changed, then two neighbours swapped
    other = next(c for c in SLIP_ALPHABET if c != key[i])
    for typo in (key[:i] + other + key[i + 1:], key[:i] + key[i + 1] + key[i] + key[i + 2:]):
        if typo == key:
            continue
        with xj.transaction() as s, pytest.raises(ExchangeRefused) as info:
            ex.export_package(s, usb, typo)
        assert "口令与交换密钥单不符" in str(info.value)
    assert list(usb.iterdir()) == []


def test_enrolment_rules_and_the_district_passphrase(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, _ = offices
    with qp.transaction() as s, pytest.raises(ValidationFailed) as twice:
        enrol_town(s, SECRET, "XJ", "徐泾镇总工会")
    assert "已于" in str(twice.value) and "重新发放密钥" in str(twice.value)
    with qp.transaction() as s, pytest.raises(ExchangeRefused) as wrong:
        enrol_town(s, "另一个口令-2023", "BHZ", "白鹤镇总工会")
    assert "本区数据交换口令错误" in str(wrong.value)
    with qp.transaction() as s, pytest.raises(ServiceError):
        reissue_key(s, SECRET, "NOPE")
    with qp.transaction() as s, pytest.raises(ValidationFailed):
        enrol_town(s, SECRET, "QP", "青浦")  # the district's own code
    with qp.transaction() as s, pytest.raises(ValidationFailed) as bad:
        enrol_town(s, SECRET, "a b", "")
    assert "街镇代码" in str(bad.value) and "街镇名称" in str(bad.value)
    with zjj.transaction() as s, pytest.raises(ValidationFailed) as at_town:
        enrol_town(s, SECRET, "XX", "某镇")
    assert "区总工会模式" in str(at_town.value)
    fresh = open_office(tmp_path, "SJ", "松江区总工会", level="district")
    try:
        usb = tmp_path / "usb"
        add_record(zjj, "甲物流公司", [LI])
        path = _export(zjj, usb, TOWN_KEYS["ZJJ"]).path
        with pytest.raises(ServiceError) as none, fresh.transaction() as s:
            ex.import_package(s, path, SECRET)
        assert "接收方是 青浦区总工会" in str(none.value)  # not for this district: said before any key
        with fresh.transaction() as s, pytest.raises(ServiceError) as no_keys:
            ex.export_return(s, "ZJJ", usb, SECRET)
        assert "没有收到过代码为 ZJJ 的街镇" in str(no_keys.value) or "还没有登记任何街镇" in str(no_keys.value)
    finally:
        fresh.close()


def test_the_store_and_the_audit_hold_no_usable_key(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, qp, _ = offices
    with qp.transaction() as s:
        issued = reissue_key(s, SECRET, "ZJJ")
    with qp.session() as s:
        audit = [str(a.new) for a in s.scalars(select(models.AuditLog))]
        sealed = [k.sealed for k in s.scalars(select(models.ExchangeKey))]
    assert any("issue_key" in str(a) or "ZJJ" in a for a in audit)
    for secret in (issued.passphrase, TOWN_KEYS["ZJJ"], TOWN_KEYS["XJ"]):
        assert all(secret not in a for a in audit) and all(secret not in k for k in sealed)
        for f in (tmp_path / "QP").rglob("*"):
            if f.is_file():
                assert secret.encode() not in f.read_bytes(), f


def test_slips_are_written_once(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, qp, _ = offices
    with qp.transaction() as s:
        issued = enrol_town(s, SECRET, "BHZ", "白鹤镇总工会")
    text = write_slip(issued, tmp_path / "白鹤.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "数据交换密钥单" and lines[2] == "街镇：白鹤镇总工会（代码 BHZ）"
    assert f"交换口令：{issued.passphrase}" in lines
    pdf = write_slip(issued, tmp_path / "白鹤.pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    if os.name == "posix":
        assert text.stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValidationFailed) as again:
        write_slip(issued, tmp_path / "白鹤.txt")
    assert "已存在" in str(again.value)
    assert make_id(1)  # helpers in use


def test_changing_the_district_passphrase_keeps_the_town_keys(offices) -> None:  # type: ignore[no-untyped-def]
    zjj, _, qp, usb = offices
    add_record(zjj, "甲物流公司", [LI])
    path = _export(zjj, usb, TOWN_KEYS["ZJJ"]).path
    with qp.transaction() as s, pytest.raises(ExchangeRefused):
        change_district_passphrase(s, "不是本区口令-000", "新的本区口令-2024")
    with qp.transaction() as s:
        assert change_district_passphrase(s, SECRET, "新的本区口令-2024") == 2
    with pytest.raises(ExchangeRefused) as old:
        _import(qp, path, secret=SECRET)
    assert "本区数据交换口令错误" in str(old.value)
    assert _import(qp, path, secret="新的本区口令-2024").records.new == 1  # the town's key still works


def test_a_forgotten_district_passphrase_resets_every_town_key(offices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.exchange_keys import reset_keyring, write_slips

    zjj, _, qp, usb = offices
    with qp.transaction() as s:
        reissue_key(s, SECRET, "XJ")  # XJ at version 2 before the reset
    add_record(zjj, "甲物流公司", [LI])
    old_path = _export(zjj, usb, TOWN_KEYS["ZJJ"]).path
    slips = tmp_path / "slips"
    slips.mkdir()
    with qp.transaction() as s:
        issued = reset_keyring(s, "新的本区口令-2024")
        paths = write_slips(issued, slips)
    assert [(i.town_code, i.version) for i in issued] == [("XJ", 3), ("ZJJ", 2)]
    assert sorted(p.name for p in slips.iterdir()) == sorted(p.name for p in paths) and len(paths) == 2
    with pytest.raises(ExchangeRefused) as refused_old:  # the old town key stopped working
        _import(qp, old_path, secret="新的本区口令-2024")
    assert refused_old.value.code == "forged"  # its version cannot be named: sealed under the lost passphrase
    new_key = next(i.passphrase for i in issued if i.town_code == "ZJJ")
    new_path = _export(zjj, usb, new_key).path
    assert _import(qp, new_path, secret="新的本区口令-2024").records.new == 1
