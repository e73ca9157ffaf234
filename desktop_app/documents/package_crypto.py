"""Keys for exchange packages: the passphrase, scrypt parameters, derived keys.

The passphrase is never stored. Derived keys are kept in this process only (by a hash of the
parameters, salt and passphrase) so that a dry run followed by the import, or a re-import,
does not pay for scrypt twice; a background thread can derive the keys of a folder of
packages while the database work of the previous one runs (scrypt releases the GIL).
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
import unicodedata
from typing import Any

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KDF_R, KDF_P = 8, 1
# The program's own range (PITFALLS §6.39): it writes N = 2^16 (tests 2^10) and may raise it
# by one step; r and p never change. A header asking for more is refused before any work:
# scrypt memory is 128·r·N bytes (2^17, r = 8: 128 MiB, ~0.5 s), so an edited header can no
# longer make the district spend 24 s and 2 GB before the refusal (issue 20).
_MIN_LOG2N, _MAX_LOG2N = 10, 17
BAD = "口令错误或文件已损坏（无法通过完整性校验）"
BAD_KDF = "数据包的密钥参数不在本程序使用的范围内（文件已损坏或被改动），已拒收，未作任何计算。"
_KDF_KEYS = frozenset({"name", "n", "r", "p", "salt"})
_KEYS: dict[bytes, bytes] = {}
_PENDING: dict[bytes, threading.Event] = {}
_LOCK = threading.Lock()


class PackageError(Exception):
    """A package refused or not written; ``str()`` is a Chinese sentence, ``code`` says why:
    not_package | truncated | version | foreign | wrong_kind | integrity | too_large | passphrase
    | write | verify."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def normalize_passphrase(passphrase: str) -> bytes:
    """Full-width characters typed with a Chinese IME become half-width (NFKC)."""
    text = unicodedata.normalize("NFKC", passphrase or "").strip()
    if not text:
        raise PackageError("passphrase", "缺少数据交换口令。")
    return text.encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(normalize_passphrase(passphrase).decode("utf-8")) < 8:
        raise PackageError("passphrase", "数据交换口令至少需要 8 个字符（由区总工会统一设定）。")


def new_kdf(log2n: int) -> dict[str, Any]:
    """Fresh scrypt parameters with a random salt (N = 2^log2n, r = 8, p = 1)."""
    return {"name": "scrypt", "n": 2**log2n, "r": KDF_R, "p": KDF_P, "salt": b64(os.urandom(16))}


def check_kdf(kdf: Any) -> tuple[int, int, int, bytes]:
    """(n, r, p, salt) of scrypt parameters within the program's own range, else PackageError
    — in microseconds, before anything is derived."""
    if not isinstance(kdf, dict) or set(kdf) != _KDF_KEYS or kdf.get("name") != "scrypt":
        raise PackageError("integrity", BAD_KDF)
    n, r, p, salt = kdf["n"], kdf["r"], kdf["p"], kdf["salt"]
    if not all(type(v) is int for v in (n, r, p)) or (r, p) != (KDF_R, KDF_P):
        raise PackageError("integrity", BAD_KDF)
    if not (2**_MIN_LOG2N <= n <= 2**_MAX_LOG2N and n & (n - 1) == 0):
        raise PackageError("integrity", BAD_KDF)
    if not isinstance(salt, str) or len(salt) > 88:
        raise PackageError("integrity", BAD_KDF)
    try:
        raw_salt = unb64(salt)
    except (ValueError, TypeError):
        raise PackageError("integrity", BAD_KDF) from None
    if not 16 <= len(raw_salt) <= 64:
        raise PackageError("integrity", BAD_KDF)
    return n, r, p, raw_salt


def derive_key(passphrase: str, kdf: dict[str, Any]) -> bytes:
    n, r, p, raw_salt = check_kdf(kdf)
    secret = normalize_passphrase(passphrase)
    cache_key = hashlib.sha256(b"%d/%d/%d/" % (n, r, p) + raw_salt + b"/" + secret).digest()
    with _LOCK:
        key = _KEYS.get(cache_key)
        pending = _PENDING.get(cache_key)
        owner = key is None and pending is None
        if owner:
            pending = _PENDING[cache_key] = threading.Event()
    if key is not None:
        return key
    if not owner:  # another thread (prefetch) is deriving this very key: wait for it
        assert pending is not None
        pending.wait()
        with _LOCK:
            key = _KEYS.get(cache_key)
        if key is not None:
            return key
    try:
        key = Scrypt(salt=raw_salt, length=32, n=n, r=r, p=p).derive(secret)
    finally:
        with _LOCK:
            if key is not None:
                _KEYS[cache_key] = key
                while len(_KEYS) > 64:  # a day's packages: re-importing derives nothing twice
                    _KEYS.pop(next(iter(_KEYS)))
            if owner:
                _PENDING.pop(cache_key).set()
    return key


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def unb64(s: Any) -> bytes:
    if not isinstance(s, str):
        raise TypeError("b64")
    return base64.b64decode(s.encode("ascii"), validate=True)


def forget_keys() -> None:
    """Drop the derived keys of this process (after the clerk closes the exchange dialog)."""
    with _LOCK:
        _KEYS.clear()
