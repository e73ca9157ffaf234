"""SQLAlchemy 2.0 typed models. Every constraint is named (Alembic batch mode needs names)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop_app.core.status import DRAFT

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_LAST_NOW = [dt.datetime.min]
_NOW_LOCK = threading.Lock()


def utcnow() -> dt.datetime:
    """Now in UTC (naive), strictly later than any earlier call in this process — even where
    the clock ticks every 15.6 ms (Windows) or is set back: a person changed right after being
    created gets updated_at > created_at, which is what ix_people_changed_at indexes."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with _NOW_LOCK:
        if now <= _LAST_NOW[0]:
            now = _LAST_NOW[0] + dt.timedelta(microseconds=1)
        _LAST_NOW[0] = now
    return now


def _as_created(context: Any) -> dt.datetime:
    """A new row's updated_at: its created_at (evaluated first, or given), not a later instant."""
    created = context.get_current_parameters().get("created_at")
    return created if isinstance(created, dt.datetime) else utcnow()


def new_uid() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def table_of(model: type[Base]) -> Table:
    """A model's table, typed as the ``Table`` it is (``Model.__table__`` is declared a
    ``FromClause``, which has no ``name``)."""
    return Base.metadata.tables[model.__tablename__]


class Setting(Base):
    """Key/value settings of this installation (office unit id, mode, exchange state…)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Unit(Base):
    """A union or enterprise: this office, its parent, towns (district mode), enterprises."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    # self | parent | town | enterprise
    role: Mapped[str] = mapped_column(String(16), default="enterprise")
    # enterprise | town | district | city | province
    level: Mapped[str] = mapped_column(String(16), default="enterprise")
    credit_code: Mapped[str | None] = mapped_column(String(18))
    ownership: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Person(Base):
    """Real-name record (DOMAIN §2): one per identity number (R-ID-5)."""

    __tablename__ = "people"
    # No uid: a person is known everywhere by the identity number (the exchange links people
    # by it); a uid column nothing read cost a unique index on every insert (migration 0002).
    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    # No index on name either (0002): searching is the in-memory people index, and the list's
    # ORDER BY name is computed once per change (~55 ms at 100,000 people without an index,
    # ~30 ms with one). New people have names spread over the whole alphabet, so each bulk
    # insert rewrote most of that index's pages: 36 % of the bytes 20 district package imports
    # wrote (87 of 240 MB), and ~10 ms per 10,000 people imported from Excel.
    name: Mapped[str] = mapped_column(String(60))
    gender: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(40))
    # No index (0002): only the people list's rarely used sort by 单位 read it (SQLite sorts
    # 100,000 rows in ~50 ms), while every bulk insert paid for it — 12 % of the bytes a
    # district package import writes.
    work_unit: Mapped[str | None] = mapped_column(String(120))
    industry: Mapped[str | None] = mapped_column(String(40))
    is_member: Mapped[bool | None] = mapped_column(Boolean)
    member_card_no: Mapped[str | None] = mapped_column(String(40))
    # Source town code for people received in district mode (None = entered here).
    origin: Mapped[str | None] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Indexed only where a row was changed after it was created (migration 0003): bulk inserts
    # write created_at = updated_at and so skip the index — 20,000 people a district package —
    # while the people index's freshness stamp (max updated_at of changed rows) and its patch
    # query (id > last max id, or changed since the stamp) still take a few index steps.
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_as_created, onupdate=utcnow)

    __table_args__ = (Index("ix_people_changed_at", "updated_at", sqlite_where=text("updated_at > created_at"),
                            postgresql_where=text("updated_at > created_at")),)


class Project(Base):
    """A practical project of one year (DOMAIN §3): data, not code."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(32))
    owner_unit: Mapped[str | None] = mapped_column(String(120))
    quota: Mapped[int] = mapped_column(Integer, default=0)
    quota_unit: Mapped[str] = mapped_column(String(8), default="人")
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    forms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str | None] = mapped_column(Text)
    template: Mapped[str | None] = mapped_column(String(40))


class Allocation(Base):
    """The district's share of a project's quota for one town (issue 13). At the district one
    row per (project, town); at a town the rows for itself, as received in return packages.
    Keyed by project code (not id): the same catalogue code names the project on both sides,
    and an allocation may arrive before the town has created that year's catalogue."""

    __tablename__ = "allocations"
    __table_args__ = (UniqueConstraint("project_code", "town_code", name="uq_allocations_project_town"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_code: Mapped[str] = mapped_column(String(32))
    town_code: Mapped[str] = mapped_column(String(32), index=True)
    quota: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Record(Base):
    """An application / survey / enrolment / wish … of a project, keyed by its form spec."""

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), default=new_uid, unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    form_code: Mapped[str] = mapped_column(String(16), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    unit_name: Mapped[str | None] = mapped_column(String(120))
    # draft | ready | submitted | approved | returned | settled  (草稿 待盖章 已报送 已通过 已退回 已结算)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT.key, index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    headcount: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_fen: Mapped[int] = mapped_column(Integer, default=0)
    settled_fen: Mapped[int | None] = mapped_column(Integer)
    record_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Town code for records received in district mode (None = entered here).
    origin: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)

    project: Mapped[Project] = relationship()
    entries: Mapped[list["RosterEntry"]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="RosterEntry.seq"
    )


class RosterEntry(Base):
    """A person on a record's roster, with the entry's own fields (plan, married, stated age…)."""

    __tablename__ = "roster_entries"
    __table_args__ = (UniqueConstraint("record_id", "person_id", name="uq_roster_entries_record_person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # no index of its own: uq_roster_entries_record_person (record_id, person_id) serves every
    # look-up by record (and the ON DELETE CASCADE); a second one only slowed inserts (0002)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    record: Mapped[Record] = relationship(back_populates="entries")
    person: Mapped[Person] = relationship()


class AuditLog(Base):
    """Who changed what, when: written by the services for every change."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)


Index("ix_audit_log_entity", AuditLog.entity, AuditLog.entity_id)


class PrintLog(Base):
    """A printed version of a record: verification code and content hash (issue: PDFs)."""

    __tablename__ = "print_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(60))


class ExchangeLog(Base):
    """Exchange packages made or received (town ↔ district): sequence, counts, receipt state."""

    __tablename__ = "exchange_log"
    __table_args__ = (
        UniqueConstraint("direction", "peer_code", "kind", "sequence", name="uq_exchange_log_seq"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # out | in
    kind: Mapped[str] = mapped_column(String(16))  # data | receipt | return
    peer_code: Mapped[str] = mapped_column(String(32), index=True)
    peer_name: Mapped[str | None] = mapped_column(String(120))
    sequence: Mapped[int] = mapped_column(Integer)
    package_id: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ExchangeKey(Base):
    """District: one exchange key per town (issue 20), each version kept. The town's passphrase
    is stored sealed (AES-GCM) under a key derived from the district's own passphrase, so the
    store holds no usable key. A re-issued key revokes the version before it."""

    __tablename__ = "exchange_keys"
    __table_args__ = (UniqueConstraint("town_code", "version", name="uq_exchange_keys_town_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    town_code: Mapped[str] = mapped_column(String(32))
    town_name: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    sealed: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Operator(Base):
    """An account (issue 15): who is working, in which role. The password is kept only as a
    scrypt hash with its salt and parameters (``scrypt$n$r$p$salt$hash``)."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ImportMapping(Base):
    """Remembered Excel column mappings, keyed by a signature of the header row."""

    __tablename__ = "import_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    form_code: Mapped[str] = mapped_column(String(16))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
