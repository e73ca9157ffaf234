"""CLI: statistics (survey results, project dashboards) and the year report.

    python -m desktop_app stats surveys --project QP2023-03 [--form 2-3-5] [--by provider|unit|town] --json
    python -m desktop_app stats projects --year 2023 [--project CODE] --json
    python -m desktop_app report year --year 2023 --out 年度报告.pdf|.xlsx [--json]
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="统计：满意度测评结果、项目进度")
    ssub = p.add_subparsers(dest="stats_command", metavar="<子命令>", required=True)
    c = ssub.add_parser("surveys", help="满意度测评统计：各题各选项份数、满意率，可按承办单位/参加单位/街镇分组")
    c.add_argument("--project", required=True, help="项目代码，如 QP2023-03")
    c.add_argument("--form", help="测评表代码，如 2-3-5（默认：项目的全部测评表）")
    c.add_argument("--by", choices=["provider", "unit", "town"],
                   help="分组：provider=承办单位 unit=参加单位 town=街镇")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_surveys)
    c = ssub.add_parser("projects", help="项目进度：名额与分配、按月、按单位、按街镇，补助与结算，实名人数")
    c.add_argument("--year", type=int, required=True)
    c.add_argument("--project", help="只看一个项目")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_projects)

    p = sub.add_parser("report", help="报告")
    rsub = p.add_subparsers(dest="report_command", metavar="<子命令>", required=True)
    c = rsub.add_parser("year", help="年度报告（PDF 或 Excel，含图表）")
    c.add_argument("--year", type=int, required=True)
    c.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_report_year)


def cmd_surveys(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.survey import percent_text
    from desktop_app.services.statistics import GROUP_LABELS, survey_stats

    with app.session() as s:
        stats = survey_stats(s, app.specs, args.project, args.form, args.by)
    if args.json:
        print_json(stats.to_json())
        return 0
    print(f"{stats.project} {stats.project_name}（{'、'.join(stats.forms)}）：测评表 {stats.total.responses} 份，"
          f"总满意率 {percent_text(stats.total.rate)}")
    for label, q in stats.total.questions.items():
        counts = "  ".join(f"{o} {q.counts.get(o, 0)}" for o in q.options)
        print(f"  {label}：{counts}  满意率 {percent_text(q.rate)}")
    if stats.by:
        print(f"按{GROUP_LABELS[stats.by]}：")
        for name, t in stats.groups.items():
            print(f"  {name}：{t.responses} 份，满意率 {percent_text(t.rate)}")
            for item in stats.texts.get(name, [])[:20]:
                print(f"    意见（记录 {item['record']}，{item['unit']}）：{item['text']}")
    return 0


def cmd_projects(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.statistics import year_stats, yuan_text

    with app.session() as s:
        ys = year_stats(s, app.specs, args.year, project_code=args.project)
    if args.json:
        print_json(ys.to_json())
        return 0
    print(f"{ys.office} {ys.year} 年度项目进度")
    for p in ys.projects:
        alloc = f"，分配 {p.allocation}" if p.allocation is not None else ""
        pct = f"{p.percent}%" if p.percent is not None else "—"
        people = f"，实名 {p.people} 人" if p.people is not None else ""
        print(f"  {p.code} {p.short_name}：{p.headcount} / {p.quota} {p.quota_unit}{alloc}（{pct}），"
              f"补助 {yuan_text(p.subsidy_fen)} 元，已结算 {yuan_text(p.settled_fen)} 元{people}")
    for t in ys.towns:
        print(f"  街镇 {t.name}（{t.code}）：数据包 {t.packages} 个，最近 {t.last_received or '—'}，"
              f"待审核 {t.pending} 条，人数 {t.headcount}")
    return 0


def cmd_report_year(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.year_report import write_year_report

    with app.session() as s:
        result = write_year_report(s, app.specs, args.year, args.out)
    if args.json:
        print_json(result)
    else:
        print(f"已生成 {args.year} 年度报告：{result['path']}（{result['pages']} 页）" if result.get("pages")
              else f"已生成 {args.year} 年度报告：{result['path']}")
    return 0
