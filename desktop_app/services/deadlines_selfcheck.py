"""Self-check of the deadlines: the official holiday calendar is bundled and answers offline."""

from __future__ import annotations

import datetime as dt

from desktop_app.core.selfcheck import check


@check("法定节假日日历（工作日计算）")
def holiday_calendar(_app: object) -> str:
    from desktop_app.core.workdays import add_working_days, calendar_years

    years = calendar_years()
    if years is None:
        raise RuntimeError("缺少 chinese-calendar 数据，工作日只能按周末计算")
    day, note = add_working_days(dt.date(2023, 9, 27), 5)
    if day != dt.date(2023, 10, 10) or note:
        raise RuntimeError(f"2023 年国庆调休计算有误：{day}")
    covered = "" if years[1] >= dt.date.today().year else "（今年的安排尚未收入，按周末计算并提示）"
    return f"收录 {years[0]}–{years[1]} 年{covered}"
