"""Subprocess entry for the kill trials where the CLI has no single command for the act.

``python -m tests.crash.driver district ROOT PKG…``: the district imports several packages the
way the GUI does (services.exchange.import_packages: one transaction per package).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from desktop_app.services.app import App
    from desktop_app.services.exchange import import_packages

    what, root, *files = argv
    assert what in ("district", "district-states"), what
    app = App.open(Path(root))
    secret = os.environ["UNIONLEDGER_PASSPHRASE"]
    try:
        if what == "district":
            _done, bad = import_packages(app, files, secret)
            return 0 if not bad else 1
        # the reference run: one package at a time, the row counts after each (one JSON line)
        from tests.crash.harness import counts

        states = [counts(app.data_dir.database)]
        for f in files:
            _done, bad = import_packages(app, [f], secret)
            assert not bad, bad
            states.append(counts(app.data_dir.database))
        print(json.dumps(states))
        return 0
    finally:
        app.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
