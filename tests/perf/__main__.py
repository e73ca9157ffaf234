"""Benchmark harness: `python -m tests.perf [NAME ...]` prints one JSON object of named metrics.

Each `tests/perf/bench_*.py` module defines `run(workdir: Path) -> dict[str, object]`; its metric
names are prefixed by nothing (choose unique, descriptive names with units, e.g.
`people_search_ms_median`). Modules run in name order, each in its own temporary folder.
A module that fails reports `{"<module>_error": "..."}` instead of stopping the others.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    metrics: dict[str, object] = {}
    for name in names:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix=f"ul-{name}-") as tmp:
            try:
                module = importlib.import_module(f"tests.perf.{name}")
                metrics.update(module.run(Path(tmp)))
            except Exception as exc:  # noqa: BLE001 - report and go on
                traceback.print_exc(file=sys.stderr)
                metrics[f"{name}_error"] = f"{type(exc).__name__}: {exc}"
        print(f"{name}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    print(json.dumps(metrics, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
