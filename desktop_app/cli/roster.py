"""CLI: Excel rosters — import (with dry run and error report), templates, exports."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop_app.cli import print_json
from desktop_app.core.redact import mask_text

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("roster", help="Excel 名册：导入、模板、导出")
    rsub = p.add_subparsers(dest="roster_command", metavar="<子命令>", required=True)

    c = rsub.add_parser("import", help="导入 Excel 名册（.xlsx / .xlsm / .xls）")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--form", default="2-3-6", help="名册表单代码（默认 2-3-6；也可为 JS-8、INS 等登记表）")
    c.add_argument("--record", type=int, metavar="ID", help="导入为该记录的名册（不指定则只登记到人员库）")
    c.add_argument("--project", metavar="CODE", help="项目代码（用于参保条件等规则；默认取使用该表单的最新项目）")
    c.add_argument("--sheet", help="工作表名称（默认自动查找）")
    c.add_argument("--header-row", type=int, metavar="N", help="表头所在行号（默认自动查找）")
    c.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    c.add_argument("--valid-only", action="store_true", help="只导入有效行（默认：全部有效才导入）")
    c.add_argument("--report", metavar="OUT.xlsx", help="写出错误标注文件（退回企业修改）")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(func=cmd_import)

    c = rsub.add_parser("template", help="生成空白 Excel 模板")
    c.add_argument("form", metavar="FORM_CODE")
    c.add_argument("--out", required=True, metavar="FILE.xlsx")
    c.add_argument("--year", type=int, help="标题中的年度（默认：使用该表单的最新项目年度）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_template)

    c = rsub.add_parser("export", help="按正式格式导出一条记录的名册")
    c.add_argument("--record", type=int, required=True, metavar="ID")
    c.add_argument("--out", required=True, metavar="FILE.xlsx")
    c.add_argument("--mask", action="store_true", help="隐藏身份证号码的中间部分")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_export)

    c = rsub.add_parser("export-list", help="导出某表单的记录列表（每条记录一行）")
    c.add_argument("--form", required=True, metavar="CODE")
    c.add_argument("--project", metavar="CODE")
    c.add_argument("--status", help="只导出该状态的记录（draft/ready/submitted/approved/returned/settled）")
    c.add_argument("--out", required=True, metavar="FILE.xlsx")
    c.add_argument("--mask", action="store_true", help="隐藏身份证号码和电话的中间部分")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_export_list)


def _severity(s: str) -> str:
    return "错误" if s == "error" else "提示"


def cmd_import(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.roster_import import commit, detect, dry_run, write_error_report

    imported = None
    refused = None
    # Reading, checking and the report need no write lock: a read session (other writers go
    # on meanwhile); only the commit takes the lock (issue 20). commit() redoes the
    # classification when the store moved in between (store_stamp).
    with app.session() as s:
        plan = detect(args.file, args.form, specs=app.specs, session=s, sheet=args.sheet,
                      header_row=args.header_row)
        preview = dry_run(s, plan, specs=app.specs, record_id=args.record, project_code=args.project)
    if args.report:
        write_error_report(preview, args.report)
    rejected = preview.count("rejected")
    if not args.dry_run:
        if rejected and not args.valid_only:
            refused = (f"有 {rejected} 行有错误，按“全部有效才导入”的要求，未导入任何数据。"
                       "请改正后重新导入，或加 --valid-only 只导入有效行。")
        else:
            with app.transaction() as s:
                imported = commit(s, preview, valid_only=args.valid_only, specs=app.specs)
    if args.json:
        doc = preview.to_json()
        for f in doc["findings"]:
            f["message"] = mask_text(f["message"])  # numbers stay in the file, not in logs/pipes
        print_json(doc)
    else:
        c = preview.counts
        mode = "导入结果" if imported is not None else "检查结果（未导入）"
        print(f"{plan.path.name}：工作表“{plan.sheet}”，表头第 {'、'.join(map(str, plan.header_rows))} 行")
        if plan.unmapped_headers:
            print(f"  未使用的列：{'、'.join(plan.unmapped_headers)}")
        print(f"{mode}：共 {c['rows']} 行，新增 {c['added']}，更新 {c['updated']}，"
              f"无变化 {c['unchanged']}，有错误 {c['rejected']}")
        for f in preview.findings:
            where = f"第 {f.row} 行" + (f"「{f.column}」" if f.column else "")
            print(f"  {where} [{_severity(f.severity)}] {mask_text(f.message)}")
        if imported is not None:
            target = f"记录 {imported.record_id} 的名册和人员库" if imported.record_id else "人员库"
            print(f"已导入到{target}。")
        if args.report:
            print(f"错误标注文件：{args.report}")
    if refused:
        sys.stderr.write(refused + "\n")
    return 0 if preview.count("rejected") == 0 else 1


def cmd_template(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.roster_export import default_year, write_template

    year = args.year
    if year is None:
        with app.session() as s:
            year = default_year(s, args.form)
    path = write_template(app.specs, args.form, args.out, year=year)
    if args.json:
        print_json({"file": str(path), "form": args.form, "year": year})
    else:
        print(f"已生成模板：{path}")
    return 0


def _notice(path: str, full: bool) -> None:
    from desktop_app.services.roster_export import FULL_ID_NOTICE

    if full:
        sys.stderr.write(FULL_ID_NOTICE.format(name=path) + "\n")


def cmd_export(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.roster_export import export_roster, roster_has_ids

    with app.session() as s:
        _notice(args.out, not args.mask and roster_has_ids(s, app.specs, args.record))  # said before writing
        result = export_roster(s, app.specs, args.record, args.out, mask=args.mask)
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"已导出 {result.rows} 人：{result.path}")
    return 0


def cmd_export_list(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.roster_export import export_list, list_has_ids

    with app.session() as s:
        _notice(args.out, not args.mask and list_has_ids(app.specs, args.form))
        result = export_list(s, app.specs, args.form, args.out, project_code=args.project,
                             status=args.status, mask=args.mask)
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"已导出 {result.rows} 条记录：{result.path}")
    return 0
