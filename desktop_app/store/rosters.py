"""Roster queries shared by the record editor's checks and the roster import (R-ID-5).

R-ID-5 — one person per project per year — is asked in one way wherever a roster is saved:
which other records of the project already name these identity numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.status import VOIDED
from desktop_app.store.models import Person, Record, RosterEntry

CHUNK = 900  # bound parameters per statement: below SQLITE_MAX_VARIABLE_NUMBER of every build


def same_project_holders(session: Session, project_id: int, numbers: Iterable[str], *,
                         exclude_record_id: int | None = None) -> dict[str, tuple[int, str | None]]:
    """Identity number → (record id, unit name) of the first other record of the project whose
    roster names that person (R-ID-5). ``exclude_record_id`` is the record being saved. A voided
    record holds nobody (issue 12)."""
    wanted = sorted(set(numbers))
    hits: dict[str, tuple[int, str | None]] = {}
    for i in range(0, len(wanted), CHUNK):
        stmt = (
            select(Person.id_number, Record.id, Record.unit_name)
            .join(RosterEntry, RosterEntry.person_id == Person.id)
            .join(Record, Record.id == RosterEntry.record_id)
            .where(Person.id_number.in_(wanted[i : i + CHUNK]), Record.project_id == project_id,
                   Record.status != VOIDED.key)
            .order_by(Record.id)
        )
        if exclude_record_id is not None:
            stmt = stmt.where(Record.id != exclude_record_id)
        for number, rid, unit in session.execute(stmt):
            hits.setdefault(number, (rid, unit))
    return hits
