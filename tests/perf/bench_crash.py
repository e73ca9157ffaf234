"""Kill -9 trials (tests/crash/harness.py): UNIONLEDGER_CRASH_TRIALS per scenario (default 30)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.crash import harness


def run(workdir: Path) -> dict[str, object]:
    trials = int(os.environ.get("UNIONLEDGER_CRASH_TRIALS", "30"))
    seed = int(os.environ.get("UNIONLEDGER_CRASH_SEED", "2026"))
    report = harness.run(workdir, trials, seed=seed)
    out: dict[str, object] = {"crash_trials": report["trials"], "crash_killed": report["killed"],
                              "crash_problems": len(report["problems"]),
                              "crash_problem_list": report["problems"][:20]}
    for name, sc in report["scenarios"].items():
        out[f"crash_{name}"] = sc
    return out
