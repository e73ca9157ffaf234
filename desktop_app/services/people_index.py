"""In-memory search index over the people registry, so a keystroke search stays fast at 100,000.

Why not SQL: `name LIKE '%q%'` cannot use an index. Walking a name index in display order
with a table lookup per row took ~300 ms at 100,000 people; even a covering-index scan took
~45 ms before any row was fetched, and fetching all 100,000 ids through the ORM ~250 ms.
Here the searchable text of every person is held once per database, and each sort order is
one SQL `ORDER BY` (SQLite's own collation and NULL order) cached as a permutation.

A display order's view (_OrderedView, built when the list is first shown in that order) lays
the names and units out in that order in fixed-width slots of one string: a text query is one
C-level `str.find` per hit and a division, and its hits come out already in display order
(sorting 40,000 hits by rank used to cost as much as finding them: ~45 ms a keystroke at
400,000 people, now ~10 ms). Identity numbers are sorted once (a prefix is a bisected slice,
mapped to display ranks when the view is built), suffixes of four or more characters come from
a dict by the last four, phones from fixed-width slots (issue 15's p95 ≤ 50 ms at 400,000).

Freshness: every search first reads a cheap stamp (row count, max id, and max updated_at of the
rows changed after their creation, ~3 ms). New rows (id past the stamp) and changed ones
(updated_at > created_at, past the stamp; ix_people_changed_at) are patched in; a deletion
rebuilds. Every write path sets updated_at: the ORM's onupdate, and the bulk updates of the
exchange import; bulk inserts write created_at = updated_at.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from desktop_app.store import people_repo as repo

_BLOB_SEP = "\x1e"  # never inside a value: the columns arrive split on it (people_repo)

from desktop_app.core.collation import pinyin_key

_LOCK = threading.Lock()
_INDEXES: weakref.WeakKeyDictionary[Engine | Connection, PeopleIndex] = weakref.WeakKeyDictionary()
# Changed rows are those with updated_at > created_at (ix_people_changed_at holds only them);
# new rows have ids past the last max id.
_ID_LEN = 18  # every stored number is a checked 18-character one (upsert_person)


def is_digit_query(q: str) -> bool:
    """Digits (with X) search identity numbers and phones; anything else names and units."""
    return q.replace("X", "").replace("x", "").isdigit()


PINYIN_SORTS = ("name", "work_unit")  # Chinese text: sorted by pinyin, not code point


class _Slots:
    """Values in fixed-width slots of one string, each padded with the separator: a match at
    offset ``at`` belongs to value ``at // width``, so a scan finds its hits with one C-level
    ``str.find`` and one division per hit, no bisecting and no bookkeeping per value. Values
    too long for the width (the longest 0.5 %) or holding the separator get an empty slot and
    are searched one by one."""

    def __init__(self, values: list[str]) -> None:
        lengths = sorted(map(len, values))
        self.width = max(2, lengths[int(len(lengths) * 0.995)] + 1) if lengths else 2
        width = self.width
        odd = _BLOB_SEP in "".join(values)
        self.long = [(r, v) for r, v in enumerate(values) if len(v) >= width or (odd and _BLOB_SEP in v)]
        if self.long:
            values = list(values)
            for r, _v in self.long:
                values[r] = ""
        self.blob = "".join([v.ljust(width, _BLOB_SEP) for v in values])

    def find(self, q: str) -> list[int]:
        """Positions (ascending) of the values that contain q."""
        out: list[int] = []
        if _BLOB_SEP not in q:  # no slot holds the separator, only padding does
            find, width = self.blob.find, self.width
            at = find(q)
            while at >= 0:
                r = at // width
                out.append(r)
                at = find(q, (r + 1) * width)
        if self.long:
            extra = [r for r, v in self.long if q in v]
            if extra:  # two ascending runs without duplicates: timsort merges them in one pass
                out = sorted(out + extra)
        return out


class _Numbers:
    """Identity numbers and phones in the index's own order (positions), for digit queries: the
    numbers sorted once, so a prefix is a bisected range (a digit scan is slow: ",310101" is
    checked at nearly every byte of a low-entropy string, ~14 ms at 400,000); a dict by the
    last four characters for the suffix clerks type; phones in fixed-width slots."""

    def __init__(self, numbers: list[str], phones: list[str]) -> None:
        self.numbers = numbers
        order = sorted(range(len(numbers)), key=numbers.__getitem__)
        self.sorted = [numbers[p] for p in order]
        self.sorted_pos = order
        tails: dict[str, list[int]] = {}
        for p, n in enumerate(numbers):
            tails.setdefault(n[-4:], []).append(p)
        self.tails = tails
        self.phones = _Slots(phones)
        self._blob: str | None = None  # for suffixes shorter than four characters (rare)

    def prefix_range(self, query: str) -> tuple[int, int]:
        """The slice of the sorted numbers that start with the query (check character X in
        either case)."""
        q = query.upper()
        lo = bisect_left(self.sorted, q)
        return lo, bisect_left(self.sorted, q + "\x7f", lo)  # "\x7f": past every number starting with q

    def other_hits(self, query: str) -> set[int]:
        """Positions whose identity number ends with the query or whose phone contains it, and
        whose number does not start with it (those are in the prefix range already)."""
        q = query.upper()
        numbers = self.numbers
        if len(q) >= 4:
            found = [p for p in self.tails.get(q[-4:], ()) if numbers[p].endswith(q)]
        else:
            found = self._short_suffix(q)
        found += self.phones.find(query)
        return {p for p in found if not numbers[p].startswith(q)}

    def _short_suffix(self, q: str) -> list[int]:
        """Positions whose number ends with q, for q of one to three characters."""
        if self._blob is None:
            self._blob = _BLOB_SEP.join(self.numbers) + _BLOB_SEP
        blob, out = self._blob, []
        needle, p, counted = q + _BLOB_SEP, 0, 0
        at = blob.find(needle)
        while at >= 0:
            p += blob.count(_BLOB_SEP, counted, at)  # the values ended before this match
            counted = at
            out.append(p)
            at = blob.find(needle, at + len(needle))
        return out


class _OrderedView:
    """The index laid out in one display order: a text scan's hits come out already in that
    order, so a query matching 40,000 of 400,000 people needs no sort (issue 15: sorting the
    hits by rank cost about as much as finding them)."""

    def __init__(self, index: PeopleIndex, perm: list[int]) -> None:
        self.ids = [index.ids[p] for p in perm]
        self.texts = _Slots([index.texts[p] for p in perm])
        rank = [0] * len(perm)
        for r, p in enumerate(perm):
            rank[p] = r
        self.rank = rank
        # the display rank of each number in sorted order: a prefix's hits are one slice
        self.number_ranks = list(map(rank.__getitem__, index.number_index().sorted_pos))

    def digit_search(self, numbers: _Numbers, query: str) -> list[int]:
        """Ids in display order of the people whose identity number starts or ends with the
        query, or whose phone contains it."""
        lo, hi = numbers.prefix_range(query)
        ranks = self.number_ranks[lo:hi]
        others = numbers.other_hits(query)
        if others:
            ranks += map(self.rank.__getitem__, others)
        ranks.sort()
        return list(map(self.ids.__getitem__, ranks))


class PeopleIndex:
    def __init__(self, session: Session, stamp: tuple[Any, ...]) -> None:
        self.stamp = stamp
        self.ids, self.texts, self.numbers, self.phones = repo.search_columns(session)
        self.pos: dict[int, int] = {pid: i for i, pid in enumerate(self.ids)}
        self._orders: dict[tuple[str, bool], list[int]] = {}
        # The display orders last searched (most recent last); each holds a copy of the
        # searchable text (~30 MB at 400,000 people), so only two are kept: a sort and its reverse.
        self._views: dict[tuple[str, bool], _OrderedView] = {}
        self._numbers: _Numbers | None = None

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
        self._views.clear()
        self._numbers = None
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
        return perm

    def view(self, session: Session, column_sql: str, key: str, descending: bool) -> _OrderedView:
        """The index in this display order, built when the list is first shown in it (~0.3 s at
        400,000 people, in the people page's background task), not on a keystroke."""
        view = self._views.pop((key, descending), None)
        if view is None:
            view = _OrderedView(self, self.order(session, column_sql, key, descending))
            while len(self._views) >= 2:
                del self._views[next(iter(self._views))]
        self._views[(key, descending)] = view
        return view

    def _pinyin_order(self, session: Session, column_sql: str, descending: bool) -> list[int]:
        """Names and units in pinyin order (core.collation), ties by id; empty values first
        (last when descending), as SQLite orders NULL. ~0.1 s at 100,000 people."""
        rows = repo.column_values(session, column_sql)
        rows.sort(key=lambda r: r[0])
        # Stable even reversed: ties keep ascending ids, as "ORDER BY col DESC, id".
        rows.sort(key=lambda r: pinyin_key(r[1]), reverse=descending)
        pos = self.pos
        return [pos[r[0]] for r in rows]

    def search(self, session: Session, query: str, column_sql: str, key: str, descending: bool) -> list[int]:
        view = self.view(session, column_sql, key, descending)
        q = query.strip()
        if not q:
            return list(view.ids)
        if is_digit_query(q):
            return view.digit_search(self.number_index(), q)
        return list(map(view.ids.__getitem__, view.texts.find(q.lower())))

    def number_index(self) -> _Numbers:
        if self._numbers is None:
            self._numbers = _Numbers(self.numbers, self.phones)
        return self._numbers


def people_index(session: Session) -> PeopleIndex:
    """The current index for this session's database (built, patched or rebuilt as needed)."""
    engine = session.get_bind()
    stamp = repo.people_stamp(session)
    with _LOCK:
        index = _INDEXES.get(engine)
        if index is not None and index.stamp != stamp and not index.refresh(session, stamp):
            index = None
        if index is None:
            index = PeopleIndex(session, stamp)
            _INDEXES[engine] = index
        return index


def search(session: Session, query: str, column_sql: str, key: str, descending: bool) -> list[int]:
    index = people_index(session)
    with _LOCK:
        return index.search(session, query, column_sql, key, descending)


def forget(engine: Engine) -> None:
    with _LOCK:
        _INDEXES.pop(engine, None)
