"""A cheap change stamp (issue 15, point 4): other seats' changes show in open lists.

Every change made through the services writes an audit row in the same transaction, and a
package import writes the exchange log; records and people counts catch what a bulk path or
a deletion adds. Each part is an index look-up (max of a primary key, a count), so polling it
every few seconds costs the server next to nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.store.models import AuditLog, ExchangeLog, Person, Record


def change_stamp(session: Session) -> tuple[Any, ...]:
    row = session.execute(select(
        select(func.max(AuditLog.id)).scalar_subquery(),
        select(func.max(ExchangeLog.id)).scalar_subquery(),
        select(func.count()).select_from(Record).scalar_subquery(),
        select(func.max(Record.updated_at)).scalar_subquery(),
        select(func.max(Person.id)).scalar_subquery(),
    )).one()
    return tuple(row)
