"""In-memory search index over the people registry, so a keystroke search stays fast at 100,000.

Why not SQL: `name LIKE '%q%'` cannot use an index. Walking a name index in display order
with a table lookup per row took ~300 ms at 100,000 people; even a covering-index scan took
~45 ms before any row was fetched, and fetching all 100,000 ids through the ORM ~250 ms.
Here the searchable text of every person (~10 MB at 100,000) is held once per database: a
query is a scan with C-speed string operations (~10 ms), and each sort order is one SQL
`ORDER BY` (SQLite's own collation and NULL order) cached as a permutation.

Freshness: every search first reads a cheap stamp (row count, max id, and max updated_at of the
rows changed after their creation, ~3 ms). New rows (id past the stamp) and changed ones
(updated_at > created_at, past the stamp; ix_people_changed_at) are patched in; a deletion
rebuilds. Every write path sets updated_at: the ORM's onupdate, and the bulk updates of the
exchange import; bulk inserts write created_at = updated_at.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.store import people_repo as repo

_BLOB_SEP = "\x1e"  # never inside a value: the columns arrive split on it (people_repo)

from desktop_app.core.collation import pinyin_key

_LOCK = threading.Lock()
_INDEXES: weakref.WeakKeyDictionary[Engine, PeopleIndex] = weakref.WeakKeyDictionary()
# Changed rows are those with updated_at > created_at (ix_people_changed_at holds only them);
# new rows have ids past the last max id.
_ID_LEN = 18  # every stored number is a checked 18-character one (upsert_person)


def is_digit_query(q: str) -> bool:
    """Digits (with X) search identity numbers and phones; anything else names and units."""
    return q.replace("X", "").replace("x", "").isdigit()


PINYIN_SORTS = ("name", "work_unit")  # Chinese text: sorted by pinyin, not code point


class PeopleIndex:
    def __init__(self, session: Session, stamp: tuple[Any, ...]) -> None:
        self.stamp = stamp
        self.ids, self.texts, self.numbers, self.phones = repo.search_columns(session)
        self.pos: dict[int, int] = {pid: i for i, pid in enumerate(self.ids)}
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._number_blob: str | None = None
        self._blobs: dict[str, tuple[str, list[int]] | None] = {}

    def refresh(self, session: Session, stamp: tuple[Any, ...]) -> bool:
        """Patch in rows added or changed since `self.stamp`; False when a rebuild is needed."""
        count, max_id, max_updated = self.stamp
        if (stamp[0] is not None and stamp[0] < count) or max_id is None:
            return False
        # No changed row at the last stamp (max_updated None): every changed row is new since.
        ids, texts, nums, phones = repo.changed_since(session, max_id, max_updated)
        for pid, text, num, phone in zip(ids, texts, nums, phones):
            i = self.pos.get(pid)
            if i is None:
                self.pos[pid] = len(self.ids)
                self.ids.append(pid)
                self.texts.append(text)
                self.numbers.append(num)
                self.phones.append(phone)
            else:
                self.texts[i], self.numbers[i], self.phones[i] = text, num, phone
        if stamp[0] is not None and len(self.ids) != stamp[0]:
            return False  # rows were deleted as well
        self.stamp = stamp
        self._orders.clear()
        self._number_blob = None
        self._blobs.clear()
        return True

    def order(self, session: Session, column_sql: str, key: str, descending: bool) -> list[int]:
        """Positions in display order: ORDER BY column [DESC], id."""
        perm = self._orders.get((key, descending))
        if perm is None and key in PINYIN_SORTS:
            perm = self._pinyin_order(session, column_sql, descending)
            self._orders[(key, descending)] = perm
        if perm is None:
            pos = self.pos
            perm = [pos[i] for i in repo.ids_in_order(session, column_sql, descending)]
            self._orders[(key, descending)] = perm
        if ("rank:" + key, descending) not in self._orders:
            # built with the order (when the list is first shown), not on the first keystroke
            # whose hits are many (~120 ms at 400,000 people)
            self._rank(key, descending, perm)
        return perm

    def _pinyin_order(self, session: Session, column_sql: str, descending: bool) -> list[int]:
        """Names and units in pinyin order (core.collation), ties by id; empty values first
        (last when descending), as SQLite orders NULL. ~0.1 s at 100,000 people."""
        rows = repo.column_values(session, column_sql)
        rows.sort(key=lambda r: r[0])
        # Stable even reversed: ties keep ascending ids, as "ORDER BY col DESC, id".
        rows.sort(key=lambda r: pinyin_key(r[1]), reverse=descending)
        pos = self.pos
        return [pos[r[0]] for r in rows]

    def _rank(self, key: str, descending: bool, perm: list[int]) -> list[int]:
        rank = self._orders.get(("rank:" + key, descending))
        if rank is None:
            rank = [0] * len(self.ids)
            for r, p in enumerate(perm):
                rank[p] = r
            self._orders[("rank:" + key, descending)] = rank
        return rank

    def _number_hits(self, q: str) -> set[int]:
        """Positions whose identity number starts or ends with q (fixed width: no per-row loop)."""
        if self._number_blob is None:
            ok = all(len(n) == _ID_LEN for n in self.numbers)
            self._number_blob = "," + ",".join(self.numbers) + "," if ok else ""
        blob, width = self._number_blob, _ID_LEN + 1
        if not blob:
            return {i for i, n in enumerate(self.numbers) if n.startswith(q) or n.endswith(q)}
        hits: set[int] = set()
        # Entry i is blob[1 + 19i : 19 + 19i]; the comma before it is at 19i, the one after
        # it at 19(i + 1).
        for needle, offset in (("," + q, 0), (q + ",", len(q) - width)):
            at = blob.find(needle)
            while at >= 0:
                hits.add((at + offset) // width)
                at = blob.find(needle, at + 1)
        return hits

    def _contains(self, kind: str, values: list[str], q: str) -> set[int]:
        """Positions whose value contains q: one C-level str.find over all values joined (a
        400,000-row Python loop took ~100 ms a keystroke; the scan a few ms), each match mapped
        to its value by bisecting the start offsets; the next search starts at the next value."""
        if kind not in self._blobs:
            if any(_BLOB_SEP in v for v in values):
                self._blobs[kind] = None
            else:
                starts, at = [], 0
                for v in values:
                    starts.append(at)
                    at += len(v) + 1
                self._blobs[kind] = (_BLOB_SEP.join(values), starts)
        packed = self._blobs[kind]
        if packed is None:
            return {i for i, v in enumerate(values) if q in v}
        if _BLOB_SEP in q:
            return set()  # no value holds the separator
        blob, starts = packed
        hits: set[int] = set()
        n = len(starts)
        at = blob.find(q)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            hits.add(i)
            if i + 1 >= n:
                break
            at = blob.find(q, starts[i + 1])
        return hits

    def search(self, session: Session, query: str, column_sql: str, key: str, descending: bool) -> list[int]:
        perm = self.order(session, column_sql, key, descending)
        q = query.strip()
        if not q:
            listed = self._orders.get(("ids:" + key, descending))
            if listed is None:
                listed = [self.ids[p] for p in perm]
                self._orders[("ids:" + key, descending)] = listed
            return list(listed)
        if is_digit_query(q):
            hits = self._number_hits(q.upper())
            hits.update(self._contains("phones", self.phones, q))
        else:
            hits = self._contains("texts", self.texts, q.lower())
        if not hits:
            return []
        if len(hits) * 8 < len(perm):
            rank = self._rank(key, descending, perm)
            return [self.ids[p] for p in sorted(hits, key=rank.__getitem__)]
        return [self.ids[p] for p in perm if p in hits]


def people_index(session: Session) -> PeopleIndex:
    """The current index for this session's database (built, patched or rebuilt as needed)."""
    engine = session.get_bind()
    stamp = repo.people_stamp(session)
    with _LOCK:
        index = _INDEXES.get(engine)  # type: ignore[arg-type]
        if index is not None and index.stamp != stamp and not index.refresh(session, stamp):
            index = None
        if index is None:
            index = PeopleIndex(session, stamp)
            _INDEXES[engine] = index  # type: ignore[index]
        return index


def search(session: Session, query: str, column_sql: str, key: str, descending: bool) -> list[int]:
    index = people_index(session)
    with _LOCK:
        return index.search(session, query, column_sql, key, descending)


def forget(engine: Engine) -> None:
    with _LOCK:
        _INDEXES.pop(engine, None)  # type: ignore[arg-type]
