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
import secrets
import threading
import unicodedata
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
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


class WrongKey(PackageError):
    """The payload does not authenticate under this key (wrong passphrase, another town's key,
    a revoked key, or a changed byte): the generic message, code "integrity"."""

    def __init__(self) -> None:
        super().__init__("integrity", BAD)


# Town keys (issue 20): 24 symbols of an alphabet without 0/O, 1/I/L, shown in groups of four;
# the last is a check symbol, so a mistyped slip is caught at the town before anything is sent.
SLIP_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols: a prime, so the check catches
SLIP_SYMBOLS = 24                                   # every single typo and swap of neighbours
_SLIP_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _slip_check(body: str) -> str:
    return SLIP_ALPHABET[sum((i + 1) * SLIP_ALPHABET.index(c) for i, c in enumerate(body)) % 31]


def new_town_passphrase() -> str:
    """A strong random town key: 23 random symbols (~114 bits) and a check symbol."""
    body = "".join(SLIP_ALPHABET[secrets.randbelow(31)] for _ in range(SLIP_SYMBOLS - 1))
    text = body + _slip_check(body)
    return "-".join(text[i:i + 4] for i in range(0, SLIP_SYMBOLS, 4))


def slip_form(text: str) -> str | None:
    """A typed slip key in its canonical form (case, spaces and dashes do not matter), or None
    when the text is not shaped like one (an older, self-chosen passphrase). PackageError when
    it is shaped like one but the check symbol does not match (a typo)."""
    compact = "".join(text.split()).replace("-", "").replace("—", "").upper()
    if len(compact) != SLIP_SYMBOLS or not compact.isascii() or not compact.isalnum():
        return None
    if not all(c in SLIP_ALPHABET for c in compact):
        if all(c in SLIP_ALPHABET for c in compact.translate(_SLIP_TYPO).replace("0", "").replace("1", "")):
            raise PackageError("passphrase", "口令中含有数字 0、1 或字母 O、I、L：交换密钥单上没有这些字符，"
                                             "请对照密钥单重新输入。")
        return None
    if _slip_check(compact[:-1]) != compact[-1]:
        raise PackageError("passphrase", "口令与交换密钥单不符（校验位不对，可能输错了某一位或两位顺序颠倒），"
                                         "请对照密钥单逐组重新输入。")
    return "-".join(compact[i:i + 4] for i in range(0, SLIP_SYMBOLS, 4))


def normalize_passphrase(passphrase: str) -> bytes:
    """Full-width characters typed with a Chinese IME become half-width (NFKC); a town key from
    a slip counts however it is typed (lower case, without the dashes)."""
    text = unicodedata.normalize("NFKC", passphrase or "").strip()
    if not text:
        raise PackageError("passphrase", "缺少数据交换口令。")
    return (slip_form(text) or text).encode("utf-8")


def seal(key: bytes, plain: str, aad: str) -> str:
    """A secret kept at rest under `key` (AES-256-GCM, fresh nonce): base64 text."""
    nonce = os.urandom(12)
    return b64(nonce + AESGCM(key).encrypt(nonce, plain.encode("utf-8"), aad.encode("utf-8")))


def unseal(key: bytes, sealed: str, aad: str) -> str:
    """The secret sealed by seal(); WrongKey when the key or the label does not match."""
    try:
        raw = unb64(sealed)
        return AESGCM(key).decrypt(raw[:12], raw[12:], aad.encode("utf-8")).decode("utf-8")
    except (InvalidTag, ValueError, TypeError):
        raise WrongKey() from None


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
