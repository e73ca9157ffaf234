"""Pausing Python's cyclic garbage collector around bulk imports.

An import of tens of thousands of rows allocates hundreds of thousands of long-lived container
objects (decoded rows, row results, planned inserts). Each such burst makes the collector walk
every tracked object of the process, repeatedly: measured, 23 full collections of ~130 ms each
while a district imports 20 town packages (≈ 3 s of ≈ 16 s), and a full collection as long as
the whole row check of a 10,000-row roster. Reference counting still frees everything on time:
the rows make no reference cycles. The collector runs normally again once the import returns.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def gc_paused(fn: F) -> F:
    """Run ``fn`` with the cyclic garbage collector paused; its state is restored afterwards
    (calls nest: an inner call leaves it paused for the outer one)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return run  # type: ignore[return-value]
