"""The exchange package file (数据交换包): town ↔ district by USB stick or e-mail.

Layout (all integers big-endian)::

    b"ULPK" | u16 format version | u32 header length | header (UTF-8 JSON)
    | AES-256-GCM ciphertext of a zip payload, 16-byte tag at the end

The header is readable without the passphrase (sender, receiver, kind, sequence, creation
time, KDF parameters, nonce, payload size) so a foreign or truncated file can be named
before any key is derived; it is also the AEAD associated data (the whole prefix up to the
end of the header), so a changed header byte fails authentication (PITFALLS §6.38). The key
is scrypt(NFKC(passphrase).strip()) with N, r, p and salt stored in the header, so the cost
can be raised later without a format change (PITFALLS §6.39).

The payload is a zip (deflate) holding ``manifest.json`` (format, kind, package id, sender and
receiver, sequence, creation time, counts per kind, sha256 per file and of the whole content)
data files, each a JSON table ``{"columns": [...], "rows": [[...], ...]}`` (column-wise
keys: half the size and twice the speed of JSON lines for 20,000 people). Reading never extracts: member names are whitelisted, member count
and sizes are capped and counted while streaming (PITFALLS §6.40–41).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import struct
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop_app import __version__
from desktop_app.documents import fastjson
from desktop_app.documents.package_crypto import (
    BAD,
    PackageError,
    WrongKey,
    b64,
    check_kdf,
    derive_key,
    new_kdf,
    unb64,
)

MAGIC = b"ULPK"
FORMAT_VERSION = 1
SUFFIX = ".ulpkg"
_PREFIX = struct.Struct(">4sHI")
KINDS = {"data": "数据包", "receipt": "回执", "return": "审核结果包"}
MEMBERS = frozenset({"manifest.json", "people.json", "records.json", "receipt.json", "decisions.json",
                     "allocations.json"})

# scrypt cost: 2^16 measured 0.27 s (2^17: 0.52 s) on the 2-core dev machine; stored per file,
# so it can be raised without a format change. Tests lower it (readers accept 2^10 … 2^20).
KDF_LOG2N = 16

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_HEADER_BYTES = 16 * 1024
# Decoded JSON takes ~12× its text in memory: a town of 20,000 people and 1,000 records is
# 3.4 MB of text (39 MB decoded), so 32 MB (~9× that town) keeps a package under ~400 MB.
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
TOO_BIG = (f"数据包的内容解压后超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB，超出本程序接收的上限，已拒收。"
           "请街镇分批报送（例如先报送新增或修改的记录，不选“全部”）。")


class _TooBig(ValueError):
    pass
_CHUNK = 1024 * 1024

@dataclass(frozen=True)
class Party:
    code: str
    name: str

    def label(self) -> str:
        return f"{self.name}（代码 {self.code}）"


@dataclass(frozen=True)
class PackageHeader:
    format_version: int
    kind: str
    package_id: str
    sequence: int
    created: str
    sender: Party
    receiver: Party
    kdf: dict[str, Any]
    nonce: bytes
    payload_size: int

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass
class Package:
    """A verified, decrypted package: header, manifest and the data files' bytes."""

    header: PackageHeader
    manifest: dict[str, Any]
    files: dict[str, bytes]
    content_hash: str
    name: str = ""
    _tables: dict[str, tuple[list[str], list[list[Any]]]] = field(default_factory=dict, repr=False)

    def table(self, member: str) -> tuple[list[str], list[list[Any]]]:
        """A data file as (columns, rows); every row a list as wide as the columns. Decoded
        once (prepare() may have done it in a background thread)."""
        held = self._tables.get(member)
        if held is None:
            held = self._tables[member] = self._decode(member)
        return held

    def prepare(self, members: Iterable[str]) -> None:
        """Decode these data files now (a package opened ahead of its import)."""
        for member in members:
            if member in self.files:
                try:
                    self.table(member)
                except PackageError:
                    pass  # raised again, in order, when the import asks for the file

    def _decode(self, member: str) -> tuple[list[str], list[list[Any]]]:
        raw = self.files.get(member)
        if raw is None:
            return [], []
        try:
            doc = fastjson.loads(raw)
            columns, rows = doc["columns"], doc["rows"]
            if not (isinstance(columns, list) and isinstance(rows, list)):
                raise TypeError("table")
        except (ValueError, TypeError, KeyError, RecursionError):
            raise PackageError("integrity", BAD) from None
        width = len(columns)
        if not all(type(r) is list and len(r) == width for r in rows):
            raise PackageError("integrity", BAD)
        return columns, rows

    def rows(self, member: str) -> Iterator[dict[str, Any]]:
        """The rows of a data file as dicts (a missing file has none)."""
        columns, rows = self.table(member)
        for row in rows:
            yield dict(zip(columns, row))


@dataclass(frozen=True)
class Encoded:
    blob: bytes
    header: PackageHeader
    key: bytes
    content_hash: str


def prefetch_keys(paths: Iterable[str | os.PathLike[str]],
                  passphrase: str | Callable[[str], str | None]) -> threading.Thread:
    """Derive the keys of several package files in a background thread (scrypt releases the
    GIL), so importing a folder of packages overlaps key derivation with the database work.
    `passphrase`: one for all, or the key of each sender (by code; None: nothing to derive)."""
    paths = list(paths)

    def work() -> None:
        for path in paths:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(_PREFIX.size + MAX_HEADER_BYTES)
                header = read_header(head)[0]
                secret = passphrase(header.sender.code) if callable(passphrase) else passphrase
                if secret is not None:
                    derive_key(secret, header.kdf)
            except (OSError, PackageError):
                continue  # the import itself reports what is wrong with this file

    thread = threading.Thread(target=work, name="unionledger-kdf-prefetch", daemon=True)
    thread.start()
    return thread


def key_ahead(passphrase: str, log2n: int | None = None) -> dict[str, Any]:
    """Fresh scrypt parameters whose key is already being derived in a background thread:
    pass them to ``encode_package(kdf=…)``, which then waits for that key (derive_key shares
    a derivation in progress) instead of starting one — an export collects and packs its data
    while scrypt (~0.27 s, GIL released) runs."""
    kdf = new_kdf(log2n or KDF_LOG2N)

    def work() -> None:
        try:
            derive_key(passphrase, kdf)
        except PackageError:
            pass  # encode_package derives again and reports it

    threading.Thread(target=work, name="unionledger-kdf-ahead", daemon=True).start()
    return kdf


def table(columns: list[str], rows: Iterable[list[Any]]) -> bytes:
    """A data file: one JSON document, keys once, rows as lists."""
    doc = {"columns": columns, "rows": rows if isinstance(rows, list) else list(rows)}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def content_hash_of(hashes: dict[str, str]) -> str:
    """sha256 over "name\\0sha256hex\\n" of every data file, in name order."""
    h = hashlib.sha256()
    for name in sorted(hashes):
        h.update(f"{name}\0{hashes[name]}\n".encode())
    return h.hexdigest()


def encode_package(
    *,
    kind: str,
    sender: Party,
    receiver: Party,
    sequence: int,
    files: dict[str, bytes],
    counts: dict[str, int],
    passphrase: str,
    log2n: int | None = None,
    kdf: dict[str, Any] | None = None,
    created: dt.datetime | None = None,
    compresslevel: int = 6,
    extra: dict[str, Any] | None = None,
) -> Encoded:
    assert kind in KINDS and set(files) <= MEMBERS and "manifest.json" not in files
    created_s = (created or dt.datetime.now()).replace(microsecond=0).isoformat()
    package_id = uuid.uuid4().hex
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    content = content_hash_of(hashes)
    parties = {"sender": {"code": sender.code, "name": sender.name},
               "receiver": {"code": receiver.code, "name": receiver.name}}
    manifest = {
        "format": FORMAT_VERSION, "kind": kind, "package_id": package_id, "sequence": sequence,
        "created": created_s, **parties, "counts": counts,
        "files": {n: {"sha256": hashes[n], "size": len(files[n])} for n in sorted(files)},
        "content_sha256": content, "app": f"UnionLedger {__version__}",
    }
    manifest = {**(extra or {}), **manifest}
    buf = io.BytesIO()
    stamp = dt.datetime.fromisoformat(created_s).timetuple()[:6]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        for name, data in [("manifest.json", json.dumps(manifest, ensure_ascii=False).encode()), *files.items()]:
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED, compresslevel)
    plain = buf.getvalue()
    kdf = kdf or new_kdf(log2n or KDF_LOG2N)  # kdf: from key_ahead()
    key = derive_key(passphrase, kdf)
    nonce = os.urandom(12)
    header = {
        "format": FORMAT_VERSION, "kind": kind, "package_id": package_id, "sequence": sequence,
        "created": created_s, **parties, "kdf": kdf, "cipher": "AES-256-GCM", "nonce": b64(nonce),
        "payload_size": len(plain) + 16,
    }
    hbytes = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    prefix = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(hbytes)) + hbytes
    blob = prefix + AESGCM(key).encrypt(nonce, plain, prefix)
    return Encoded(blob, _parse_header(header), key, content)


def read_header(data: bytes, name: str = "") -> tuple[PackageHeader, int]:
    """The unauthenticated header and the offset of the ciphertext (raises PackageError)."""
    label = f"“{name}”" if name else "此文件"
    if len(data) < 4:
        if MAGIC.startswith(data[:4]):
            raise PackageError("truncated", f"数据包{label}不完整（文件被截断，可能复制或下载未完成），请重新拷贝。")
        raise PackageError("not_package", f"{label}不是工会实事台账的数据交换包文件。")
    if data[:4] != MAGIC:
        raise PackageError("not_package", f"{label}不是工会实事台账的数据交换包文件。")
    if len(data) < _PREFIX.size:
        raise PackageError("truncated", f"数据包{label}不完整（文件被截断，可能复制或下载未完成），请重新拷贝。")
    _, version, hlen = _PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        hint = "请升级本程序后再导入" if version > FORMAT_VERSION else "请对方用新版程序重新生成"
        raise PackageError("version", f"数据包{label}的格式版本为 {version}，本程序只支持版本 {FORMAT_VERSION}，{hint}。")
    if not 0 < hlen <= MAX_HEADER_BYTES:
        raise PackageError("integrity", f"数据包{label}的文件头长度无效（文件已损坏或被改动），已拒收。")
    end = _PREFIX.size + hlen
    if len(data) < end:
        raise PackageError("truncated", f"数据包{label}不完整（文件被截断，可能复制或下载未完成），请重新拷贝。")
    try:
        raw = json.loads(data[_PREFIX.size:end].decode("utf-8"))
    except (ValueError, RecursionError):
        raise PackageError("integrity", f"数据包{label}的文件头不是有效的数据（文件已损坏或被改动），已拒收。") from None
    try:
        header = _parse_header(raw)
    except HeaderError as exc:
        field = _FIELD_LABELS.get(exc.what, exc.what)
        raise PackageError("integrity", f"数据包{label}的文件头中{field}的类型或取值无效（文件已损坏或被改动），"
                                        "已拒收，数据未作改动。") from None
    return header, end


_FIELD_LABELS = {"fields": "字段不全", "format": "格式版本", "kind": "包类型", "cipher": "加密方式",
                 "package_id": "数据包编号", "sequence": "序号", "payload_size": "数据长度", "created": "生成时间",
                 "nonce": "加密随机数", "sender": "发送方", "receiver": "接收方"}


MAX_SEQUENCE = 999_999_999  # a town sending a package a minute for 1,900 years
_PACKAGE_ID = re.compile(r"[0-9a-f]{32}")
_CODE = re.compile(r"[0-9A-Za-z_.\-]{1,32}")
_HEADER_KEYS = frozenset({"format", "kind", "package_id", "sequence", "created", "sender", "receiver", "kdf",
                          "cipher", "nonce", "payload_size"})


class HeaderError(ValueError):
    """A header field of the wrong type or out of range: names the field for the clerk."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _int_in(raw: dict[str, Any], key: str, low: int, high: int) -> int:
    v = raw.get(key)
    if type(v) is not int or not low <= v <= high:  # bool is not an int here; 2^63 is out of range
        raise HeaderError(key)
    return v


def _parse_header(raw: Any) -> PackageHeader:
    """Every field's type and range checked before anything uses it (issue 20): the header
    is read without the key, so it is hostile input until the payload authenticates it."""
    if not isinstance(raw, dict) or not _HEADER_KEYS <= set(raw) or len(raw) > 32:
        raise HeaderError("fields")

    def party(key: str) -> Party:
        v = raw[key]
        if not (isinstance(v, dict) and set(v) == {"code", "name"} and isinstance(v["code"], str)
                and isinstance(v["name"], str) and _CODE.fullmatch(v["code"]) and 0 < len(v["name"]) <= 100
                and v["name"].isprintable()):
            raise HeaderError(key)
        return Party(v["code"], v["name"])

    fmt = _int_in(raw, "format", FORMAT_VERSION, FORMAT_VERSION)
    if not isinstance(raw["kind"], str) or raw["kind"] not in KINDS:
        raise HeaderError("kind")
    if raw["cipher"] != "AES-256-GCM":
        raise HeaderError("cipher")
    if not (isinstance(raw["package_id"], str) and _PACKAGE_ID.fullmatch(raw["package_id"])):
        raise HeaderError("package_id")
    seq = _int_in(raw, "sequence", 1, MAX_SEQUENCE)
    size = _int_in(raw, "payload_size", 16, MAX_FILE_BYTES)
    created = raw["created"]
    try:
        if not isinstance(created, str) or len(created) > 32:
            raise ValueError(created)
        dt.datetime.fromisoformat(created)
    except ValueError:
        raise HeaderError("created") from None
    nonce_text = raw["nonce"]
    try:
        nonce = unb64(nonce_text) if isinstance(nonce_text, str) and len(nonce_text) == 16 else b""
    except (ValueError, TypeError):
        nonce = b""
    if len(nonce) != 12:
        raise HeaderError("nonce")
    check_kdf(raw["kdf"])  # PackageError with its own message: the scrypt parameters
    return PackageHeader(fmt, raw["kind"], raw["package_id"], seq, created, party("sender"), party("receiver"),
                         dict(raw["kdf"]), nonce, size)


def decode_package(
    data: bytes,
    *,
    passphrase: str | None = None,
    key: bytes | None = None,
    name: str = "",
    receiver: Party | None = None,
    kind: str | None = None,
) -> Package:
    """Check, decrypt and verify a package held in memory. Refusals raise PackageError."""
    header, end = read_header(data, name)
    if kind is not None and header.kind != kind:
        raise PackageError("wrong_kind", f"这是{header.kind_label}（由 {header.sender.label()} 发出），"
                                         f"不是{KINDS[kind]}，请选择正确的文件。")
    if receiver is not None and header.receiver.code != receiver.code:
        raise PackageError("foreign", f"此数据包的接收方是 {header.receiver.name}（代码 {header.receiver.code}），"
                                      f"不是本单位（{receiver.name}，代码 {receiver.code}）。")
    body = memoryview(data)[end:]
    if len(body) < header.payload_size:
        label = f"“{name}”" if name else ""
        raise PackageError("truncated", f"数据包{label}不完整（文件被截断，可能复制或下载未完成），请重新拷贝。")
    if len(body) > header.payload_size:
        raise PackageError("integrity", BAD)
    if key is None:
        key = derive_key(passphrase or "", header.kdf)
    try:
        plain = AESGCM(key).decrypt(header.nonce, bytes(body), data[:end])
    except InvalidTag:
        raise WrongKey() from None
    try:
        manifest, files = _read_zip(plain)
        content = _verify_manifest(manifest, files, header)
    except _TooBig:
        raise PackageError("too_large", TOO_BIG) from None
    except (zipfile.BadZipFile, ValueError, KeyError, TypeError, EOFError, OSError, NotImplementedError,
            RuntimeError, RecursionError, zlib.error):
        raise PackageError("integrity", BAD) from None
    return Package(header, manifest, files, content, name)


def read_package(path: Path, **kwargs: Any) -> Package:
    """Read and decode a package file (keyword arguments as for decode_package)."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PackageError("too_large", f"文件“{path.name}”过大（{size // (1024 * 1024)} MB），不是本程序生成的数据包。")
    return decode_package(path.read_bytes(), name=path.name, **kwargs)


def _read_zip(plain: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) > len(MEMBERS) or len(set(names)) != len(names) or not set(names) <= MEMBERS:
            raise ValueError("members")
        if "manifest.json" not in names:
            raise ValueError("manifest")
        total = 0
        out: dict[str, bytes] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise ValueError("member")
            if info.file_size > MAX_MEMBER_BYTES:
                raise _TooBig("member")
            parts = []
            with zf.open(info) as fh:  # count while streaming: declared sizes are not trusted
                while chunk := fh.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_TOTAL_BYTES:
                        raise _TooBig("total")
                    parts.append(chunk)
            out[info.filename] = b"".join(parts)
    manifest = json.loads(out.pop("manifest.json").decode("utf-8"))
    if not isinstance(manifest, dict):
        raise TypeError("manifest")
    return manifest, out


def _verify_manifest(manifest: dict[str, Any], files: dict[str, bytes], header: PackageHeader) -> str:
    same = (
        manifest["format"] == FORMAT_VERSION and manifest["kind"] == header.kind
        and manifest["package_id"] == header.package_id and manifest["sequence"] == header.sequence
        and manifest["sender"] == {"code": header.sender.code, "name": header.sender.name}
        and manifest["receiver"] == {"code": header.receiver.code, "name": header.receiver.name}
        and set(manifest["files"]) == set(files)
    )
    if not same:
        raise ValueError("manifest")
    hashes = {}
    for name, data in files.items():
        hashes[name] = hashlib.sha256(data).hexdigest()
        if manifest["files"][name]["sha256"] != hashes[name]:
            raise ValueError("hash")
    content = content_hash_of(hashes)
    if manifest["content_sha256"] != content:
        raise ValueError("hash")
    return content
