"""Record status is a core type (issue 16 point 2): the keys 草稿 … 已作废 are spelt in
core/status.py only; code elsewhere names them (`st.READY.key`, `st.RETURNED`, …). A status key
written as a string literal anywhere else in desktop_app fails this test, unless it is listed
below as data with its reason."""

from __future__ import annotations

import io
import tokenize
from collections import Counter
from pathlib import Path

from desktop_app.core import status as st

ROOT = Path(__file__).resolve().parents[2] / "desktop_app"

# (file under desktop_app, literal) → (how many, why it is data and not a status)
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("services/statistics.py", "settled"): (
        2, "the key of the settled amount (已结算金额) in the statistics JSON — a CLI/file format"),
    ("services/exchange_return.py", "settled"): (
        1, "the key of the settled amount in a return package item — a file format"),
    ("gui/exchange/results.py", "settled"): (1, "reads that return-package item key"),
    ("cli/exchange.py", "settled"): (1, "reads that return-package item key"),
}


def status_literals(text: str) -> list[str]:
    """The string literals of ``text`` that are exactly a status key (comments, docstrings and
    longer texts that merely contain one do not count)."""
    keys = {s.key for s in st.STATUS_LIST}
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.STRING and tok.string[:1] in "\"'" and tok.string[1:-1] in keys \
                and tok.string[0] == tok.string[-1] and len(tok.string) > 2:
            found.append(tok.string[1:-1])
    return found


def test_the_scanner_finds_a_status_literal() -> None:
    assert status_literals('if rec.status == "returned":  # "ready" in a comment\n    x = \'draft\'\n') == [
        "returned", "draft"]
    assert status_literals('"""ready"""\nmsg = "ready to go"\nkey = st.READY.key\n') == []


def test_no_status_literal_outside_core_status() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "core/status.py":
            continue
        for key in status_literals(path.read_text(encoding="utf-8")):
            counts[(rel, key)] += 1
    unexpected = {k: n for k, n in counts.items() if k not in ALLOWED}
    assert not unexpected, f"status keys spelt outside core/status.py (use core.status names): {unexpected}"
    stale = {k: (n, counts.get(k, 0)) for k, (n, _why) in ALLOWED.items() if counts.get(k, 0) != n}
    assert not stale, f"the allow-list no longer matches the code (allowed, found): {stale}"
