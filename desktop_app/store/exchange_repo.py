"""The district's SQL for a town's data package (services.exchange_plan plans, exchange_import applies).

Every statement is written from the table metadata (table and column names checked against
``store.models``) and runs on SQLite and PostgreSQL alike through store.bulk: key look-ups in one
statement for all the keys (``bulk.lookup``: json_each / unnest), writes by the driver's
executemany with values already in the stored form (``bulk.insert_many``: dates as ISO text,
JSON as json.dumps text, times as SQLAlchemy writes them). Nothing here commits: everything runs
on the session's connection, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from desktop_app.core.status import RETURNED, VOIDED
from desktop_app.store import bulk
from desktop_app.store.models import Person, Record, RosterEntry, Unit, table_of, utcnow

PEOPLE = table_of(Person)
RECORDS = table_of(Record)
ENTRIES = table_of(RosterEntry)
UNITS = table_of(Unit)


def _names(table: Table, columns: Iterable[str]) -> tuple[str, ...]:
    """The columns, each checked to be a column of ``table`` (they are written into statements)."""
    names = tuple(columns)
    unknown = [c for c in names if c not in table.c]
    if unknown:
        raise ValueError(f"not columns of {table.name}: {unknown}")
    return names


def _select_by_key(table: Table, key: str, columns: Sequence[str], where: str = "") -> str:
    """``SELECT t.<columns> FROM {keys} k JOIN <table> t ON t.<key> = k.value [where]`` for bulk.lookup."""
    cols = ", ".join(f"t.{c}" for c in _names(table, (key, *columns)))
    return f"SELECT {cols} FROM {{keys}} k JOIN {table.name} t ON t.{_names(table, [key])[0]} = k.value{where}"


_PEOPLE_BY_NUMBER = _select_by_key(PEOPLE, "id_number", ("id", "origin", "revision"))
_PERSON_IDS = _select_by_key(PEOPLE, "id_number", ("id",))
_PERSON_FACTS = _select_by_key(PEOPLE, "id_number", ("id", "name", "gender"))
_RECORDS_BY_UID = _select_by_key(RECORDS, "uid", ("id", "origin", "revision", "status"))
_RECORD_IDS = _select_by_key(RECORDS, "uid", ("id",))


# -- look-ups (the plan) ------------------------------------------------------------------------
def people_by_number(session: Session, numbers: Iterable[str]) -> dict[str, tuple[int, str | None, int]]:
    """Identity number → (person id, origin town code or None, revision), one statement."""
    return {row[0]: (row[1], row[2], row[3]) for row in bulk.lookup(session, _PEOPLE_BY_NUMBER, list(numbers))}


def person_ids(session: Session, numbers: Iterable[str]) -> dict[str, int]:
    """Identity number → person id of the numbers registered here."""
    return {row[0]: row[1] for row in bulk.lookup(session, _PERSON_IDS, list(numbers))}


def people_facts(session: Session, numbers: Iterable[str]) -> dict[str, tuple[int, str, str | None]]:
    """Identity number → (person id, name, gender) of the numbers registered here."""
    return {row[0]: (row[1], row[2], row[3]) for row in bulk.lookup(session, _PERSON_FACTS, list(numbers))}


def records_by_uid(session: Session, uids: Iterable[str]) -> dict[str, tuple[int, str | None, int, str]]:
    """Record uid → (record id, origin town code or None, revision, status), one statement."""
    return {row[0]: (row[1], row[2], row[3], row[4]) for row in bulk.lookup(session, _RECORDS_BY_UID, list(uids))}


def record_ids(session: Session, uids: Iterable[str]) -> dict[str, int]:
    return {row[0]: row[1] for row in bulk.lookup(session, _RECORD_IDS, list(uids))}


_CLAIMS = (
    "SELECT e.person_id, r.project_id, r.origin, r.id, r.uid, p.id_number, p.name FROM {keys} k "
    f"JOIN {ENTRIES.name} e ON e.person_id = k.value JOIN {RECORDS.name} r ON r.id = e.record_id "
    f"JOIN {PEOPLE.name} p ON p.id = e.person_id "
    f"WHERE (r.origin IS NULL OR r.origin != ?) AND r.status NOT IN ('{RETURNED.key}', '{VOIDED.key}')"
)


def roster_claims_elsewhere(session: Session, person_ids: Iterable[int],
                            town_code: str) -> list[tuple[int, int, str | None, int, str, str, str]]:
    """R-ID-5 across towns: (person id, project id, origin, record id, record uid, identity number,
    name) of every roster entry naming these people on a record of another origin than
    ``town_code`` (this office's own records: origin None), returned and voided records left out."""
    return bulk.lookup(session, _CLAIMS, sorted(person_ids), (town_code,))


_TOWN_CLAIMS = (
    "SELECT e.person_id, r.project_id, r.id, r.uid, r.unit_name FROM {keys} k "
    f"JOIN {ENTRIES.name} e ON e.person_id = k.value JOIN {RECORDS.name} r ON r.id = e.record_id "
    f"WHERE r.origin = ? AND r.status NOT IN ('{RETURNED.key}', '{VOIDED.key}') ORDER BY r.id"
)


def roster_claims_of_town(session: Session, person_ids: Iterable[int],
                          town_code: str) -> list[tuple[int, int, int, str, str | None]]:
    """R-ID-5 within one town's data: (person id, project id, record id, record uid, unit name)
    of every roster entry naming these people on a record ``town_code`` sent earlier, returned
    and voided records left out, in record order."""
    return bulk.lookup(session, _TOWN_CLAIMS, sorted(person_ids), (town_code,))


def one_person_records(session: Session, pairs: Iterable[tuple[int, str]]
                       ) -> list[tuple[str, int, str, Any, dict[str, Any], int, str | None]]:
    """Records of these (project id, form) naming one person in their values (R-ID-5 and
    R-TRIP-3 across records): (uid, project id, form, identity number, values, record id, unit
    name), returned and voided ones left out, in record order. One statement per pair (the
    one-person forms of a package: a few)."""
    out = []
    for project_id, form in sorted(set(pairs)):
        stmt = (select(Record.uid, Record.project_id, Record.form_code, Record.data["id_number"].as_string(),
                       Record.data, Record.id, Record.unit_name)
                .where(Record.project_id == project_id, Record.form_code == form,
                       Record.status.not_in((RETURNED.key, VOIDED.key)))
                .order_by(Record.id))
        out += [tuple(row) for row in session.execute(stmt)]
    return out


def unit_ids_by_name(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Unit name → id of the first unit (lowest id) of that name; a town has a few hundred."""
    wanted = sorted(set(names))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), bulk.CHUNK):
        for name, uid in session.execute(select(Unit.name, Unit.id).where(Unit.name.in_(wanted[i:i + bulk.CHUNK]))
                                         .order_by(Unit.id)):
            found.setdefault(name, uid)
    return found


# -- writes (applying the plan) -----------------------------------------------------------------
def add_enterprise_units(session: Session, names: Sequence[str], parent_id: int) -> dict[str, int]:
    """New enterprise units under the town ``parent_id``; name → new id."""
    if not names:
        return {}
    now = utcnow()
    session.execute(insert(UNITS), [{"name": n, "role": "enterprise", "level": "enterprise", "parent_id": parent_id,
                                     "created_at": now, "updated_at": now} for n in names])
    return unit_ids_by_name(session, names)


def insert_people(session: Session, columns: Sequence[str], rows: list[tuple[Any, ...]], now: str) -> dict[str, int]:
    """New people (rows in ``columns`` order, ``id_number`` first), created and updated ``now``
    (the stored text of a time, see bulk.sql_datetime); identity number → new id."""
    columns = _names(PEOPLE, columns)
    if not rows:
        return {}
    if columns[0] != "id_number":
        raise ValueError("id_number comes first")
    ids = bulk.insert_many_ids(session, PEOPLE.name, columns, rows, {"created_at": now, "updated_at": now})
    numbers = [r[0] for r in rows]
    return dict(zip(numbers, ids)) if ids is not None else person_ids(session, numbers)


def update_people(session: Session, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """rows: the values in ``columns`` order, then the person id."""
    bulk.update_many(session, PEOPLE.name, _names(PEOPLE, columns), rows)


def insert_records(session: Session, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """New records (``columns`` include ``uid``); uid → new id."""
    columns = _names(RECORDS, columns)
    if not rows:
        return {}
    ids = bulk.insert_many_ids(session, RECORDS.name, columns, rows)
    at = columns.index("uid")
    uids = [r[at] for r in rows]
    return dict(zip(uids, ids)) if ids is not None else record_ids(session, uids)


def update_records(session: Session, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """rows: the values in ``columns`` order, then the record id."""
    bulk.update_many(session, RECORDS.name, _names(RECORDS, columns), rows)


def delete_roster_entries(session: Session, record_ids: Sequence[int]) -> None:
    """The roster entries of these records (an updated record's roster is written again)."""
    bulk.delete_in(session, ENTRIES.name, "record_id", record_ids)


_ENTRY_COLUMNS = _names(ENTRIES, ("record_id", "person_id", "seq", "data"))


def insert_roster_entries(session: Session, rows: list[tuple[int, int, int, str]]) -> None:
    """rows: (record id, person id, seq, data as bulk.sql_json text)."""
    bulk.insert_many(session, ENTRIES.name, _ENTRY_COLUMNS, rows)
