"""Files refused before any parser sees them (PITFALLS §6 items 40–42)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.documents.xlsx_safety import WorkbookRefused, check_workbook
from tests.unit import xlsx_factory as xf


def refused(path: Path, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkbookRefused) as err:
        check_workbook(path, **kw)
    message = str(err.value)
    assert path.name in message or "找不到" in message  # the clerk sees which file
    return message


def test_plain_xlsx_and_xls_pass(tmp_path: Path) -> None:
    ok = xf.roster_236(tmp_path / "ok.xlsx", [xf.person(1, "张三", "女", "已婚", 34, xf.ID_F)])
    info = check_workbook(ok)
    assert info.kind == "xlsx" and info.members > 3 and info.uncompressed > 0
    old = xf.xls_roster(tmp_path / "old.xls", [[1, "甲", "张三", "女", "已婚", 34, xf.ID_F, None]])
    assert check_workbook(old).kind == "xls"


def test_missing_empty_text_and_html(tmp_path: Path) -> None:
    assert "找不到" in refused(tmp_path / "nope.xlsx")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert "空文件" in refused(tmp_path / "empty.xlsx")
    (tmp_path / "roster.xlsx").write_text("姓名,身份证号码\n张三,31011819890517002X\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in refused(tmp_path / "roster.xlsx")
    (tmp_path / "fake.xls").write_text("<html><table><tr><td>1</td></tr></table></html>")
    assert "网页" in refused(tmp_path / "fake.xls")


def test_damaged_zip(tmp_path: Path) -> None:
    good = xf.roster_236(tmp_path / "good.xlsx", [xf.person(1, "张三", "女", "已婚", 34, xf.ID_F)])
    data = good.read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(data[: len(data) // 2])
    assert "已损坏" in refused(tmp_path / "cut.xlsx")
    flipped = bytearray(data)
    middle = len(flipped) // 3
    flipped[middle : middle + 200] = b"\x55" * 200
    (tmp_path / "flipped.xlsx").write_bytes(bytes(flipped))
    assert "损坏" in refused(tmp_path / "flipped.xlsx")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    p = xf.zip_with(tmp_path / "photos.xlsx", {"a.jpg": b"123"})
    assert "不是 Excel 工作簿" in refused(p)


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    p = xf.zip_bomb(tmp_path / "bomb.xlsx", megabytes=60)
    assert p.stat().st_size < 1024 * 1024
    assert "压缩炸弹" in refused(p)


def test_zip_bomb_total_size(tmp_path: Path) -> None:
    p = xf.zip_bomb(tmp_path / "big.xlsx", megabytes=3)
    assert "压缩炸弹" in refused(p, max_total=2 * 1024 * 1024)


def test_zip_many_members(tmp_path: Path) -> None:
    p = xf.zip_many(tmp_path / "many.xlsx", members=2100)
    assert "个部件" in refused(p)


@pytest.mark.parametrize("bad", ["../evil.xml", "/etc/passwd", "C:/x.xml", "xl\\..\\x.xml"])
def test_zip_slip_names(tmp_path: Path, bad: str) -> None:
    p = xf.zip_with(tmp_path / "slip.xlsx", {"[Content_Types].xml": b"<Types/>",
                                             "xl/workbook.xml": b"<workbook/>", bad: b"x"})
    assert "非法路径" in refused(p)


def test_xml_entities_refused(tmp_path: Path) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><workbook>&lol;</workbook>'
    p = xf.zip_with(tmp_path / "laughs.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": laughs})
    assert "实体声明" in refused(p)


def test_encrypted_xlsx_is_an_ole_file(tmp_path: Path) -> None:
    p = xf.ole_file(tmp_path / "secret.xlsx", {"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\x00" * 64})
    message = refused(p)
    assert "已加密" in message and "取消密码" in message


def test_password_protected_xls(tmp_path: Path) -> None:
    p = xf.ole_file(tmp_path / "secret.xls", {"Workbook": xf.biff_with_filepass()})
    assert "已加密" in refused(p)


def test_word_document_and_unknown_ole(tmp_path: Path) -> None:
    assert "Word" in refused(xf.ole_file(tmp_path / "letter.xls", {"WordDocument": b"\0" * 16}))
    assert "不是 Excel" in refused(xf.ole_file(tmp_path / "other.xls", {"Contents": b"\0" * 16}))


def test_damaged_ole(tmp_path: Path) -> None:
    p = tmp_path / "broken.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600)
    assert "损坏" in refused(p)


def test_size_cap(tmp_path: Path) -> None:
    p = xf.roster_236(tmp_path / "ok.xlsx", [])
    assert "上限" in refused(p, max_bytes=100)
