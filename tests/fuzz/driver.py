"""Runs fuzz cases through the CLI (``desktop_app.__main__.main``) in this subprocess, which the
test starts with an address-space limit (RLIMIT_AS) and a timeout.

``python -m tests.fuzz.driver CASES.json RESULTS.jsonl``: CASES is a list of
``{"id", "argv", "db"}``; one JSON line per finished case is appended to RESULTS (so a case that
kills the process is known: the first case without a line). Per case: exit code, whether a
traceback reached stdout/stderr, whether the store's contents changed (digest of every table),
seconds, the tail of stderr. A case over 60 s is interrupted by SIGALRM and reported as a hang.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import signal
import sqlite3
import sys
import time
from pathlib import Path

HANG_SECONDS = 60


class Hang(BaseException):
    pass


def digest(db: str | None) -> str | None:
    if not db or not Path(db).exists():
        return None
    con = sqlite3.connect(db)
    try:
        h = hashlib.sha256()
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            h.update(name.encode())
            for row in sorted(repr(r) for r in con.execute(f'SELECT * FROM "{name}"')):
                h.update(row.encode())
        return h.hexdigest()
    finally:
        con.close()


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_case(case: dict) -> dict:
    from desktop_app.__main__ import main

    before = digest(case.get("db"))
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    signal.alarm(HANG_SECONDS)
    escaped = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(case["argv"])
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    except Hang:
        code, escaped = -1, "hang"
    except BaseException as exc:  # noqa: BLE001 - an exception escaping main() is what we look for
        import traceback

        code, escaped = -2, "".join(traceback.format_exception(exc))[-1500:]
    finally:
        signal.alarm(0)
    seconds = time.perf_counter() - started
    text = out.getvalue() + err.getvalue()
    return {"id": case["id"], "code": code, "seconds": round(seconds, 3),
            "traceback": "Traceback" in text or escaped not in (None, "hang"),
            "hang": escaped == "hang", "escaped": escaped, "changed": before != digest(case.get("db")),
            "stderr": err.getvalue()[-400:], "peak_mb": round(peak_mb(), 1)}


def main(argv: list[str]) -> int:
    def alarm(_sig, _frame):  # type: ignore[no-untyped-def]
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    cases = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with open(argv[1], "a", encoding="utf-8") as results:
        for case in cases:
            results.write(json.dumps(run_case(case), ensure_ascii=False) + "\n")
            results.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
