"""CLI: data exchange by file (exchange …) and district mode (district …).

The passphrase comes from --passphrase-file or UNIONLEDGER_PASSPHRASE; it is asked for only
when stdin is a terminal, and never stored. A town types the key on its slip (each town its
own, issued by `district enrol`); the district types its own passphrase, which opens the
towns' keys it keeps sealed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli import print_json

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from sqlalchemy.orm import Session

    from desktop_app.services.app import App
    from desktop_app.services.exchange_keys import IssuedKey
    from desktop_app.services.progress import ProgressFn


def _pass_arg(c: argparse.ArgumentParser) -> None:
    c.add_argument("--passphrase-file", metavar="F", help="口令文件（第一行为口令）；也可用环境变量 UNIONLEDGER_PASSPHRASE")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("exchange", help="与区总工会交换数据（数据包、回执、审核结果包）")
    es = p.add_subparsers(dest="exchange_command", metavar="<子命令>", required=True)
    c = es.add_parser("export", help="街镇：导出报送数据包（上次回执确认以来新增或修改的记录）")
    c.add_argument("--out", required=True, metavar="DIR", help="保存到的文件夹（如 U 盘）")
    c.add_argument("--all", action="store_true", help="全部重新报送（不只是修改过的）")
    _pass_arg(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_export)
    c = es.add_parser("import", help="区总工会：导入街镇数据包（--dry-run 只检查不写入）")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--dry-run", action="store_true", help="试导入：只显示将新增/更新/不变/拒收的内容")
    c.add_argument("--receipt-out", metavar="DIR", help="导入后把回执保存到此文件夹")
    c.add_argument("--receipt-pdf", metavar="FILE.pdf", help="导入后生成可打印的回执 PDF")
    _pass_arg(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_import)
    c = es.add_parser("receipt", help="回执")
    rs = c.add_subparsers(dest="receipt_command", metavar="<子命令>", required=True)
    c = rs.add_parser("import", help="街镇：导入区总工会的回执（记录标为已报送）")
    c.add_argument("file", metavar="FILE")
    _pass_arg(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_receipt_import)
    c = rs.add_parser("make", help="区总工会：为已导入的数据包重新生成回执（回执丢失或当时未生成）")
    c.add_argument("file", metavar="PACKAGE")
    c.add_argument("--out", required=True, metavar="DIR", help="回执保存到的文件夹")
    c.add_argument("--pdf", metavar="FILE.pdf", help="同时生成可打印的回执 PDF")
    _pass_arg(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_receipt_make)
    c = es.add_parser("return", help="审核结果包（区 → 街镇）")
    rs = c.add_subparsers(dest="return_command", metavar="<子命令>", required=True)
    c = rs.add_parser("export", help="区总工会：为一个街镇生成审核结果包")
    c.add_argument("--town", required=True, metavar="CODE", help="街镇代码")
    c.add_argument("--out", required=True, metavar="DIR")
    _pass_arg(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_return_export)
    c = rs.add_parser("import", help="街镇：导入审核结果包（更新记录状态）")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--dry-run", action="store_true")
    _pass_arg(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_return_import)

    p = sub.add_parser("district", help="区总工会：街镇概况、名额进度、审核、汇总表")
    ds = p.add_subparsers(dest="district_command", metavar="<子命令>", required=True)
    c = ds.add_parser("overview", help="各街镇收包情况（数据包数、最近日期、缺号）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_overview)
    c = ds.add_parser("enrol", help="登记街镇并发放其专用交换密钥（每个街镇一个密钥，只显示或写出一次）")
    c.add_argument("--town", required=True, metavar="CODE", help="街镇代码")
    c.add_argument("--name", required=True, metavar="NAME", help="街镇名称，如 徐泾镇总工会")
    _slip_args(c)
    c.set_defaults(func=cmd_enrol)
    c = ds.add_parser("reissue", help="重新发放街镇的交换密钥（密钥单遗失或泄露；旧密钥立即作废）")
    c.add_argument("--town", required=True, metavar="CODE", help="街镇代码")
    _slip_args(c)
    c.set_defaults(func=cmd_reissue)
    c = ds.add_parser("passphrase-change", help="更改本区自己的数据交换口令（各街镇的密钥不变）")
    c.add_argument("--new-passphrase-file", required=True, metavar="F", help="新口令文件（第一行为口令）")
    c.add_argument("--passphrase-file", metavar="F", help="现在的本区口令文件；也可用环境变量 UNIONLEDGER_PASSPHRASE")
    c.set_defaults(func=cmd_passphrase_change)
    c = ds.add_parser("reset-keys", help="忘记本区口令时：设定新口令，并为所有已登记的街镇重新发放密钥（旧密钥全部作废）")
    c.add_argument("--new-passphrase-file", required=True, metavar="F", help="新口令文件（第一行为口令）")
    c.add_argument("--slips-dir", required=True, metavar="DIR", help="各街镇新密钥单（PDF）保存到的文件夹")
    c.add_argument("--yes", action="store_true", help="确认：所有街镇须换用新密钥单")
    c.set_defaults(func=cmd_reset_keys)
    c = ds.add_parser("towns", help="已登记交换密钥的街镇（密钥版本、发放时间、收包情况）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_towns)
    c = ds.add_parser("progress", help="各项目名额完成进度（分街镇）")
    c.add_argument("--year", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_progress)
    c = ds.add_parser("conflicts", help="跨街镇重复人员（同一项目、同一年度，R-ID-5 重复补贴）")
    c.add_argument("--year", type=int)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_conflicts)
    c = ds.add_parser("decide", help="审核一条记录：通过、退回或结算")
    c.add_argument("id", type=int, metavar="ID")
    g = c.add_mutually_exclusive_group()
    g.add_argument("--approve", action="store_true", help="审核通过")
    g.add_argument("--return", dest="return_reason", metavar="REASON", help="退回并写明原因")
    c.add_argument("--settle", metavar="YUAN", help="按实际金额结算（元）")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_decide)
    c = ds.add_parser("summary", help="生成给市总工会的 Excel 汇总表")
    c.add_argument("--year", type=int, required=True)
    c.add_argument("--out", required=True, metavar="FILE.xlsx")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_summary)
    from desktop_app.cli.plan import register_district  # 分配名额 (allocate, allocations)

    register_district(ds)


def _slip_args(c: argparse.ArgumentParser) -> None:
    c.add_argument("--passphrase-out", metavar="FILE",
                   help="把新密钥单写到此文件（.pdf 为可打印的 PDF，其他为文本；不覆盖已有文件）；不指定则只在屏幕上显示一次")
    c.add_argument("--passphrase-file", metavar="F",
                   help="区总工会自己的数据交换口令文件（第一次登记时设定）；也可用环境变量 UNIONLEDGER_PASSPHRASE")
    c.add_argument("--json", action="store_true")


def passphrase(args: argparse.Namespace) -> str:
    from desktop_app.services.errors import ValidationFailed
    from desktop_app.services.exchange_common import resolve_passphrase

    try:
        return resolve_passphrase(file=getattr(args, "passphrase_file", None))
    except ValidationFailed:
        if getattr(args, "passphrase_file", None) or not (sys.stdin and sys.stdin.isatty()):
            raise
    import getpass

    return getpass.getpass("请输入数据交换口令：")


def _progress(args: argparse.Namespace) -> ProgressFn | None:
    if getattr(args, "json", False) or not (sys.stderr and sys.stderr.isatty()):
        return None

    def show(fraction: float | None, message: str) -> bool:
        if fraction is None:  # how far is not known
            sys.stderr.write(f"\r{message}\033[K")
            return True
        sys.stderr.write(f"\r[{fraction:4.0%}] {message}\033[K")
        if fraction >= 1:
            sys.stderr.write("\n")
        return True

    return show


def cmd_export(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange import export_package

    secret = passphrase(args)
    with app.transaction() as s:
        result = export_package(s, args.out, secret, all=args.all, progress=_progress(args))
    print_json(result.to_dict()) if args.json else print(result.message)
    return 0


def cmd_import(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange import import_package, make_receipt, receipt_pdf

    secret = passphrase(args)
    with app.transaction() as s:
        summary = import_package(s, args.file, secret, dry_run=args.dry_run, progress=_progress(args),
                                 specs=app.specs)
    notes = []
    if args.receipt_out and args.dry_run:
        notes.append("试导入不出具回执（去掉 --dry-run 正式导入后才生成回执）。")
    elif args.receipt_out:
        with app.transaction() as s:
            notes.append(make_receipt(s, summary, args.receipt_out, secret).message)
    if args.receipt_pdf:
        with app.transaction() as s:
            notes.append(f"回执 PDF：{receipt_pdf(s, summary, args.receipt_pdf)}")
    if args.json:
        print_json(summary.to_dict())
        for n in notes:
            sys.stderr.write(n + "\n")
        return 0
    print(summary.message)
    for kind, label in (("records", "记录"), ("people", "人员")):
        for r in getattr(summary, kind).rejects:
            print(f"  [拒收{label}] {r['key']}：{r['reason']}")
    for c in summary.conflicts:
        print(f"  [重复] {c['message']}")
    for c in summary.checks:
        print(f"  [复核{'错误' if c['severity'] == 'error' else '警告'}] {c['key']}：{c['message']}")
    for f in summary.findings:
        print(f"  [提示] {f['message']}")
    for n in notes:
        print(n)
    if args.dry_run:
        print("这是试导入，数据未作改动。确认无误后去掉 --dry-run 正式导入。")
    return 0


def cmd_receipt_import(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange import import_receipt

    secret = passphrase(args)
    with app.transaction() as s:
        result = import_receipt(s, args.file, secret, progress=_progress(args))
    if args.json:
        print_json(result.to_dict())
        return 0
    print(result.message)
    for r in result.rejected:
        print(f"  [拒收] 记录 {r['record_id'] or r['uid']}（{r['unit_name'] or ''}）：{r['reason']}")
    for f in result.findings:
        print(f"  [提示] {f}")
    return 0


def cmd_receipt_make(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange import receipt_pdf
    from desktop_app.services.exchange_receipt import receipt_again

    secret = passphrase(args)
    with app.transaction() as s:
        summary, sent = receipt_again(s, args.file, secret, args.out, progress=_progress(args))
    pdf = None
    if args.pdf:
        with app.transaction() as s:
            pdf = receipt_pdf(s, summary, args.pdf)
    if args.json:
        print_json({"receipt": str(sent.path), "file": sent.file_name, "sequence": sent.sequence,
                    "pdf": str(pdf) if pdf else None, "message": sent.message})
    else:
        print(sent.message)
        if pdf:
            print(f"回执 PDF：{pdf}")
    return 0


def cmd_return_export(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange import export_return

    secret = passphrase(args)
    with app.transaction() as s:
        result = export_return(s, args.town, args.out, secret, progress=_progress(args))
    print_json(result.to_dict()) if args.json else print(result.message)
    return 0


def cmd_return_import(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange import import_return

    secret = passphrase(args)
    with app.transaction() as s:
        result = import_return(s, args.file, secret, dry_run=args.dry_run, progress=_progress(args))
    if args.json:
        print_json(result.to_dict())
        return 0
    print(result.message)
    labels = {"applied": "已更新", "unchanged": "未变", "outdated": "未应用", "skipped": "未应用"}
    for i in result.items:
        if i["changed"] or i["outcome"] != "unchanged":
            extra = f"，原因：{i['reason']}" if i.get("reason") else ""
            settled = f"，结算 {i['settled']} 元" if i.get("settled") else ""
            note = f"（{i['note']}）" if i.get("note") else ""
            print(f"  [{labels[i['outcome']]}] 记录 {i['record_id'] or i['uid']} {i['unit_name'] or ''}："
                  f"{i['status_label']}{extra}{settled}{note}")
    for f in result.findings:
        print(f"  [提示] {f}")
    return 0


def _listing(app: App, args: argparse.Namespace, fetch: Callable[[Session], Sequence[Any]],
             line: Callable[[Any], str], *, district: str | None = None, empty: str | None = None,
             head: Callable[[Sequence[Any]], str] | None = None) -> int:
    """The district's listings: the items read in one session (`district`: the act, refused
    anywhere but at the district), `--json` prints them (`to_dict()` of each, or the dicts),
    else a line each — `head` above them, `empty` when there are none."""
    from desktop_app.services.district import require_district_office

    with app.session() as s:
        if district is not None:
            require_district_office(s, district)
        items = fetch(s)
    if args.json:
        print_json([i if isinstance(i, dict) else i.to_dict() for i in items])
        return 0
    if head is not None:
        print(head(items))
    elif not items and empty:
        print(empty)
    for item in items:
        print(line(item))
    return 0


def cmd_overview(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.district import towns_overview

    def line(t: Any) -> str:
        more = f" 等 {t.gap_count:,} 个" if t.gap_count > len(t.gaps) else ""
        gaps = f"，缺第 {'、'.join(map(str, t.gaps[:10]))} 号{more}" if t.gaps else ""
        return (f"{t.name}（{t.code}）：数据包 {t.packages} 个，最新第 {t.last_sequence or '-'} 号，"
                f"最近收到 {t.last_received or '-'}{gaps}；记录 {t.records} 条（待审 {t.pending}），"
                f"人数 {t.headcount}，补贴 {t.subsidy_fen / 100:,.2f} 元")

    return _listing(app, args, towns_overview, line, district="查看街镇概况", empty="还没有收到任何街镇的数据包。")


def _issued(app: App, args: argparse.Namespace, issue: Callable[[Session, str], IssuedKey]) -> int:
    from desktop_app.services.errors import ValidationFailed
    from desktop_app.services.exchange_keys import keyring_exists, write_slip

    with app.session() as s:
        first = not keyring_exists(s)
    secret = passphrase(args)
    if first and not getattr(args, "passphrase_file", None) and sys.stdin and sys.stdin.isatty():
        import getpass  # the district's passphrase is set now: typed twice

        if getpass.getpass("请再输入一次本区的数据交换口令（确认）：") != secret:
            raise ValidationFailed("两次输入的口令不一致，没有登记。")
    with app.transaction() as s:
        issued = issue(s, secret)
        path = write_slip(issued, args.passphrase_out) if args.passphrase_out else None
    if args.json:
        print_json({**issued.to_dict(with_passphrase=path is None), "slip": str(path) if path else None})
        return 0
    print(issued.message)
    if path is not None:
        print(f"密钥单已写入“{path}”（只写这一次）：请打印后交给该街镇，再删除此文件。")
    else:
        print(f"交换口令（只显示这一次，请抄录或打印后交给该街镇）：{issued.passphrase}")
    return 0


def cmd_enrol(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange_keys import enrol_town

    return _issued(app, args, lambda s, secret: enrol_town(s, secret, args.town, args.name))


def cmd_reissue(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange_keys import reissue_key

    return _issued(app, args, lambda s, secret: reissue_key(s, secret, args.town))


def cmd_passphrase_change(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange_common import resolve_passphrase
    from desktop_app.services.exchange_keys import change_district_passphrase

    new = resolve_passphrase(file=args.new_passphrase_file, env={})
    secret = passphrase(args)
    with app.transaction() as s:
        n = change_district_passphrase(s, secret, new)
    print(f"本区数据交换口令已更改（{n} 个街镇密钥已用新口令重新加密保存，各街镇的密钥不变）。")
    return 0


def cmd_reset_keys(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.errors import ValidationFailed
    from desktop_app.services.exchange_common import resolve_passphrase
    from desktop_app.services.exchange_keys import reset_keyring, write_slips

    if not args.yes:
        raise ValidationFailed("重设本区口令会让所有街镇的现有密钥作废，须逐一发放新密钥单。确认请加 --yes。")
    new = resolve_passphrase(file=args.new_passphrase_file, env={})
    with app.transaction() as s:
        issued = reset_keyring(s, new)
        paths = write_slips(issued, args.slips_dir)  # all or none; a failure rolls the reset back
    print(f"已设定新的本区口令，并为 {len(issued)} 个街镇重新发放密钥（旧密钥全部作废）。新密钥单：")
    for p in paths:
        print(f"  {p}")
    return 0


def cmd_towns(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.exchange_keys import list_town_keys

    def line(t: Any) -> str:
        old = f"（此前 {t.revoked} 版已作废）" if t.revoked else ""
        return (f"{t.name}（{t.code}）：密钥第 {t.version} 版{old}，发放于 {t.issued}；已收数据包 {t.packages} 个，"
                f"最近 {t.last_received or '-'}")

    return _listing(app, args, list_town_keys, line, district="查看街镇交换密钥",
                    empty="还没有登记任何街镇（district enrol --town 代码 --name 名称）。")


def cmd_progress(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.district import quota_progress

    def line(r: Any) -> str:
        towns = "，".join(f"{k or '本单位'} {v}" for k, v in r.by_town.items()) or "无"
        return f"{r.code} {r.name}：{r.headcount}/{r.quota} {r.quota_unit}（{r.percent}%）；{towns}"

    return _listing(app, args, lambda s: quota_progress(s, args.year), line)


def cmd_conflicts(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.district import double_subsidies

    return _listing(app, args, lambda s: double_subsidies(s, args.year), lambda c: f"  {c['message']}",
                    district="查看跨镇重复人员",
                    head=lambda rows: f"跨街镇重复人员 {len(rows)} 处。" if rows else "没有发现跨街镇重复人员。")


def cmd_decide(app: App, args: argparse.Namespace) -> int:
    from desktop_app.core.money import to_fen
    from desktop_app.core.status import label
    from desktop_app.services.district import decide
    from desktop_app.services.errors import ValidationFailed

    settle = None
    if args.settle is not None:
        try:
            settle = to_fen(args.settle)
        except (ValueError, TypeError) as exc:
            raise ValidationFailed(f"结算金额：{exc}") from exc
    with app.transaction() as s:
        record = decide(s, args.id, approve=args.approve, return_reason=args.return_reason, settle_fen=settle)
        out: dict[str, Any] = {"id": record.id, "status": record.status, "status_label": label(record.status),
                               "reason": record.status_reason, "settled_fen": record.settled_fen}
    if args.json:
        print_json(out)
    else:
        print(f"记录 {out['id']} 已改为“{out['status_label']}”。")
    return 0


def cmd_summary(app: App, args: argparse.Namespace) -> int:
    from desktop_app.services.district import district_summary_xlsx

    with app.session() as s:
        path = district_summary_xlsx(s, args.year, args.out)
    print_json({"path": str(path)}) if args.json else print(f"已生成汇总表：{path}")
    return 0
