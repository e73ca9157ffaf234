"""The fuzz corpus, made by the test itself with a fixed seed: mutated .xlsx and .xls rosters,
exchange packages, record JSON files and passphrase files, each with the CLI command that
reads it. `run_kind` runs one kind's cases through tests/fuzz/driver.py in a subprocess with an
address-space limit and a timeout, and returns one result per case."""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from tests.crash.harness import REPO, SECRET, env

SEED = 20261205
MEMORY_LIMIT = 2 * 1024 ** 3  # RLIMIT_AS of the driver process
TIMEOUT = 60  # per case (the driver's SIGALRM), the subprocess gets cases x this at most
KINDS = ("xlsx", "xls", "package", "record_json", "passphrase")


def flips(data: bytes, rng: random.Random, n: int) -> bytes:
    b = bytearray(data)
    for _ in range(n):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change.get(info.filename, src.read(info.filename)))
    return buf.getvalue()


def _sheet_name(data: bytes) -> str:
    return next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/worksheets/sheet"))


def xlsx_cases(base: bytes, rng: random.Random) -> dict[str, bytes]:
    sheet = _sheet_name(base)
    xml = zipfile.ZipFile(io.BytesIO(base)).read(sheet)
    out = {"valid": base, "empty": b"", "random": rng.randbytes(3000)}
    for n in range(8):
        out[f"flip{n}"] = flips(base, rng, rng.randint(1, 24))
    for n in range(2):
        out[f"cut{n}"] = base[: rng.randrange(30, len(base))]
    mid = len(xml) // 2
    out["xml-garbage"] = rezip(base, {sheet: xml[:mid] + rng.randbytes(200) + xml[mid:]})
    out["stray-cell"] = rezip(base, {sheet: xml.replace(b"</sheetData>",
                                                       b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')})
    out["huge-text"] = rezip(base, {sheet: xml.replace(b"</sheetData>", b'<row r="200"><c r="C200" t="inlineStr"><is><t>'
                                                       + "长".encode() * 200_000 + b"</t></is></c></row></sheetData>")})
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><sst xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>')
    out["entities"] = rezip(base, {"xl/sharedStrings.xml": laughs} if "xl/sharedStrings.xml" in
                            zipfile.ZipFile(io.BytesIO(base)).namelist() else {sheet: laughs})
    return out


def xls_cases(base: bytes, rng: random.Random) -> dict[str, bytes]:
    out = {"valid": base}
    for n in range(6):
        out[f"flip{n}"] = flips(base, rng, rng.randint(1, 16))
    out["cut"] = base[: len(base) // 2]
    out["ole-only"] = base[:512] + b"\0" * 512
    return out


def package_cases(base: bytes, rng: random.Random) -> dict[str, bytes]:
    from desktop_app.documents import package_format as pf

    magic, version, hlen = pf._PREFIX.unpack_from(base)
    head = json.loads(base[pf._PREFIX.size:pf._PREFIX.size + hlen])
    body = base[pf._PREFIX.size + hlen:]

    def with_header(**changes: Any) -> bytes:
        h = json.loads(json.dumps(head))
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(h.get(key), dict):
                h[key].update(value)
            else:
                h[key] = value
        raw = json.dumps(h, ensure_ascii=False).encode()
        return pf._PREFIX.pack(magic, version, len(raw)) + raw + body

    out = {"valid": base, "empty": b"", "magic-only": base[:4]}
    for n in range(6):
        start = pf._PREFIX.size + hlen if n % 2 else 0
        b = bytearray(base)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(start, len(b))] = rng.randrange(256)
        out[f"flip{n}"] = bytes(b)
    out["cut-body"] = base[: pf._PREFIX.size + hlen + len(body) // 2]
    out["cut-header"] = base[: pf._PREFIX.size + hlen // 2]
    out["seq-negative"] = with_header(sequence=-1)
    out["seq-huge"] = with_header(sequence=10 ** 30)
    out["seq-text"] = with_header(sequence="1")
    out["kdf-huge"] = with_header(kdf={"n": 2 ** 40})
    out["kdf-zero"] = with_header(kdf={"n": 0, "r": 0})
    out["kind-other"] = with_header(kind="return")
    out["sender-path"] = with_header(sender={"code": "../../etc", "name": "x" * 10_000})
    out["payload-size"] = with_header(payload_size=10 ** 15)
    out["header-not-json"] = pf._PREFIX.pack(magic, version, 10) + b"{not json}" + body
    out["header-len-huge"] = pf._PREFIX.pack(magic, version, 2 ** 31) + base[pf._PREFIX.size:]
    out["version-99"] = pf._PREFIX.pack(magic, 99, hlen) + base[pf._PREFIX.size:]
    return out


def record_json_cases(base: dict[str, Any], rng: random.Random) -> dict[str, bytes]:
    text = json.dumps(base, ensure_ascii=False).encode()
    out = {"valid": text, "empty": b"", "not-utf8": b"\xff\xfe\xfa" + text, "bom": "\ufeff".encode() + text}
    for n in range(4):
        out[f"flip{n}"] = flips(text, rng, rng.randint(1, 6))
    weird: list[Any] = [None, 10 ** 400, -1, 1.5e308, "x" * 1_000_000, [], {}, True, "=cmd|' /C calc'!A0", "\x00"]
    keys = list(base)
    for n in range(6):
        doc = json.loads(text)
        for _ in range(3):
            doc[rng.choice(keys)] = rng.choice(weird)
        out[f"types{n}"] = json.dumps(doc, ensure_ascii=False).encode()
    out["deep"] = b"[" * 50_000 + b"1" + b"]" * 50_000
    out["deep-roster"] = text[:-1] + b', "x": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b"}"
    out["array"] = b"[1, 2, 3]"
    out["nan"] = text.replace(b'"headcount": 1', b'"headcount": NaN')
    roster = json.loads(text)
    roster["roster"] = [{"name": "王" * 500, "id_number": "1" * 400, "phone": {"x": 1}}] * 3 + ["not a row"]
    out["roster-garbage"] = json.dumps(roster, ensure_ascii=False).encode()
    return out


def passphrase_cases(rng: random.Random) -> dict[str, bytes]:
    good = SECRET.encode()
    return {"valid": good + b"\n", "empty": b"", "newline": b"\n", "nul": b"\x00" * 16,
            "latin1": "pässwörd-青浦".encode("gb18030") + b"\xff", "utf16": SECRET.encode("utf-16"),
            "bom": b"\xef\xbb\xbf" + good + b"\r\n", "short": b"abc\n", "huge": b"k" * 3_000_000,
            "random": rng.randbytes(200), "crlf-only": b"\r\n\r\n"}


# ------------------------------------------------------------------ running

def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cases(workdir: Path, kind: str, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """All cases of one kind in driver subprocesses; a case that takes the process down is
    reported as died and the driver restarted after it."""
    results: list[dict[str, Any]] = []
    left = list(cases)
    n = 0
    while left:
        n += 1
        spec = workdir / f"{kind}-{n}.json"
        out = workdir / f"{kind}-{n}.jsonl"
        spec.write_text(json.dumps(left, ensure_ascii=False), encoding="utf-8")
        try:
            proc = subprocess.run([sys.executable, "-m", "tests.fuzz.driver", str(spec), str(out)], cwd=REPO,
                                  env=env(), capture_output=True, text=True, preexec_fn=_limit,
                                  timeout=TIMEOUT * len(left) + 30, check=False)
            died = proc.returncode != 0
            why = f"exit {proc.returncode}: {proc.stderr[-300:]}"
        except subprocess.TimeoutExpired:
            died, why = True, "timeout"
        done = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
        results += done
        left = left[len(done):]
        if left and died:
            results.append({"id": left[0]["id"], "code": None, "died": why, "traceback": False, "hang": "timeout" in why,
                            "changed": False, "seconds": None, "stderr": why, "peak_mb": None})
            left = left[1:]
    return results


def problems(results: list[dict[str, Any]], cases: list[dict[str, Any]]) -> list[str]:
    """What must not happen: a traceback, an internal error, a crash or hang, a changed store
    after a refusal."""
    found = []
    for r in results:
        if r.get("died"):
            found.append(f"{r['id']}: process died ({r['died']})")
        if r["traceback"]:
            found.append(f"{r['id']}: traceback reached the user: {r.get('escaped') or r['stderr']}")
        if r["hang"]:
            found.append(f"{r['id']}: no answer within {TIMEOUT} s")
        if r["code"] == 3:
            found.append(f"{r['id']}: internal error: {r['stderr']}")
        if r["code"] not in (0, None) and r["changed"]:
            found.append(f"{r['id']}: refused (exit {r['code']}) but the store changed")
    return found


def write_files(folder: Path, kind: str, files: dict[str, bytes], suffix: str) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in files.items():
        p = folder / f"{kind}-{name}{suffix}"
        p.write_bytes(data)
        paths[name] = p
    return paths


def os_env_ok() -> bool:
    return hasattr(resource, "RLIMIT_AS") and os.name == "posix"
