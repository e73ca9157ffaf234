"""The audit log: every change made through the services is written here, in the same transaction.

Personal numbers (issue 20, point 7). The audit log shows that something changed without
exposing who: before a row is written, its ``old``, ``new`` and ``note`` pass through
:func:`protect`. The stored format — stable, read by the history views:

- a value under the key ``id_number``, or any text value that is a whole identity number,
  is stored masked (``mask_id``: ``310118********002X``) and beside it, under the same key
  with ``_hmac`` appended (``id_number_hmac``), the HMAC-SHA256 of the normalised number
  (hex, 32 characters = 128 bits) keyed by this installation's secret
  (``audit-key.bin`` in the data folder, 32 random bytes, created on first use, 0600).
  Two rows with the same ``id_number_hmac`` name the same person; a change of number shows
  as a change of digest. Views show the mask and skip keys ending in ``_hmac``.
- any other text has identity numbers and mobile numbers inside it masked (``mask_text``),
  e.g. a phone change reads ``138****5678`` → ``139****1234``.

On a PostgreSQL store (several seats, issue 15) the secret is the database's, not a seat's:
it is kept in the settings table (``audit_key``, created on first use), so every seat writes
the same digest for the same person.

The secret never leaves the data folder (not in packages or exports); a restored database on
another PC gets a new secret, so digests written before and after a move do not match.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.ids import mask_id, normalize_id
from desktop_app.core.redact import looks_like_id, mask_text
from desktop_app.store.models import AuditLog

KEY_FILE = "audit-key.bin"
HMAC_SUFFIX = "_hmac"
ID_KEYS = frozenset({"id_number"})
_KEYS: dict[str, bytes] = {}
_KEYS_LOCK = threading.Lock()
_PROCESS_KEY = os.urandom(32)  # an in-memory store (tests): a key for this process only


def install_key(db_path: str | os.PathLike[str] | None) -> bytes:
    """This installation's audit secret (created with 0600 on first use)."""
    if not db_path or str(db_path) == ":memory:":
        return _PROCESS_KEY
    path = Path(db_path).parent / KEY_FILE
    cache_key = str(path)
    with _KEYS_LOCK:
        key = _KEYS.get(cache_key)
        if key is not None:
            return key
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            key = path.read_bytes()
        else:
            key = os.urandom(32)
            with os.fdopen(fd, "wb") as fh:
                fh.write(key)
                fh.flush()
                os.fsync(fh.fileno())
        if len(key) < 16:  # damaged: a new secret from now on (old digests no longer match)
            key = os.urandom(32)
            path.write_bytes(key)
        _KEYS[cache_key] = key
        return key


SERVER_KEY_SETTING = "audit_key"


def _server_key(session: Session) -> bytes:
    """A server store's audit secret, shared by its seats (settings table)."""
    from sqlalchemy.dialects.postgresql import insert

    from desktop_app.store.models import Setting

    cache_key = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _KEYS_LOCK:
        key = _KEYS.get(cache_key)
    if key is not None:
        return key
    stored = session.scalar(select(Setting.value).where(Setting.key == SERVER_KEY_SETTING))
    if isinstance(stored, str):
        key = bytes.fromhex(stored)
        with _KEYS_LOCK:
            _KEYS[cache_key] = key
        return key
    # First use: made in this transaction (another seat's, made at the same moment, wins);
    # not cached until it is read back committed.
    session.execute(insert(Setting).values(key=SERVER_KEY_SETTING, value=os.urandom(32).hex())
                    .on_conflict_do_nothing(index_elements=["key"]))
    stored = session.scalar(select(Setting.value).where(Setting.key == SERVER_KEY_SETTING))
    return bytes.fromhex(stored) if isinstance(stored, str) else os.urandom(32)


def _session_key(session: Session) -> bytes:
    if session.get_bind().dialect.name != "sqlite":
        return _server_key(session)
    try:
        return install_key(session.get_bind().engine.url.database)
    except OSError:
        return _PROCESS_KEY  # a read-only data folder: still no number in the clear


def digest(number: str, key: bytes) -> str:
    """The keyed digest stored beside a masked identity number (``id_number_hmac``)."""
    return hmac.new(key, normalize_id(number).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def protect(value: Any, key: bytes) -> Any:
    """``value`` as the audit log stores it: identity numbers masked with their digest beside
    them, numbers inside other texts masked (see the module's docstring)."""
    if isinstance(value, str):
        return mask_id(value) if looks_like_id(value) else mask_text(value)
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for k, v in value.items():
            if isinstance(v, str) and v and (k in ID_KEYS or looks_like_id(v)):
                out[k] = mask_id(v)
                out[f"{k}{HMAC_SUFFIX}"] = digest(v, key)
            else:
                out[k] = protect(v, key)
        return out
    if isinstance(value, (list, tuple)):
        return [protect(v, key) for v in value]
    return value


def current_actor(session: Session | None = None) -> str:
    """Who acts: the logged-in operator (issue 15), else the computer's login name."""
    if session is not None:
        op = session.info.get("operator")
        name = getattr(op, "name", None)
        if name:
            return str(name)
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows set-ups
        return "clerk"


PROTECTED_SETTING = "audit_numbers_protected"
_LONG_DIGITS = re.compile(r"\d{11}")


def protect_existing(session: Session) -> int:
    """Once per store: audit rows written before numbers were protected get the same form
    (masked, digest beside). Returns the rows rewritten. Rows without 11 digits in a row are
    not even decoded."""
    from desktop_app.services.settings import get_setting, set_setting

    if get_setting(session, PROTECTED_SETTING):
        return 0
    key = _session_key(session)
    from desktop_app.store.bulk import driver_executemany, driver_rows, is_sqlite

    # JSON read as its text on both engines (PostgreSQL's driver would hand back objects).
    json_in = "?" if is_sqlite(session) else "CAST(? AS JSON)"
    last, changed = 0, 0
    while True:
        rows = driver_rows(session, "SELECT id, CAST(old AS TEXT), CAST(new AS TEXT), note FROM audit_log "
                                    "WHERE id > ? ORDER BY id LIMIT 5000", (last,))
        if not rows:
            break
        updates = []
        for row_id, old, new, note in rows:
            last = row_id
            if not any(v and _LONG_DIGITS.search(v) for v in (old, new, note)):
                continue
            values = [protect(json.loads(v), key) if v is not None else None for v in (old, new)]
            texts = [json.dumps(v) if v is not None else None for v in values]
            updates.append((*texts, protect(note, key), row_id))
        if updates:
            driver_executemany(session, f"UPDATE audit_log SET old = {json_in}, new = {json_in}, note = ? "
                                        "WHERE id = ?", updates)
            changed += len(updates)
    set_setting(session, PROTECTED_SETTING, True)
    return changed


def audit(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    old: Any = None,
    new: Any = None,
    *,
    actor: str | None = None,
    note: str | None = None,
) -> None:
    key = _session_key(session)
    session.add(
        AuditLog(
            actor=actor or current_actor(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            old=protect(old, key),
            new=protect(new, key),
            note=protect(note, key),
        )
    )


def audit_rows(session: Session, entity: str, changes: Sequence[tuple[str, int | None, object, object]],
               *, actor: str | None = None) -> list[dict[str, Any]]:
    """Parameter rows for one executemany of audit entries (bulk paths): the same columns,
    in the same (protected) form, as :func:`audit` writes one at a time."""
    who = actor or current_actor(session)
    key = _session_key(session)
    return [{"actor": who, "action": action, "entity": entity, "entity_id": entity_id,
             "old": protect(old, key), "new": protect(new, key), "note": None}
            for action, entity_id, old, new in changes]


def history(session: Session, entity: str, entity_id: int) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.id)
    )
    return list(session.scalars(stmt))


_ROSTER_KEY = "__roster__"


def private_value(key: str, value: Any) -> Any:
    """Personal data as the audit log keeps it (PIPL): identity numbers and phones masked."""
    if value in (None, "") or not isinstance(value, str) or "*" in value:
        return value  # (already masked: the audit log's protect())
    k = key.rsplit(".", 1)[-1]
    if "id_number" in k:
        from desktop_app.core.ids import mask_id

        return mask_id(value)
    if k.endswith(("phone", "mobile")):
        from desktop_app.core.phones import mask_phone

        return mask_phone(value) or value
    return value


def _rows_key(rows: Any) -> Any:
    """A roster as compared for the history: blank cells and the row number left out (the
    screen adds "seq" and empty columns; the rows are the same)."""
    if not isinstance(rows, list):
        return rows
    return [{k: v for k, v in r.items() if k != "seq" and v not in (None, "", [])} if isinstance(r, dict) else r
            for r in rows]


def field_diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Changed fields, one key each, for the history (issue 12): a record's form values are
    flattened into their field keys, its roster is summarised as a row count (never copied:
    20,000 rows with identity numbers), identity numbers and phones are masked."""
    def flat(view: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in view.items():
            if key == "data" and isinstance(value, dict):
                for k, v in value.items():
                    if k == _ROSTER_KEY:
                        out["roster"] = v
                    else:
                        out[k] = v
            else:
                out[key] = value
        return out

    a, b = flat(old), flat(new)
    keys = list(dict.fromkeys([*a, *b]))
    changed = [k for k in keys if (_rows_key(a.get(k)) != _rows_key(b.get(k)) if k == "roster" else a.get(k) != b.get(k))]
    o: dict[str, Any] = {}
    n: dict[str, Any] = {}
    for k in changed:
        if k == "roster":
            o[k] = f"{len(a.get(k) or [])} 行" if k in a else None
            n[k] = f"{len(b.get(k) or [])} 行" if k in b else None
            if o[k] == n[k]:
                n[k] = f"{n[k]}（内容已修改）"
        else:
            o[k], n[k] = private_value(k, a.get(k)), private_value(k, b.get(k))
    return o, n


def diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys that changed, as (old values, new values)."""
    keys = sorted(set(old) | set(new))
    changed = [k for k in keys if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in changed}, {k: new.get(k) for k in changed}
