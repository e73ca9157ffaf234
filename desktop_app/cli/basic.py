"""CLI: setup, id check, projects, catalogue copy, people search."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("setup", help="设置本单位（初次设置）")
    p.add_argument("--name", required=True, help="本单位名称")
    p.add_argument("--code", required=True, help="本单位代码")
    p.add_argument("--level", required=True, choices=["town", "district"], help="town=街镇 district=区总工会")
    p.add_argument("--parent-name", help="上级单位名称（街镇必填）")
    p.add_argument("--parent-code", help="上级单位代码（街镇必填）")
    p.add_argument("--admin", metavar="NAME", help="同时创建第一个管理员账户（服务器数据库必需）")
    p.add_argument("--password-file", metavar="FILE", help="管理员的密码（文件第一行，至少 8 个字符）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("id", help="身份证号码工具")
    idsub = p.add_subparsers(dest="id_command", metavar="<子命令>", required=True)
    c = idsub.add_parser("check", help="校验身份证号码（R-ID-1…R-ID-4）")
    c.add_argument("numbers", nargs="+", metavar="ID")
    c.add_argument("--json", action="store_true", help="输出 JSON 数组")
    c.set_defaults(func=cmd_id_check, needs_app=False)

    p = sub.add_parser("projects", help="项目目录")
    psub = p.add_subparsers(dest="projects_command", metavar="<子命令>", required=True)
    c = psub.add_parser("list", help="列出项目、名额与进度")
    c.add_argument("--year", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_projects_list)
    c = psub.add_parser("copy-year", help="把一个年度的项目目录复制到另一年度")
    c.add_argument("from_year", type=int)
    c.add_argument("to_year", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_copy_year)
    c = psub.add_parser("show", help="显示一个项目的名额、时间和全部参数（含含义与规则编号）")
    c.add_argument("code", metavar="CODE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_projects_show)
    c = psub.add_parser("set", help="修改项目的名称、名额、时间或规则参数（校验后整体生效，记入审计）")
    c.add_argument("code", metavar="CODE")
    c.add_argument("--name", help="项目名称")
    c.add_argument("--quota", help="名额（整数，≥ 0）")
    c.add_argument("--start", help="开始日期 YYYY-MM-DD")
    c.add_argument("--end", help="结束日期 YYYY-MM-DD")
    c.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="规则参数，可重复；键名见 projects show")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_projects_set)

    p = sub.add_parser("people", help="人员库")
    psub = p.add_subparsers(dest="people_command", metavar="<子命令>", required=True)
    c = psub.add_parser("search", help="按姓名、单位、身份证号或电话查找")
    c.add_argument("query", nargs="?", default="")
    c.add_argument("--limit", type=int, default=50)
    c.add_argument("--reveal", action="store_true", help="显示完整身份证号和电话")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_people_search)
    from desktop_app.cli.history import register_people

    register_people(psub)  # people show / update / correct-id (一人一档, issue 12)


def cmd_setup(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.errors import ServiceError
    from desktop_app.services.office import LEVELS, setup_office
    from desktop_app.services.operators import CurrentOperator, add_operator, current, read_password_file

    password = None
    if args.admin:
        if not args.password_file:
            raise ServiceError("创建管理员须同时给出 --password-file 密码文件。")
        password = read_password_file(args.password_file)
    with app.transaction() as s:
        if args.admin:  # first: the office settings are the administrator's to make
            op = add_operator(s, args.admin, "admin", password or "", first_admin=True)
            if current(s) is None:  # the new administrator makes the office settings
                s.info["operator"] = CurrentOperator(op.id, op.name, op.role)
        info = setup_office(
            s, name=args.name, code=args.code, level=args.level,
            parent_name=args.parent_name, parent_code=args.parent_code,
        )
    if args.json:
        print_json({**info.to_dict(), **({"admin": args.admin.strip()} if args.admin else {})})
    else:
        parent = f"，上级：{info.parent_name}（{info.parent_code}）" if info.parent_code else ""
        print(f"已设置本单位：{info.name}（{info.code}），{LEVELS[info.level]}{parent}。")
        if args.admin:
            print(f"已创建管理员账户“{args.admin.strip()}”；此后使用须登录（--user {args.admin.strip()} --password-file …）。")
    return 0


def cmd_id_check(_app: App | None, args: argparse.Namespace) -> int:
    from desktop_app.core.ids import check_id_cell

    results = [check_id_cell(raw) for raw in args.numbers]
    if args.json:
        print_json([r.to_dict() for r in results])
    else:
        for r in results:
            if r.valid:
                print(f"{r.input}：有效  {r.normalized}  {r.gender}  出生 {r.birth_date}")
            else:
                print(f"{r.input}：无效")
            for f in r.findings:
                print(f"  [{'错误' if f.severity == 'error' else '提示'}] {f.message}")
    return 0 if all(r.valid for r in results) else 1


def project_rows(session: Session, year: int | None) -> list[dict[str, Any]]:
    from desktop_app.services.allocations import allocations_by_project
    from desktop_app.services.catalog import list_projects, progress

    prog = progress(session)
    shares = allocations_by_project(session)  # a town's own share; the district's sum over towns
    rows = []
    for p in list_projects(session, year):
        pr = prog.get(p.id)
        rows.append({
            "code": p.code,
            "year": p.year,
            "name": p.name,
            "short_name": p.params.get("short_name", p.name),
            "category": p.category,
            "quota": p.quota,
            "allocation": shares.get(p.code),
            "quota_unit": p.quota_unit,
            "progress": pr.headcount if pr else 0,
            "records": pr.records if pr else 0,
            "subsidy_committed": f"{(pr.subsidy_fen if pr else 0) / 100:.2f}",
            "period": [p.period_start.isoformat() if p.period_start else None,
                       p.period_end.isoformat() if p.period_end else None],
            "forms": list(p.forms),
        })
    return rows


def cmd_projects_list(app: App, args: argparse.Namespace) -> int:
    with app.session() as s:
        rows = project_rows(s, args.year)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        share = f"（分配 {r['allocation']:,}）" if r["allocation"] is not None else ""
        print(f"{r['code']}  {r['short_name']}  {r['progress']:,} / {r['quota']:,} {r['quota_unit']}{share}  "
              f"补贴 {float(r['subsidy_committed']):,.2f} 元  表单 {', '.join(r['forms'])}")
    return 0


def cmd_projects_show(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.catalog import project_detail

    with app.session() as s:
        detail = project_detail(s, args.code)
    if args.json:
        print_json(detail)
        return 0
    print(f"{detail['code']}  {detail['name']}")
    print(f"  名额 {detail['quota']:,} {detail['quota_unit']}  时间 {detail['period'][0]} 至 {detail['period'][1]}")
    for p in detail["params"]:
        value = "、".join(p["value"]) if isinstance(p["value"], list) else p["value"]
        print(f"  {p['key']} = {value}\t{p['label']}（{p['rule']}）")
    return 0


def cmd_projects_set(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.catalog import edit_project, project_detail
    from desktop_app.services.errors import ValidationFailed

    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationFailed(f"参数须写成 KEY=VALUE，收到“{item}”，未作任何修改。")
        params[key.strip()] = value
    with app.transaction() as s:
        before = project_detail(s, args.code)
        edit_project(s, args.code, name=args.name, quota=args.quota, start=args.start, end=args.end,
                     params=params)
        detail = project_detail(s, args.code)
    if args.json:
        print_json(detail)
    elif detail == before:
        print(f"项目 {detail['code']} 没有变化。")
    else:
        print(f"已修改项目 {detail['code']}：名额 {detail['quota']:,} {detail['quota_unit']}，"
              f"时间 {detail['period'][0]} 至 {detail['period'][1]}。")
    return 0


def cmd_copy_year(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.catalog import copy_year, review_list

    with app.transaction() as s:
        created = copy_year(s, args.from_year, args.to_year)
        codes = [p.code for p in created]
        review = review_list(s, args.to_year) if codes else []
    if args.json:
        print_json({"created": codes, "review": review})
    else:
        print(f"已复制 {len(codes)} 个项目到 {args.to_year} 年度：{', '.join(codes) or '（均已存在）'}")
        if review:
            print("请逐项核对新年度的数字（projects show 代码 查看，projects set 修改）：")
            for line in review:
                print(f"  {line}")
    return 0


def cmd_people_search(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.ids import mask_id
    from desktop_app.core.phones import mask_phone
    from desktop_app.services.people import people_by_ids, person_dict, search_people_ids

    with app.session() as s:
        ids = search_people_ids(s, args.query, limit=args.limit)
        found = people_by_ids(s, ids)
        rows = [person_dict(found[i]) for i in ids]
    if not args.reveal:
        for r in rows:
            r["id_number"] = mask_id(r["id_number"])
            r["phone"] = mask_phone(r["phone"]) if r["phone"] else r["phone"]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['name']}\t{r['gender'] or ''}\t{r['id_number']}\t{r['work_unit'] or ''}\t{r['phone'] or ''}")
        print(f"共 {len(rows)} 人", file=sys.stderr)
    return 0
