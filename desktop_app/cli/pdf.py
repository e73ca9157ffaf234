"""CLI: `pdf` (print records or blank forms to a PDF file) and `verify` (check a code).

    python -m desktop_app pdf 12 13 --out 申请表.pdf [--copies 2] [--json]
    python -m desktop_app pdf --blank 2-3-6 --rows 30 [--year 2023] --out 空白名册.pdf
    python -m desktop_app verify 7KQ2-9XHM [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from desktop_app.cli import print_json
from desktop_app.services.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pdf", help="打印记录或空白表格为 PDF（带校验码）")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="记录编号（可多个，合并为一个 PDF）")
    p.add_argument("--blank", metavar="FORM", help="打印空白表格，如 2-3-2；名册用 --rows 指定空行数")
    p.add_argument("--rows", type=int, help="空白名册的行数（默认 20）")
    p.add_argument("--year", type=int, help="空白表格标题中的年份（默认：使用该表的最新项目年度）")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    p.add_argument("--copies", type=int, help="每张表的份数（默认按表格要求，如 2-3-2 一式二份）")
    p.add_argument("--actor", help="操作人（记入打印记录）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pdf)

    v = sub.add_parser("verify", help="核对纸质表上的校验码（或扫描到的二维码内容）")
    v.add_argument("code", help="校验码，如 7KQ2-9XHM")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_verify)


def _default_year(app: App, code: str) -> int:
    from sqlalchemy import select

    from desktop_app.store.models import Project

    with app.session() as s:
        years = [p.year for p in s.scalars(select(Project)) if code in (p.forms or [])]
    return max(years) if years else dt.date.today().year


def cmd_pdf(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services import printing

    if args.blank:
        if args.ids:
            raise ValidationFailed("--blank 与记录编号不能同时使用。")
        spec = app.specs.get(args.blank)
        if spec is None:
            raise NotFound(f"没有表单 {args.blank}。可用“forms list”查看表单代码。")
        year = args.year or _default_year(app, spec.code)
        result = printing.blank_form(spec, args.out, year, rows=args.rows, copies=args.copies or 1)
    else:
        if not args.ids:
            raise ValidationFailed("请给出要打印的记录编号，或用 --blank 表单代码 打印空白表格。")
        with app.transaction() as session:
            result = printing.print_records(session, app.specs, args.ids, args.out,
                                            copies=args.copies, actor=args.actor)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"已生成 {result.path}（共 {result.pages} 页）。")
    for r in result.records:
        if r.code is None:
            print(f"  记录 {r.record_id}（{r.form}，第 {r.revision} 版）：草稿副本，带“{r.to_dict()['status_label']}”"
                  "水印、无校验码（盖章用的正式表请先“record status ID ready”标记待盖章）")
            continue
        fresh = "新校验码" if r.new_code else "内容未变，沿用校验码"
        print(f"  记录 {r.record_id}（{r.form}，第 {r.revision} 版）：{fresh} {r.code}")
    for w in result.warnings:
        print(f"  提示：{w}")
    return 0


def cmd_verify(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.printing import verify_code

    with app.session() as session:
        info = verify_code(session, args.code, app.specs)
    if args.json:
        print_json(info)
    else:
        print(info["message"])
        print(f"  表单 {info['form']}，项目 {info['project']}，状态：{info['status_label']}")
    return 0
