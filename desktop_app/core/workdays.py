"""Working days by China's official holiday calendar (国务院办公厅 annual holiday notices).

The data is the `chinese-calendar` package's (maintained; its tables are Python, so it works
offline and PyInstaller bundles it). A year beyond its tables (the State Council publishes
each year's arrangement in late autumn) falls back to weekends only and says so, so the clerk
can allow for a holiday by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

try:  # pragma: no cover - exercised where the package is missing
    import chinese_calendar as _cc
except ImportError:  # the program still runs: weekends only, with the note
    _cc = None


def _is_workday(d: date) -> bool | None:
    """True/False by the official calendar; None where it has no data for d's year."""
    if _cc is None:
        return None
    try:
        return bool(_cc.is_workday(d))
    except NotImplementedError:
        return None


def calendar_years() -> tuple[int, int] | None:
    """The first and last year the holiday tables cover (None without the package)."""
    if _cc is None:
        return None
    years = sorted({d.year for d in _cc.holidays} | {d.year for d in _cc.workdays})
    return (years[0], years[-1]) if years else None


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
