"""The self-check registry: each layer adds the checks that prove it works in this installation.

A check is ``fn(app) -> str`` (a short detail for the clerk or the IT person) that raises on
failure; ``@check("名称")`` registers it. The registry is here, at the bottom of the layers, so
documents and services can add checks without importing the CLI; ``services.selfcheck`` runs
them and the CLI's ``self-check`` command prints the results.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec


class HasSpecs(Protocol):
    """What a check below the services reads of the opened application (``services.app.App``,
    which the lower layers do not import): its form specs."""

    @property
    def specs(self) -> Mapping[str, FormSpec]: ...


# A check takes the application: each module types it as far as its layer knows it
# (``services.app.App`` in services, ``HasSpecs`` in documents); the registry holds them all.
Check = Callable[[Any], str]
CHECKS: list[tuple[str, Check]] = []


def check(name: str) -> Callable[[Check], Check]:
    """Register ``fn`` under ``name`` (in import order, which is the order they run and print)."""

    def deco(fn: Check) -> Check:
        CHECKS.append((name, fn))
        return fn

    return deco
