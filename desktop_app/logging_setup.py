"""File logging set up first thing (windowed builds have sys.stdout/stderr = None)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

_configured = False


def ensure_std_streams(log_dir: Path) -> None:
    """PyInstaller windowed mode sets sys.stdout/sys.stderr to None; give them a file."""
    if sys.stdout is None or sys.stderr is None:
        log_dir.mkdir(parents=True, exist_ok=True)
        stream = open(log_dir / "console.log", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        if sys.stdout is None:
            sys.stdout = stream
        if sys.stderr is None:
            sys.stderr = stream


class MaskingFormatter(logging.Formatter):
    """Identity numbers and mobile numbers masked in everything written to the log, the
    traceback included (issue 20: a database error logged 27 full numbers in one run)."""

    def format(self, record: logging.LogRecord) -> str:
        from desktop_app.core.redact import mask_text

        return mask_text(super().format(record))


def setup_logging(log_dir: Path, *, verbose: bool = False) -> Path:
    """Rotating log file in the data folder; uncaught exceptions are logged too."""
    global _configured
    ensure_std_streams(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "unionledger.log"
    root = logging.getLogger()
    if not _configured:
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.DEBUG if verbose or os.environ.get("UNIONLEDGER_DEBUG") else logging.INFO)
        _install_excepthooks()
        _configured = True
    return log_file


def _install_excepthooks() -> None:
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            logging.getLogger("uncaught").critical("未捕获的异常", exc_info=(exc_type, exc, tb))
        previous(exc_type, exc, tb)

    sys.excepthook = hook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        logging.getLogger("uncaught").critical(
            "线程中未捕获的异常", exc_info=(args.exc_type, args.exc_value, args.exc_traceback)  # type: ignore[arg-type]
        )  # typeshed wants an exception; threading's exc_value may be None, which logging prints too

    threading.excepthook = thread_hook
