"""District: import towns' data packages — choose files (several), list what they claim to be
(describe_package), one passphrase, DRY RUN → preview → 确认导入 (one transaction per
package, in sequence order) → offer 生成回执 (receipt package + printable PDF per package)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.gui import messages
from desktop_app.gui.exchange import common, passphrase, preview, results
from desktop_app.gui.tasks import run_task
from desktop_app.services import exchange as ex
from desktop_app.services.errors import ServiceError


RETRY = "\0retry"  # marks a wrong district passphrase in the dry run's problems
MAX_TRIES = 3


def _ordered(infos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(infos, key=lambda i: (i["sender"], i["sequence"], i["file"]))


class DistrictImport:
    """One run of the import flow; `on_changed()` after anything was written."""

    def __init__(self, parent: QWidget, app: Any, on_changed: Callable[[], None],
                 report: Callable[[str], None]) -> None:
        self.parent = parent
        self.app = app
        self.on_changed = on_changed
        self.report = report
        self.secret: str | None = None  # only for this run (receipts use the same passphrase)
        self.committed: list[Any] = []
        self.paths: dict[str, Path] = {}  # file name (PackageImportSummary.package) → path
        self.infos: list[dict[str, Any]] = []
        self.refused: list[tuple[str, str]] = []
        self.tries = 0  # wrong passphrases in this run

    def start(self, files: list[Path] | None = None) -> None:
        files = files if files is not None else common.choose_packages(
            self.parent, self.app, "选择街镇的报送包（可多选）", many=True, kinds=("data",))
        if not files:
            return
        infos, refused = [], []
        for f in files:
            try:
                info = ex.describe_package(f)
            except ServiceError as exc:
                refused.append((f.name, str(exc)))
                continue
            if info["kind"] != "data":
                refused.append((f.name, f"这是{info['kind_label']}，不是街镇的数据包。"))
                continue
            infos.append({**info, "path": f})
        if not infos:
            messages.show_error(self.parent, "\n".join(f"{n}：{m}" for n, m in refused), "无法导入")
            return
        self.infos, self.refused = infos, refused
        self.ask_and_try()

    def ask_and_try(self, problem: str = "") -> None:
        """Ask the district's passphrase and run the dry run; a wrong passphrase comes back
        here with the problem shown, the files still chosen (no picking them again)."""
        infos, refused = self.infos, self.refused
        listing = "\n".join(f"• {i['sender_name']}（{i['sender']}）第 {i['sequence']} 号，{i['created'][:10]}"
                            for i in _ordered(infos))
        again = f"{problem}\n请重新输入（文件不必重新选择）。\n\n" if problem else ""
        self.secret = passphrase.ask_passphrase(
            self.parent, "导入街镇报送包",
            f"{again}将先试导入（不改动数据）以下 {len(infos)} 个报送包：\n{listing}\n\n"
            "请输入本区的数据交换口令（区总工会自己的口令：登记街镇、发放各街镇交换密钥时设定，"
            "用来打开各街镇的密钥；不是发给街镇的密钥单口令）：", role="district")
        if self.secret is None:
            return
        ordered = _ordered(infos)
        self.paths = {i["file"]: Path(i["path"]) for i in ordered}
        secret = self.secret

        def dry_run(progress: Any) -> tuple[list[Any], list[tuple[str, str]]]:
            """One package: the service's dry run. Several: applied one after another in one
            session that is rolled back at the end, so the preview shows what the batch does
            together (a later package updating an earlier one, the same person in two towns'
            packages — R-ID-5) and still nothing is changed."""
            summaries, bad = [], list(refused)
            with self.app.session() as s:
                try:
                    keyring = ex.unlock_keyring(s, secret)  # the district's own passphrase opens the towns' keys
                except ServiceError as exc:
                    if getattr(exc, "code", "") == "passphrase":
                        return [], [(RETRY, str(exc))]  # asked again, same files
                    return [], [*bad, ("本区口令", str(exc))]
                if len(ordered) > 1:  # scrypt in the background, each package under its town's key
                    ex.prefetch_town_keys([i["path"] for i in ordered], keyring)
                for n, info in enumerate(ordered):
                    def sub(fraction: float, message: str, n: int = n, name: str = info["file"]) -> bool:
                        return progress((n + fraction) / len(ordered), f"{name}：{message}")
                    try:
                        if len(ordered) == 1:
                            summaries.append(ex.import_package(s, info["path"], secret, dry_run=True, progress=sub,
                                                               keyring=keyring, specs=self.app.specs))
                            continue
                        with s.begin_nested():
                            summary = ex.import_package(s, info["path"], secret, dry_run=False, progress=sub,
                                                        keyring=keyring, specs=self.app.specs)
                        summary.dry_run = True
                        summaries.append(summary)
                    except ex.Cancelled:
                        raise
                    except ServiceError as exc:
                        bad.append((info["file"], str(exc)))
                s.rollback()
            return summaries, bad

        run_task(self.parent, "正在试导入…", dry_run, self._previewed, common.exchange_error(self.parent, "试导入未完成"))

    def _previewed(self, result: tuple[list[Any], list[tuple[str, str]]]) -> None:
        summaries, bad = result
        if not summaries and bad and bad[0][0] == RETRY:
            self.secret = None
            self.tries += 1
            if self.tries < MAX_TRIES:
                self.ask_and_try(bad[0][1])
                return
            bad = [("本区口令", bad[0][1])]  # three wrong in a row: said plainly, the run ends
        if not summaries:
            self.secret = None
            messages.show_error(self.parent, "\n".join(f"{n}：{m}" for n, m in bad), "无法导入")
            self.report("导入未完成：" + "；".join(m for _, m in bad))
            return
        dialog = preview.ImportPreviewDialog(self.parent, summaries, bad)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            self.secret = None
            self.report("已取消导入，数据未作改动。")
            return
        self.commit([self.paths[s.package] for s in summaries])

    def commit(self, paths: list[Path]) -> None:
        secret = self.secret or ""

        def work(progress: Any) -> tuple[list[Any], list[tuple[str, str]]]:
            # one package = one transaction; the next one is opened while this one commits
            return ex.import_packages(self.app, paths, secret, progress=progress)

        run_task(self.parent, "正在导入…", work, self._committed, self._commit_failed)

    def _commit_failed(self, exc: BaseException) -> None:
        self.secret = None
        self.on_changed()
        common.exchange_error(self.parent, "导入未完成")(exc)

    def _committed(self, result: tuple[list[Any], list[tuple[str, str]]]) -> None:
        done, bad = result
        self.committed = done
        from desktop_app.gui.changes import notify

        notify("all")  # every open list and the home page (issue 12)
        self.on_changed()
        lines = [s.message for s in done]
        lines += [f["message"] for s in done for f in s.findings if f["type"] == "rechecked"]  # masked
        lines += [f"{n}：{m}" for n, m in bad]
        self.report("\n".join(lines))
        if bad and not done:
            self.secret = None
            messages.show_error(self.parent, "\n".join(lines), "导入未完成")
            return
        ask = "\n".join(lines) + f"\n\n是否现在为这 {len(done)} 个数据包生成回执（回执文件和可打印的 PDF）？"
        if messages.confirm(self.parent, ask, "导入完成"):
            self.write_receipts()
        else:
            self.secret = None

    def write_receipts(self) -> None:
        folder = common.choose_folder(self.parent, self.app, "选择保存回执的文件夹（U 盘）")
        secret, summaries = self.secret or "", list(self.committed)
        self.secret = None
        if folder is None:
            self.report("未生成回执。需要时请重新导入同一数据包（不会重复写入）再生成回执。")
            return

        def work(progress: Any) -> list[tuple[Any, Path]]:
            out = []
            for n, summary in enumerate(summaries):
                progress(n / len(summaries), f"正在生成 {summary.sender_name} 的回执…")
                with self.app.transaction() as s:
                    sent = ex.make_receipt(s, summary, folder, secret)
                    pdf = ex.receipt_pdf(s, summary, folder / (Path(sent.file_name).stem + ".pdf"))
                out.append((sent, pdf))
            return out

        run_task(self.parent, "正在生成回执…", work, self._receipts_done,
                 common.exchange_error(self.parent, "生成回执未完成"))

    def _receipts_done(self, written: list[tuple[Any, Path]]) -> None:
        self.on_changed()
        text = "\n".join(f"{sent.message}\n可打印的回执：{pdf.name}" for sent, pdf in written)
        self.report(text)
        rows = [[sent.file_name, sent.count, pdf.name] for sent, pdf in written]
        results.ResultDialog(self.parent, "回执已生成", text, ["回执文件", "记录数", "PDF"], rows,
                             numeric=(1,)).exec()
