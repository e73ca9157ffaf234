"""CLI: history of a record or a person (issue 12), and the person file (一人一档).

    python -m desktop_app history record ID [--json]
    python -m desktop_app history person IDNUMBER [--json]
    python -m desktop_app people show IDNUMBER [--json] [--reveal]
    python -m desktop_app people update IDNUMBER --set phone=139… [--set work_unit=…] [--json]
    python -m desktop_app people correct-id IDNUMBER NEWNUMBER --reason TEXT [--json]

``--json`` prints an array, oldest first, of {"at", "operator", "action", "field", "old", "new"}.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help="记录或人员的修改历史（操作人、时间、改了什么）")
    hsub = p.add_subparsers(dest="history_command", metavar="<子命令>", required=True)
    c = hsub.add_parser("record", help="一条记录的历史")
    c.add_argument("id", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_record)
    c = hsub.add_parser("person", help="一个人（按身份证号码）的历史")
    c.add_argument("id_number", metavar="IDNUMBER")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_person)


def register_people(psub: argparse._SubParsersAction) -> None:
    """Sub-commands of `people` (registered by cli.basic)."""
    c = psub.add_parser("show", help="一个人的档案：身份信息、各项目的记录与名册、补助、历史")
    c.add_argument("id_number", metavar="IDNUMBER")
    c.add_argument("--reveal", action="store_true", help="显示完整的身份证号码和电话")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_person_show)
    c = psub.add_parser("update", help="修改姓名、电话、工作单位、行业、会员、会员服务卡号（记入历史）")
    c.add_argument("id_number", metavar="IDNUMBER")
    c.add_argument("--set", action="append", default=[], metavar="字段=值",
                   help="name / phone / work_unit / industry / is_member（是/否）/ member_card_no，可重复")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_person_update)
    c = psub.add_parser("correct-id", help="更正身份证号码（单独记入历史，重新核对 R-ID-5）")
    c.add_argument("id_number", metavar="IDNUMBER")
    c.add_argument("new_number", metavar="NEWNUMBER")
    c.add_argument("--reason", required=True, help="更正原因")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_person_correct)


def _print_rows(rows: list[dict[str, Any]]) -> None:
    from desktop_app.services.history import ACTION_LABELS, FIELD_LABELS, display_value

    if not rows:
        print("（没有历史记录）")
    for r in rows:
        what = ACTION_LABELS.get(r["action"], r["action"])
        field = FIELD_LABELS.get(r["field"], r["field"]) if r["field"] else ""
        change = f"{field}：{display_value(r['field'], r['old'])} → {display_value(r['field'], r['new'])}" if field else ""
        print(f"{(r['at'] or '')[:19].replace('T', ' ')}\t{r['operator']}\t{what}\t{change}")


def cmd_record(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.history import record_history

    with app.session() as s:
        rows = record_history(s, args.id)
    print_json(rows) if args.json else _print_rows(rows)
    return 0


def cmd_person(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.history import person_history

    with app.session() as s:
        rows = person_history(s, args.id_number)
    print_json(rows) if args.json else _print_rows(rows)
    return 0


def cmd_person_show(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.history import find_person
    from desktop_app.services.person_file import person_file

    with app.session() as s:
        info = person_file(s, find_person(s, args.id_number).id, reveal=args.reveal)
    if args.json:
        print_json(info)
        return 0
    print(f"{info['name']}　{info['gender'] or ''}　{info['id_number']}　出生 {info['birth_date'] or ''}")
    print(f"  工作单位：{info['work_unit'] or ''}　电话：{info['phone'] or ''}　补助合计：{info['subsidy']} 元")
    for r in info["records"]:
        print(f"  {r['year']}　{r['project_name']}　记录 {r['record_id']}（{r['form']}）　{r['status_label']}"
              f"　{r['unit_name'] or ''}")
    return 0


def cmd_person_update(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.errors import ValidationFailed
    from desktop_app.services.history import find_person
    from desktop_app.services.person_file import person_file, update_person

    changes = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValidationFailed(f"“{item}”应写成 字段=值。")
        changes[key.strip()] = value
    if not changes:
        raise ValidationFailed("请用 --set 字段=值 给出要修改的内容。")
    with app.transaction() as s:
        person = update_person(s, find_person(s, args.id_number).id, changes)
        info = person_file(s, person.id)
    if args.json:
        print_json(info)
    else:
        print(f"已修改 {info['name']}（{info['id_number']}）的资料，第 {info['revision']} 版。")
    return 0


def cmd_person_correct(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.history import find_person
    from desktop_app.services.person_file import correct_id_number, person_file

    with app.transaction() as s:
        person = correct_id_number(s, find_person(s, args.id_number).id, args.new_number, args.reason)
        info = person_file(s, person.id)
    if args.json:
        print_json(info)
    else:
        print(f"已更正 {info['name']} 的身份证号码为 {info['id_number']}（原因：{args.reason}）。")
    return 0
