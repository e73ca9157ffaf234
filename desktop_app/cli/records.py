"""CLI: records (add, show, list, status, void, delete) and form specs (forms list).

    python -m desktop_app record void ID --reason TEXT [--json]   作废 (exit 1 with the reason when refused)
    python -m desktop_app record delete ID [--json]               删除 a draft never printed or sent
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli import print_json
from desktop_app.core.redact import mask_text
from desktop_app.services.errors import ServiceError, ValidationFailed

if TYPE_CHECKING:
    from desktop_app.services.app import App


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="记录（申请表、测评表、登记……）")
    rsub = p.add_subparsers(dest="record_command", metavar="<子命令>", required=True)
    c = rsub.add_parser("add", help="从 JSON 文件新建记录")
    c.add_argument("--form", required=True, help="表单代码，如 2-3-2")
    c.add_argument("--project", required=True, help="项目代码，如 QP2023-03")
    c.add_argument("--data", required=True, metavar="FILE.json", help="以字段名为键的 JSON 对象（名册为行列表）")
    c.add_argument("--draft", action="store_true", help="有错误时仍存为草稿")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_add)
    c = rsub.add_parser("update", help="用 JSON 文件修改记录")
    c.add_argument("id", type=int)
    c.add_argument("--data", required=True, metavar="FILE.json")
    c.add_argument("--draft", action="store_true")
    c.add_argument("--expect-revision", type=int, metavar="N",
                   help="修改所依据的版本号（record show 的 revision）；已被他人改过则拒绝，不作改动")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_update)
    c = rsub.add_parser("show", help="显示一条记录")
    c.add_argument("id", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_show)
    c = rsub.add_parser("list", help="列出记录")
    c.add_argument("--project")
    c.add_argument("--form")
    c.add_argument("--status")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_list)
    c = rsub.add_parser("status", help="改变记录状态（ready=待盖章 submitted=已报送 approved=已通过 returned=已退回 settled=已结算 draft=草稿）")
    c.add_argument("id", type=int)
    c.add_argument("status")
    c.add_argument("--reason", help="退回原因")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_status)
    c = rsub.add_parser("void", help="作废记录（须写原因；区总工会已审核通过或已结算的不能作废）")
    c.add_argument("id", type=int)
    c.add_argument("--reason", required=True, help="作废原因")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_void)
    c = rsub.add_parser("delete", help="删除记录（只限从未打印、从未报送的草稿；其他请作废）")
    c.add_argument("id", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_delete)

    p = sub.add_parser("forms", help="表单定义")
    fsub = p.add_subparsers(dest="forms_command", metavar="<子命令>", required=True)
    c = fsub.add_parser("list", help="列出表单及其字段")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_forms_list)


def _read_json(path: str) -> object:
    from desktop_app.services.input_files import read_json_file

    return read_json_file(path)  # a regular file, UTF-8, bounded, nesting refused in words (issue 20)


def _print_result(payload: dict, as_json: bool) -> None:
    findings = [{**f, "message": mask_text(f["message"])} for f in payload.get("findings") or []]
    payload = {**payload, "findings": findings}  # the record keeps them whole; output is masked
    if as_json:
        print_json(payload)
        return
    from desktop_app.core.status import label

    if payload.get("id") is not None:
        print(f"记录 {payload['id']}：{label(payload['status'])}")
    else:
        print("记录未保存。")
    for k, v in (payload.get("computed") or {}).items():
        print(f"  {k}: {v}")
    for f in payload.get("findings") or []:
        print(f"  [{'错误' if f['severity'] == 'error' else '提示'}] {mask_text(f['message'])}")


def _save(app: App, args: argparse.Namespace, record_id: int | None) -> int:
    from desktop_app.core.findings import Finding
    from desktop_app.services.records import get_record, parse_input, save_record

    data = _read_json(args.data)
    try:
        with app.transaction() as s:
            if record_id is not None:
                rec = get_record(s, record_id)
                project_code, form_code = rec.project.code, rec.form_code
            else:
                project_code, form_code = args.project, args.form
            spec = app.specs.get(form_code)
            if spec is None:
                raise ServiceError(f"没有表单 {form_code}。可用“forms list”查看表单代码。")
            result = save_record(
                s, app.specs, project_code=project_code, form_code=form_code,
                data=parse_input(spec, data), record_id=record_id, draft=args.draft,
                expected_revision=getattr(args, "expect_revision", None),
            )
            payload = result.to_dict()
    except ValidationFailed as exc:
        if not exc.findings:
            raise
        findings = [f.to_dict() if isinstance(f, Finding) else f for f in exc.findings]
        _print_result({"id": None, "status": None, "computed": {}, "findings": findings,
                       "error": str(exc)}, args.json)
        if not args.json:
            print(f"错误：{exc}", file=sys.stderr)
        return 1
    _print_result(payload, args.json)
    return 1 if any(f["severity"] == "error" for f in payload["findings"]) else 0


def cmd_add(app: App, args: argparse.Namespace) -> int:
    return _save(app, args, None)


def cmd_update(app: App, args: argparse.Namespace) -> int:
    return _save(app, args, args.id)


def cmd_show(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.records import get_record, record_dict

    with app.session() as s:
        d = record_dict(get_record(s, args.id), app.specs)
    if args.json:
        print_json(d)
    else:
        print(f"记录 {d['id']}  表单 {d['form']}  项目 {d['project']}  {d['status_label']}  单位 {d['unit_name'] or ''}")
        for k, v in d["values"].items():
            print(f"  {k}: {v}")
        if d["roster"]:
            print(f"  名册 {len(d['roster'])} 人")
        for f in d["findings"]:
            print(f"  [{'错误' if f['severity'] == 'error' else '提示'}] {mask_text(f['message'])}")
    return 0


def cmd_list(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.status import BY_KEY as STATUSES
    from desktop_app.core.status import label
    from desktop_app.services.records import list_record_ids, records_by_ids

    if args.status and args.status not in STATUSES:
        raise ServiceError(f"未知状态 {args.status}，可用：{', '.join(STATUSES)}")
    with app.session() as s:
        ids = list_record_ids(s, project_code=args.project, form_code=args.form, status=args.status)
        recs = records_by_ids(s, ids)
        rows: list[dict[str, Any]] = [{
            "id": r.id, "project": r.project.code, "form": r.form_code, "status": r.status,
            "unit_name": r.unit_name, "headcount": r.headcount, "subsidy": f"{r.subsidy_fen / 100:.2f}",
            "updated_at": r.updated_at.isoformat(timespec="seconds") if r.updated_at else None,
        } for r in (recs[i] for i in ids)]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}\t{r['project']}\t{r['form']}\t{label(r['status'])}\t{r['unit_name'] or ''}"
                  f"\t{r['headcount']} 人\t{r['subsidy']} 元")
        print(f"共 {len(rows)} 条", file=sys.stderr)
    return 0


def cmd_status(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.status import label
    from desktop_app.services.records import set_status

    with app.transaction() as s:
        rec = set_status(s, args.id, args.status, reason=args.reason)
        payload: dict[str, Any] = {"id": rec.id, "status": rec.status, "reason": rec.status_reason}
    if args.json:
        print_json(payload)
    else:
        print(f"记录 {payload['id']} 已改为“{label(payload['status'])}”。")
    return 0


def _refused(exc: ServiceError) -> int:
    print(f"错误：{exc}", file=sys.stderr)
    return 1


def cmd_void(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.status import label
    from desktop_app.services.records import void_record

    try:
        with app.transaction() as s:
            rec = void_record(s, args.id, args.reason)
            payload = {"id": rec.id, "status": rec.status, "status_label": label(rec.status),
                       "reason": rec.status_reason, "revision": rec.revision}
    except ServiceError as exc:
        return _refused(exc)
    if args.json:
        print_json(payload)
    else:
        print(f"记录 {payload['id']} 已作废（原因：{payload['reason']}），将随下一个数据包告知区总工会。")
    return 0


def cmd_delete(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.records import delete_record

    try:
        with app.transaction() as s:
            payload = delete_record(s, args.id)
    except ServiceError as exc:
        return _refused(exc)
    if args.json:
        print_json(payload)
    else:
        print(f"记录 {payload['id']} 已删除。")
    return 0


def cmd_forms_list(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.forms import forms_as_json

    rows = forms_as_json(app.specs)
    if args.json:
        print_json(rows)
    else:
        for f in rows:
            print(f"{f['code']}\t{f.get('title_example', f['title'])}\t{len(f['fields'])} 个字段")
    return 0
