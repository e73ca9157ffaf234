"""Kill -9 trials in the suite (tests/crash/harness.py): one SIGKILL at a random moment per
long write (roster import, district import, export, import with receipt, backup, start-up
migration), then integrity, all-or-nothing row counts, the program starts, no partial file a
clerk would take for complete. More trials: `python -m tests.perf crash`
(UNIONLEDGER_CRASH_TRIALS per scenario)."""

from __future__ import annotations

import os
import sys

import pytest

from tests.crash import harness

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL"), pytest.mark.sqlite_only]  # subprocesses on the SQLite file of a data folder


def test_kill_at_random_points_leaves_nothing_half_done(tmp_path) -> None:
    trials = int(os.environ.get("UNIONLEDGER_CRASH_SUITE_TRIALS", "1"))
    report = harness.run(tmp_path, trials, seed=int(os.environ.get("UNIONLEDGER_CRASH_SEED", "17")))
    assert report["trials"] == trials * len(harness.SCENARIOS)
    assert report["problems"] == [], "\n".join(report["problems"])
    for name, sc in report["scenarios"].items():
        assert sc["trials"] == trials and "refused" not in sc["states"], (name, sc)
