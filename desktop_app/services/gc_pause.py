"""Pausing Python's cyclic garbage collector around bulk imports — on the main thread only.

An import of tens of thousands of rows allocates hundreds of thousands of long-lived container
objects (decoded rows, row results, planned inserts). Each such burst makes the collector walk
every tracked object of the process, repeatedly: measured, 23 full collections of ~130 ms each
while a district imports 20 town packages (≈ 3 s of ≈ 16 s), and a full collection as long as
the whole row check of a 10,000-row roster. Reference counting still frees everything on time:
the rows make no reference cycles. The collector runs normally again once the import returns.

The switch is process-wide, so it is taken only by an operation running on the main thread (the
CLI, scripts, the benchmark): the GUI runs imports in worker threads (gui/tasks.py) while its
own thread keeps allocating — there the collector is left alone (issue 16: no process-wide
tricks from worker threads), at the cost of those few seconds.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def may_pause() -> bool:
    """Whether the calling thread may pause the collector: only the main thread may."""
    return threading.current_thread() is threading.main_thread()


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the cyclic garbage collector paused when called on the main thread; its
    state is restored afterwards (calls nest: an inner call leaves it paused for the outer one).
    Called on any other thread, ``fn`` simply runs."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not may_pause():
            return fn(*args, **kwargs)
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run
