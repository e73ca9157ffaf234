"""Self-check: the exchange package can be encrypted, written, read back and tamper-checked."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.selfcheck import check

if TYPE_CHECKING:
    from desktop_app.services.app import App


@check("数据交换包加密与校验")
def _exchange_package(app: App) -> str:
    """A tiny package from synthetic data in a temporary folder (the store is not touched)."""
    import datetime as dt
    import time

    from desktop_app.documents import package_format as pf
    from desktop_app.documents.package_io import package_file_name, write_atomic

    town, district = pf.Party("SELFTEST-T", "自检街镇"), pf.Party("SELFTEST-D", "自检区总工会")
    secret = "自检口令-selfcheck"
    people = pf.table(["uid", "id_number", "revision", "name"], [["0" * 32, "11010519491231002X", 1, "测试"]])
    started = time.perf_counter()
    enc = pf.encode_package(kind="data", sender=town, receiver=district, sequence=1, passphrase=secret,
                            files={"people.json": people}, counts={"people": 1})
    with tempfile.TemporaryDirectory(prefix="ul-selfcheck-") as tmp:
        name = package_file_name("data", town, district, 1, dt.date.today())
        path = write_atomic(Path(tmp), name, enc.blob)
        back = pf.read_package(path, passphrase=secret, receiver=district, kind="data")
        if back.content_hash != enc.content_hash or next(back.rows("people.json"))["name"] != "测试":
            raise RuntimeError("读回的内容与写入的不一致")
        bad = bytearray(enc.blob)
        bad[len(bad) // 2] ^= 0x01
        try:
            pf.decode_package(bytes(bad), key=enc.key, receiver=district)
        except pf.PackageError as exc:
            if exc.code != "integrity":
                raise RuntimeError(f"篡改后的数据包被拒绝，但原因不对：{exc}") from exc
        else:
            raise RuntimeError("篡改过的数据包没有被拒绝")
    ms = (time.perf_counter() - started) * 1000
    n = enc.header.kdf["n"]
    return f"AES-256-GCM，scrypt N=2^{n.bit_length() - 1}，写入、读回、篡改检测正常（{ms:.0f} ms）"
