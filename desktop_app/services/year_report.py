"""The year report (年度报告) for the upper union: per project quota / allocation / done /
percentage / subsidy / people, survey satisfaction per project and provider, and at the district
per town — as a ``report_model.Report`` drawn to PDF (vector charts) or .xlsx (native charts).

The tables and charts are built here once, from ``statistics``; the 统计 page shows the same
ones, so the screen, the PDF and the workbook cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from desktop_app.documents.report_model import Chart, Report, Section, Table
from desktop_app.services import catalog
from desktop_app.services.errors import ValidationFailed
from desktop_app.services.statistics import (
    ProjectStats,
    SurveyStats,
    YearStats,
    survey_forms,
    survey_stats,
    year_stats,
)

if TYPE_CHECKING:
    from desktop_app.core.forms import FormSpec

MAX_TEXTS = 30  # 意见和建议 quoted in the PDF per project (all are in the workbook)
TEXTS_PER_GROUP = 8
MAX_TOWN_PROJECTS = 6


def _frac(p: Any) -> float | None:
    return None if p is None else float(p) / 100


# ------------------------------------------------------------------------------------------
# Tables and charts (also used by the 统计 page)


def projects_table(ys: YearStats) -> Table:
    has_alloc = any(p.allocation is not None for p in ys.projects)
    alloc_label = "分配（各街镇合计）" if ys.is_district else "区分配名额"
    cols = ["项目", "名额", *([alloc_label] if has_alloc else []), "完成", "完成率",
            *(["分配完成率"] if has_alloc else []), "补助金额（元）", "已结算（元）", "实名人数", "记录数"]
    kinds = ["text", "int", *(["int"] if has_alloc else []), "int", "percent", *(["percent"] if has_alloc else []),
             "money", "money", "int", "int"]
    t = Table(f"{ys.year} 年度各项目完成情况", cols, kinds)
    for p in ys.projects:
        unit = "" if p.quota_unit == "人" else f"（{p.quota_unit}）"
        t.rows.append([f"{p.short_name}{unit}", p.quota, *([p.allocation] if has_alloc else []), p.headcount,
                       _frac(p.percent), *([_frac(p.allocation_percent)] if has_alloc else []),
                       p.subsidy_fen, p.settled_fen, p.people, p.records])
    sums = {"项目": "合计", "补助金额（元）": sum(p.subsidy_fen for p in ys.projects),
            "已结算（元）": sum(p.settled_fen for p in ys.projects), "记录数": sum(p.records for p in ys.projects)}
    t.total = [sums.get(c, "") for c in cols]
    t.note = ("完成数计入待盖章、已报送、已通过、已结算的记录；草稿、已退回的不计。"
              "实名人数为名册上不重复的人数（同一人参加同一项目多次计一人）。")
    return t


def progress_chart(ys: YearStats) -> Chart:
    rows = [p for p in ys.projects if p.quota]
    return Chart("各项目完成率", "hbar", [p.short_name for p in rows],
                 [("完成率", [float(p.percent or 0) / 100 for p in rows])], "percent")


def months_chart(ys: YearStats, project: ProjectStats | None = None) -> Chart:
    """New headcount per month of the year (one project, or every project counted in 人)."""
    chosen = [project] if project else [p for p in ys.projects if p.quota_unit == "人"]
    months = [f"{ys.year}-{m:02d}" for m in range(1, 13)]
    per = {m: 0 for m in months}
    for p in chosen:
        for row in p.months:
            if row.month in per:
                per[row.month] += row.headcount
    cum, run = [], 0
    for m in months:
        run += per[m]
        cum.append(float(run))
    title = f"{project.short_name}：各月累计完成" if project else "各月累计完成人数（按“人”计的项目）"
    series = [("累计", cum)]
    if project is not None and project.target:
        series.append(("目标", [float(project.target)] * 12))
    return Chart(title, "line", [f"{int(m[5:])}月" for m in months], series, "int")


def units_table(p: ProjectStats, limit: int | None = None) -> Table:
    t = Table(f"{p.short_name}：按单位", ["单位", "记录数", "人数", "补助金额（元）", "已结算（元）", "实名人数"],
              ["text", "int", "int", "money", "money", "int"])
    for u in p.units[:limit] if limit else p.units:
        t.rows.append([u.name, u.records, u.headcount, u.subsidy_fen, u.settled_fen, u.people])
    t.total = ["合计", sum(u.records for u in p.units), sum(u.headcount for u in p.units),
               sum(u.subsidy_fen for u in p.units), sum(u.settled_fen for u in p.units), ""]
    if limit and len(p.units) > limit:
        t.note = f"共 {len(p.units)} 个单位，列出人数最多的 {limit} 个；合计为全部单位。"
    return t


def survey_question_table(st: SurveyStats) -> Table:
    options: list[str] = []
    for q in st.total.questions.values():
        options += [o for o in q.options if o not in options]
    t = Table(f"{st.project_name}满意度测评：各题选项份数（{'、'.join(st.forms)}，共 {st.total.responses} 份）",
              ["题目", *options, "满意率"], ["text", *["int"] * len(options), "percent"])
    for label, q in st.total.questions.items():
        t.rows.append([label, *[q.counts.get(o, 0) for o in options], q.rate])
    t.total = ["总满意率", *[""] * len(options), st.total.rate]
    t.note = "满意率 =（满意 + 比较满意）÷ 作答份数；总满意率按全部题目的作答合计。"
    return t


def survey_group_table(st: SurveyStats, group_label: str) -> Table:
    questions = list(st.total.questions)
    t = Table(f"{st.project_name}满意度测评：按{group_label}", [group_label, "份数", *questions, "总满意率"],
              ["text", "int", *["percent"] * len(questions), "percent"])
    for name, g in st.groups.items():
        t.rows.append([name, g.responses, *[g.questions[q].rate for q in questions], g.rate])
    t.total = ["合计", st.total.responses, *[st.total.questions[q].rate for q in questions], st.total.rate]
    return t


def survey_chart(st: SurveyStats, group_label: str) -> Chart:
    names = list(st.groups)
    return Chart(f"{st.project_name}：各{group_label}总满意率", "hbar", names,
                 [("总满意率", [g.rate or 0.0 for g in st.groups.values()])], "percent")


def towns_state_table(ys: YearStats) -> Table:
    t = Table("各街镇报送情况", ["街镇", "收到数据包", "最近一次接收", "缺少的包号", "待审核记录", "记录数", "人数",
                           "补助金额（元）"],
              ["text", "int", "text", "text", "int", "int", "int", "money"])
    for s in ys.towns:
        t.rows.append([s.name, s.packages, s.last_received or "尚未报送", "、".join(map(str, s.gaps)),
                       s.pending, s.records, s.headcount, s.subsidy_fen])
    t.total = ["合计", sum(s.packages for s in ys.towns), "", "", sum(s.pending for s in ys.towns),
               sum(s.records for s in ys.towns), sum(s.headcount for s in ys.towns),
               sum(s.subsidy_fen for s in ys.towns)]
    return t


def towns_projects(ys: YearStats) -> list[ProjectStats]:
    return [p for p in ys.projects if any(r.headcount for r in p.towns)][:MAX_TOWN_PROJECTS]


def towns_projects_table(ys: YearStats) -> Table:
    chosen = towns_projects(ys)
    t = Table("各街镇分项目完成人数", ["街镇", *[p.short_name for p in chosen], "合计"],
              ["text", *["int"] * len(chosen), "int"])
    for s in ys.towns:
        vals = [s.by_project.get(p.code, 0) for p in chosen]
        t.rows.append([s.name, *vals, sum(vals)])
    t.total = ["合计", *[sum(r.headcount for r in p.towns) for p in chosen],
               sum(r.headcount for p in chosen for r in p.towns)]
    return t


def towns_allocation_table(ys: YearStats) -> Table | None:
    """Each town's allocation against what it has done, per project that has allocations."""
    names = {p.code: p for p in ys.projects}
    t = Table("各街镇分配名额完成情况", ["街镇", "项目", "分配名额", "完成", "完成率"],
              ["text", "text", "int", "int", "percent"])
    for s in ys.towns:
        for code, quota in s.allocations.items():
            done = s.by_project.get(code, 0)
            t.rows.append([s.name, names[code].short_name, quota, done, done / quota if quota else None])
    if not t.rows:
        return None
    t.note = "分配名额由区总工会在“名额分配”中设定（R-QUOTA-1），随审核结果包发到各街镇。"
    return t


def towns_chart(ys: YearStats) -> Chart:
    chosen = towns_projects(ys)
    return Chart("各街镇完成人数（分项目）", "stacked", [s.name for s in ys.towns],
                 [(p.short_name, [float(s.by_project.get(p.code, 0)) for s in ys.towns]) for p in chosen], "int")


# ------------------------------------------------------------------------------------------
# The report


def project_surveys(session: Session, specs: Mapping[str, FormSpec], ys: YearStats,
                    by: str = "provider") -> list[SurveyStats]:
    out = []
    projects = {p.code: p for p in catalog.list_projects(session, ys.year)}
    for p in ys.projects:
        if survey_forms(specs, projects[p.code]):
            st = survey_stats(session, specs, p.code, by=by)
            if st.total.responses:
                out.append(st)
    return out


def build_year_report(session: Session, specs: Mapping[str, FormSpec], year: int,
                      today: dt.date | None = None) -> Report:
    ys = year_stats(session, specs, year)
    today = today or dt.date.today()
    report = Report(f"{ys.office or '本单位'}{year}年度\n服务职工实事项目工作报告",
                    f"统计截至 {today.year} 年 {today.month} 月 {today.day} 日", ys.office)
    s1 = Section("一、项目完成情况", "项目完成情况", [projects_table(ys), progress_chart(ys), months_chart(ys)])
    report.sections.append(s1)
    s2 = Section("二、满意度测评", "满意度测评")
    for st in project_surveys(session, specs, ys):
        s2.blocks += [survey_question_table(st), survey_group_table(st, st.provider_label),
                      survey_chart(st, st.provider_label)]
        if ys.is_district:
            by_town = survey_stats(session, specs, st.project, by="town")
            s2.blocks.append(survey_group_table(by_town, "街镇"))
        texts = [(name, item) for name, items in st.texts.items() for item in items]
        if texts:
            # the PDF quotes a few per group; the workbook lists them all
            quoted = [(name, item) for name, items in st.texts.items() for item in items[:TEXTS_PER_GROUP]]
            lines = [f"{n}. {item['text']}（{name}，{item['unit']}）" for n, (name, item) in
                     enumerate(quoted[:MAX_TEXTS], start=1)]
            rest = len(texts) - len(lines)
            more = f"（摘录 {len(lines)} 条，另有 {rest} 条见 Excel 版或统计页）" if rest > 0 else ""
            s2.blocks.append(f"{st.project_name} 意见和建议：" + more)
            s2.blocks += lines
            all_texts = Table(f"{st.project_name} 意见和建议（全部 {len(texts)} 条）",
                              [st.provider_label, "参加单位", "记录号", "意见和建议"], ["text", "text", "int", "text"],
                              [[name, item["unit"], item["record"], item["text"]] for name, item in texts],
                              in_pdf=False)
            s2.blocks.append(all_texts)
    if not s2.blocks:
        s2.blocks.append("本年度没有录入满意度测评表。")
    report.sections.append(s2)
    if ys.is_district and ys.towns:
        alloc = towns_allocation_table(ys)
        report.sections.append(Section("三、各街镇情况", "各街镇情况",
                                       [towns_state_table(ys), towns_projects_table(ys), towns_chart(ys),
                                        *([alloc] if alloc else [])]))
    numerals = "一二三四五六七八九十"
    detail = Section(f"{numerals[len(report.sections)]}、各项目按单位明细", "按单位明细")
    for p in ys.projects:
        if p.units:
            detail.blocks.append(units_table(p, limit=20))
    if detail.blocks:
        report.sections.append(detail)
    return report


def write_year_report(session: Session, specs: Mapping[str, FormSpec], year: int, out: str | Path) -> dict[str, Any]:
    """Write the report to ``out`` (.pdf or .xlsx, chosen by the extension); nothing changes
    in the store."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise ValidationFailed(f"年度报告只能保存为 .pdf 或 .xlsx 文件（收到：{path.name}）。")
    report = build_year_report(session, specs, year)
    pages = None
    if suffix == ".pdf":
        from desktop_app.documents.report_pdf import render_report

        blob, pages = render_report(report)
    else:
        from desktop_app.documents.report_xlsx import render_report_xlsx

        blob = render_report_xlsx(report)
    written = save_file(path, blob)
    return {"path": str(written), "format": suffix[1:], "pages": pages, "bytes": len(blob),
            "sections": [s.heading for s in report.sections], "tables": len(report.tables()),
            "charts": len(report.charts())}


def year_report_pdf(session: Session, specs: Mapping[str, FormSpec], year: int) -> tuple[bytes, int]:
    """The PDF bytes (the GUI's preview)."""
    from desktop_app.documents.report_pdf import render_report

    return render_report(build_year_report(session, specs, year))


def write_table_xlsx(table: Table, out: str | Path) -> Path:
    """One table of the 统计 page as a workbook (导出 Excel)."""
    from desktop_app.documents.report_xlsx import table_xlsx

    return save_file(out, table_xlsx(table))


def save_file(out: str | Path, blob: bytes) -> Path:
    """Write a finished document (temporary name, then renamed); a full disk or a read-only
    folder is a Chinese message and leaves no partial file."""
    from desktop_app.documents.package_format import PackageError
    from desktop_app.documents.package_io import write_atomic
    from desktop_app.services.exchange_common import refused

    path = Path(out)
    try:
        return write_atomic(path.parent if str(path.parent) else Path("."), path.name, blob)
    except PackageError as exc:
        raise refused(exc) from None
