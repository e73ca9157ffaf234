"""The exchange package file: encryption, authentication, refusals, atomic writes."""

from __future__ import annotations

import errno
import io
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.documents import package_format as pf
from desktop_app.documents import package_io
from desktop_app.documents.package_io import package_file_name, safe_component, write_atomic

TOWN = pf.Party("ZJJ", "朱家角镇总工会")
DISTRICT = pf.Party("QP", "青浦区总工会")
SECRET = "青浦-exchange-2023"


def _encode(**kw):  # type: ignore[no-untyped-def]
    people = pf.table(["uid", "id_number", "revision", "name"],
                      [["a" * 32, "31011819890517002X", 1, "李四"], ["b" * 32, "440306198002290519", 2, "王五"]])
    args = {"kind": "data", "sender": TOWN, "receiver": DISTRICT, "sequence": 5, "passphrase": SECRET,
            "log2n": 10, "files": {"people.json": people}, "counts": {"people": 2}}
    args.update(kw)
    return pf.encode_package(**args)


ENC = _encode()


def test_round_trip_and_manifest() -> None:
    pkg = pf.decode_package(ENC.blob, passphrase=SECRET, receiver=DISTRICT, kind="data")
    assert [r["name"] for r in pkg.rows("people.json")] == ["李四", "王五"]
    m = pkg.manifest
    assert m["format"] == pf.FORMAT_VERSION and m["sequence"] == 5 and m["counts"] == {"people": 2}
    assert m["sender"] == {"code": "ZJJ", "name": "朱家角镇总工会"} and m["receiver"]["code"] == "QP"
    assert m["content_sha256"] == pkg.content_hash == ENC.content_hash
    assert pkg.header.kdf["name"] == "scrypt" and pkg.header.kdf["n"] == 2**10 and pkg.header.kdf["r"] == 8
    assert ENC.blob[:4] == b"ULPK"
    # The clear header holds no personal data; the people are only inside the ciphertext.
    assert "李四".encode() not in ENC.blob and b"31011819890517002X" not in ENC.blob


def test_key_derived_ahead_is_used_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """key_ahead(): the package carries those scrypt parameters, and the key is derived once
    (in the background thread; encode_package waits for it instead of deriving again)."""
    from desktop_app.documents import package_crypto

    calls = []
    real = package_crypto.Scrypt

    class Counting:
        def __init__(self, **kw: object) -> None:
            self._real = real(**kw)

        def derive(self, key_material: bytes) -> bytes:
            calls.append(1)
            return self._real.derive(key_material)

    monkeypatch.setattr(package_crypto, "Scrypt", Counting)
    kdf = pf.key_ahead(SECRET + "-ahead", 10)
    enc = _encode(kdf=kdf, passphrase=SECRET + "-ahead")
    assert enc.header.kdf == kdf and len(calls) == 1
    pkg = pf.decode_package(enc.blob, passphrase=SECRET + "-ahead", receiver=DISTRICT, kind="data")
    assert [r["name"] for r in pkg.rows("people.json")] == ["李四", "王五"]


def test_full_width_passphrase_is_the_same_passphrase() -> None:
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in SECRET)
    assert pf.decode_package(ENC.blob, passphrase=f"  {full} ").header.sequence == 5


def _refused(blob: bytes, **kw) -> pf.PackageError:  # type: ignore[no-untyped-def]
    kw.setdefault("passphrase", SECRET)
    with pytest.raises(pf.PackageError) as info:
        pf.decode_package(blob, **kw)
    return info.value


def test_wrong_passphrase_gets_the_generic_message() -> None:
    e = _refused(ENC.blob, passphrase="not the passphrase")
    assert e.code == "integrity" and str(e) == "口令错误或文件已损坏（无法通过完整性校验）"


def test_foreign_receiver_is_named() -> None:
    e = _refused(ENC.blob, receiver=pf.Party("SJ", "松江区总工会"))
    assert e.code == "foreign"
    assert str(e).startswith("此数据包的接收方是 青浦区总工会（代码 QP），不是本单位")


def test_truncated_not_a_package_version_and_kind() -> None:
    for cut in (0, 3, 8, 40, len(ENC.blob) - 1, len(ENC.blob) - 100):
        assert _refused(ENC.blob[:cut], name="x.ulpkg").code == "truncated", cut
    assert "被截断" in str(_refused(ENC.blob[:-1]))
    assert _refused(b"PK\x03\x04 a zip, not ours" * 3).code == "not_package"
    assert "不是工会实事台账的数据交换包" in str(_refused(b"hello world", name="a.txt"))
    future = ENC.blob[:4] + struct.pack(">H", 9) + ENC.blob[6:]
    e = _refused(future)
    assert e.code == "version" and "版本为 9" in str(e)
    e = _refused(ENC.blob, kind="receipt")
    assert e.code == "wrong_kind" and "不是回执" in str(e)
    assert _refused(ENC.blob + b"\0").code == "integrity"


def test_every_region_is_authenticated() -> None:
    """Header bytes are AAD: changing the sender's name in the clear header is detected."""
    blob = ENC.blob.replace("朱家角镇".encode(), "朱家角乡".encode(), 1)
    assert blob != ENC.blob and _refused(blob).code == "integrity"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_single_byte_change_is_refused(data) -> None:  # type: ignore[no-untyped-def]
    pos = data.draw(st.integers(0, len(ENC.blob) - 1), label="position")
    delta = data.draw(st.integers(1, 255), label="xor")
    blob = bytearray(ENC.blob)
    blob[pos] ^= delta
    with pytest.raises(pf.PackageError):
        pf.decode_package(bytes(blob), passphrase=SECRET, receiver=DISTRICT, kind="data")


def _reheader(blob: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    """The same package with its clear header edited (no passphrase needed to do this)."""
    _, end = pf.read_header(blob)
    raw = json.loads(blob[10:end])
    edit(raw)
    hb = json.dumps(raw).encode() if isinstance(raw, dict) else raw
    return struct.pack(">4sHI", b"ULPK", 1, len(hb)) + hb + blob[end:]


@pytest.fixture()
def no_scrypt(monkeypatch):  # type: ignore[no-untyped-def]
    """Refusals must come before any key derivation (issue 20: 24 s and 2.1 GB per edited file)."""
    from desktop_app.documents import package_crypto

    def boom(**_kw: object) -> None:
        raise AssertionError("scrypt must not run for a refused header")

    monkeypatch.setattr(package_crypto, "Scrypt", boom)
    package_crypto.forget_keys()


@pytest.mark.parametrize("kdf", [
    {"n": 2**30}, {"n": 2**20, "r": 16, "p": 4}, {"n": 2**18}, {"r": 9}, {"p": 2}, {"n": 2**9}, {"n": 3 * 2**12},
    {"n": 2.0**12}, {"n": True}, {"n": "65536"}, {"n": 2**63}, {"salt": ["AAAA"]}, {"salt": "AAAA"},
    {"salt": "A" * 10_000}, {"name": "argon2id"}, {"extra": 1},
])
def test_kdf_parameters_outside_the_programs_range_are_refused_before_deriving(kdf, no_scrypt) -> None:  # type: ignore[no-untyped-def]
    blob = _reheader(ENC.blob, lambda raw: raw["kdf"].update(kdf))
    e = _refused(blob)
    assert e.code == "integrity" and "密钥参数不在本程序使用的范围内" in str(e)
    with pytest.raises(pf.PackageError):  # a file list (no passphrase) refuses it too
        pf.read_header(blob)


def test_missing_kdf_fields_are_refused(no_scrypt) -> None:  # type: ignore[no-untyped-def]
    assert "密钥参数" in str(_refused(_reheader(ENC.blob, lambda raw: raw["kdf"].pop("salt"))))
    assert "密钥参数" in str(_refused(_reheader(ENC.blob, lambda raw: raw.update(kdf=[1, 2]))))


@pytest.mark.parametrize(("field", "value", "label"), [
    ("sequence", 2**63, "序号"), ("sequence", 10**12, "序号"), ("sequence", "5", "序号"), ("sequence", [5], "序号"),
    ("sequence", 0, "序号"), ("sequence", True, "序号"), ("sequence", 5.0, "序号"),
    ("payload_size", 2**63, "数据长度"), ("payload_size", -1, "数据长度"),
    ("sender", [["ZJJ", "朱家角"]], "发送方"), ("sender", {"code": ["ZJJ"], "name": "x"}, "发送方"),
    ("sender", {"code": "ZJJ", "name": "x", "more": 1}, "发送方"), ("receiver", "QP", "接收方"),
    ("sender", {"code": "../..", "name": "x"}, "发送方"), ("sender", {"code": "ZJJ", "name": "a\nb"}, "发送方"),
    ("created", 20231123, "生成时间"), ("created", "yesterday", "生成时间"), ("package_id", ["x"], "数据包编号"),
    ("package_id", "x", "数据包编号"), ("nonce", 12, "加密随机数"), ("nonce", "AAAA", "加密随机数"),
    ("kind", ["data"], "包类型"), ("kind", "other", "包类型"), ("format", 2**63, "格式版本"),
    ("cipher", None, "加密方式"),
])
def test_header_fields_of_the_wrong_type_or_range_are_named(field, value, label, no_scrypt) -> None:  # type: ignore[no-untyped-def]
    e = _refused(_reheader(ENC.blob, lambda raw: raw.update({field: value})))
    assert e.code == "integrity" and f"文件头中{label}的类型或取值无效" in str(e), str(e)


def test_header_that_is_not_an_object_or_deeply_nested(no_scrypt) -> None:  # type: ignore[no-untyped-def]
    for hb in (b"[1, 2, 3]", b"[" * 8_000 + b"]" * 8_000, b"[" * 20_000, b"{\"kind\": " * 1000, b"\xff\xfe", b"12345678901234567890"):
        blob = struct.pack(">4sHI", b"ULPK", 1, len(hb)) + hb + b"\0" * 64
        e = _refused(blob)
        assert e.code == "integrity" and "文件头" in str(e), hb[:20]
    missing = _reheader(ENC.blob, lambda raw: raw.pop("nonce"))
    assert "字段不全" in str(_refused(missing))


def _seal(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    """A package whose (authenticated) payload is a hostile zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    plain = buf.getvalue()
    kdf = pf.new_kdf(10)
    key = pf.derive_key(SECRET, kdf)
    header = {"format": 1, "kind": "data", "package_id": "0" * 32, "sequence": 1, "created": "2023-11-23T10:00:00",
              "sender": {"code": "ZJJ", "name": "z"}, "receiver": {"code": "QP", "name": "q"}, "kdf": kdf,
              "cipher": "AES-256-GCM", "nonce": "AAAAAAAAAAAAAAAA", "payload_size": len(plain) + 16}
    hb = json.dumps(header).encode()
    prefix = struct.pack(">4sHI", b"ULPK", 1, len(hb)) + hb
    return prefix + AESGCM(key).encrypt(b"\0" * 12, plain, prefix)


@pytest.mark.parametrize("name", ["../evil.json", "/etc/passwd", "C:\\x.json", "people.json/../x", "extra.bin"])
def test_zip_members_are_whitelisted(name: str) -> None:
    manifest = json.dumps({"format": 1}).encode()
    assert _refused(_seal({"manifest.json": manifest, name: b"{}"})).code == "integrity"


def test_file_names_are_recognisable_and_windows_safe() -> None:
    import datetime as dt

    name = package_file_name("data", TOWN, DISTRICT, 5, dt.date(2023, 11, 23))
    assert name == "朱家角镇总工会_ZJJ_至_QP_2023-11-23_第0005号.ulpkg"
    assert package_file_name("receipt", DISTRICT, TOWN, 5, dt.date(2023, 11, 23)).endswith("_回执_第0005号.ulpkg")
    assert safe_component('a<b>:"c/d\\e|f?*. ') == "a_b___c_d_e_f__"
    assert safe_component("CON") == "_CON" and safe_component("...") == "_"


def test_atomic_write_full_disk_leaves_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(package_io.os, "fsync", full)
    with pytest.raises(pf.PackageError) as info:
        write_atomic(tmp_path, "a.ulpkg", ENC.blob)
    assert "空间不足" in str(info.value) and str(tmp_path) in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_read_only_media(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def read_only(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(package_io.os, "replace", read_only)
    with pytest.raises(pf.PackageError) as info:
        write_atomic(tmp_path, "a.ulpkg", ENC.blob)
    assert "只读" in str(info.value) and str(tmp_path) in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_atomic_write_real_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "usb"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(pf.PackageError) as info:
            write_atomic(ro, "a.ulpkg", ENC.blob)
        assert "只读" in str(info.value) and list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(pf.PackageError) as info:
        write_atomic(tmp_path / "gone", "a.ulpkg", ENC.blob)
    assert "不存在" in str(info.value)


def test_a_zip_bomb_inside_an_authenticated_package_is_refused_by_size(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Even with the key, a payload that inflates past the cap is refused while streaming
    (declared sizes are not trusted): 40 MB of zeros compress to ~40 KB."""
    import tracemalloc

    manifest = json.dumps({"format": 1}).encode()
    blob = _seal({"manifest.json": manifest, "people.json": b"0" * (40 * 1024 * 1024)}, zipfile.ZIP_DEFLATED)
    assert len(blob) < 200_000
    tracemalloc.start()
    try:
        e = _refused(blob)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert e.code == "too_large" and "超过 32 MB" in str(e) and peak < 80 * 1024 * 1024
