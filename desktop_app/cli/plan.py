"""CLI: the year's plan — quota allocations to towns (district) and every deadline (deadlines)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deadlines", help="待办：按日期列出各项目、各记录的截止日期")
    p.add_argument("--on", metavar="DATE", help="以此日期为“今天”（默认今天），YYYY-MM-DD")
    p.add_argument("--within", type=int, metavar="DAYS", help="只列出已逾期和今后 DAYS 天内的")
    p.add_argument("--year", type=int, help="只列出这一年度项目的")
    p.add_argument("--ics", metavar="FILE.ics", help="同时导出为日历文件（Outlook 可导入）")
    p.add_argument("--done", metavar="KEY", action="append", default=[],
                   help="把一项待办标为已完成（KEY 见 --json 输出的 key），可重复")
    p.add_argument("--undo", metavar="KEY", action="append", default=[], help="撤销“已完成”标记")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_deadlines)


def register_district(ds: argparse._SubParsersAction) -> None:
    c = ds.add_parser("allocate", help="把项目名额分配给一个街镇（随下一个审核结果包发给该街镇）")
    c.add_argument("code", metavar="CODE", help="项目代码")
    c.add_argument("--town", required=True, help="街镇代码或名称")
    c.add_argument("--quota", required=True, help="分配名额（整数，≥ 0）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_allocate)
    c = ds.add_parser("allocations", help="名额分配表：街镇 × 项目，合计与项目名额对照")
    c.add_argument("--year", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_allocations)


def cmd_allocate(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.allocations import allocate

    with app.transaction() as s:
        result = allocate(s, args.code, args.town, args.quota)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"已把 {result.project} 的名额 {result.quota:,} 分配给 {result.town_name}（{result.town_code}）；"
          f"已分配合计 {result.allocated_total:,} / 项目名额 {result.project_quota:,}。")
    for w in result.warnings:
        print(f"  [提示] {w}")
    return 0


def cmd_allocations(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.allocations import allocation_grid

    with app.session() as s:
        grid = allocation_grid(s, args.year)
    if args.json:
        print_json(grid.to_dict())
        return 0
    for p in grid.projects:
        towns = "，".join(f"{n} {grid.cells[(p['code'], c)]:,}" for c, n in grid.towns if (p["code"], c) in grid.cells)
        flag = "  ⚠ 超出名额（R-QUOTA-1）" if p["over"] else ""
        print(f"{p['code']} {p['short_name']}：已分配 {p['allocated']:,} / {p['quota']:,} {p['quota_unit']}"
              f"{flag}；{towns or '未分配'}")
    return 0


def _date(text: str | None) -> dt.date:
    from desktop_app.services.errors import ValidationFailed

    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"“--on”须为日期（如 2023-11-01），收到“{text}”。") from None


def cmd_deadlines(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.deadlines import deadlines, write_ics

    on = _date(args.on)
    if args.done or args.undo:
        from desktop_app.services.deadlines import mark_done

        with app.transaction() as s:
            for key in args.done:
                mark_done(s, key, True)
            for key in args.undo:
                mark_done(s, key, False)
    with app.session() as s:
        items = deadlines(s, on=on, within=args.within, year=args.year)
    if args.ics:
        write_ics(items, args.ics)
    if args.json:
        print_json([d.to_dict() for d in items])
        return 0
    if not items:
        print("没有待办的截止日期。")
    for d in items:
        flag = "【已逾期】" if d.overdue else ""
        rec = f" 记录 {d.record}" if d.record else ""
        print(f"{d.date.isoformat()} {flag}{d.title}（{d.rule}，{d.project}{rec}）")
        if d.note:
            print(f"    {d.note}")
    return 0
