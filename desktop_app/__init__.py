"""UnionLedger (工会实事台账): the town/district trade-union practical-project ledger."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "UnionLedger"
APP_TITLE = "工会实事台账"
