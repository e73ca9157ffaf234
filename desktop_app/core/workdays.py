"""Working days by China's official holiday calendar (国务院办公厅 annual holiday notices).

The data is the `chinese-calendar` package's (maintained; its tables are Python, so it works
offline and PyInstaller bundles it). A year beyond its tables (the State Council publishes
each year's arrangement in late autumn) falls back to weekends only and says so, so the clerk
can allow for a holiday by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

from functools import lru_cache

try:  # pragma: no cover - exercised where the package is missing
    from chinese_calendar.constants import holidays as _HOLIDAYS
    from chinese_calendar.constants import workdays as _WORKDAYS
except ImportError:  # the program still runs: weekends only, with the note
    _HOLIDAYS, _WORKDAYS = {}, {}

# The package's is_workday() recomputes min/max over all its dates on every call (~70 µs);
# 20,000 enrolments' fee deadlines took 25 s. The same rule on frozen sets: a set look-up.
_OFF: frozenset[date] = frozenset(_HOLIDAYS)
_ON: frozenset[date] = frozenset(_WORKDAYS)
_YEARS: tuple[int, int] | None = (min(d.year for d in _OFF), max(d.year for d in _OFF)) if _OFF else None


def _is_workday(d: date) -> bool | None:
    """True/False by the official calendar (as chinese_calendar.is_workday); None where it
    has no data for d's year."""
    if _YEARS is None or not _YEARS[0] <= d.year <= _YEARS[1]:
        return None
    return d in _ON or (d.weekday() < 5 and d not in _OFF)


def calendar_years() -> tuple[int, int] | None:
    """The first and last year the holiday tables cover (None without the package)."""
    return _YEARS


@lru_cache(maxsize=4096)
def add_working_days(start: date, days: int) -> tuple[date, str | None]:
    """The ``days``-th working day after ``start`` and a note when any day of the count had
    to be judged by weekends only (beyond the calendar's years)."""
    d, left, guessed = start, days, set()
    while left > 0:
        d += timedelta(days=1)
        official = _is_workday(d)
        if official is None:
            guessed.add(d.year)
            official = d.weekday() < 5
        if official:
            left -= 1
    if not guessed:
        return d, None
    years = "、".join(str(y) for y in sorted(guessed))
    return d, (f"{years} 年的法定节假日安排尚未收入日历数据，按周末计算工作日；"
               "如遇节假日或调休请顺延。")
