"""The year report: figures read back from the PDF text and the workbook's cells (issue 14)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.documents.report_model import Chart, Report, Section, Table
from desktop_app.documents.report_pdf import render_report
from desktop_app.documents.report_xlsx import render_report_xlsx
from desktop_app.services.errors import ServiceError
from desktop_app.services.year_report import build_year_report, write_year_report
from tests.unit import stats_fixtures as fx


@pytest.fixture()
def district_app(app):
    fx.district(app)
    # surveys in 看上海 (2-1-3), so 职工健康体检's numbers are the 2-3-2 records' alone
    fx.add_surveys(app, project="QP2023-01", form="2-1-3")
    fx.add_health_records(app, origin="ZJJ")
    fx.add_health_records(app, origin="XY", offset=100)
    fx.add_packages(app, "ZJJ", "朱家角镇总工会", [1, 2, 4])
    return app


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _row(ws, first: str) -> list:
    for row in ws.iter_rows(values_only=True):
        if row and row[0] == first:
            return list(row)
    raise AssertionError(f"no row {first!r} in {ws.title}")


def test_year_report_pdf_figures(district_app, tmp_path):
    out = tmp_path / "年度报告.pdf"
    with district_app.session() as s:
        result = write_year_report(s, district_app.specs, 2023, out)
    assert result["format"] == "pdf" and result["pages"] >= 2 and result["charts"] >= 4
    text = "".join(_pdf_text(out).split())
    assert "青浦区总工会2023年度服务职工实事项目工作报告" in text
    # 职工健康体检: 60 + 60 done of 10,000 (1.2%), subsidy 2 × 9,000.00, settled 2 × 1,200.00,
    # 6 people, 10 records
    assert "职工健康体检10,0001201.2%18,000.002,400.00610" in text
    # surveys: 5 counted, 行程 2/1/1/0 → 75.0%, overall 9/14 → 64.3%; by provider and by town
    assert "行程满意度211075.0%" in text and "总满意率64.3%" in text
    assert "A体检中心3100.0%66.7%66.7%75.0%" in text and "B体检中心250.0%50.0%50.0%50.0%" in text
    assert "朱家角镇总工会2100.0%50.0%50.0%66.7%" in text and "夏阳街道总工会350.0%66.7%66.7%62.5%" in text
    assert "1.很好（A体检中心，甲公司）" in text and "排队太久" in text
    assert "意见和建议（全部" not in text  # the full list is in the workbook only
    # towns: ZJJ sent packages 1, 2, 4 → 3 received, number 3 missing, none waiting for review
    assert re.search(r"朱家角镇总工会3\d{4}-\d\d-\d\d\d\d:\d\d30", text)
    assert "夏阳街道总工会0尚未报送" in text
    assert "第1页共" in text


def test_year_report_xlsx_cells_and_native_charts(district_app, tmp_path):
    out = tmp_path / "年度报告.xlsx"
    with district_app.session() as s:
        result = write_year_report(s, district_app.specs, 2023, out)
    assert result["format"] == "xlsx"
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["项目完成情况", "满意度测评", "各街镇情况"]
    ws = wb["项目完成情况"]
    row = _row(ws, "职工健康体检")
    assert row[1:8] == [10000, 120, 0.012, 18000, 2400, 6, 10]
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "职工健康体检")
    assert ws.cell(r, 4).number_format == "0.0%" and ws.cell(r, 5).number_format == "#,##0.00"
    sv = wb["满意度测评"]
    assert _row(sv, "行程满意度")[:6] == ["行程满意度", 2, 1, 1, 0, 0.75]
    assert _row(sv, "B体检中心")[:6] == ["B体检中心", 2, 0.5, 0.5, 0.5, 0.5]
    assert _row(sv, "总满意率")[5] == round(9 / 14, 4)
    texts = [r[:4] for r in sv.iter_rows(values_only=True) if r[3] in ("很好", "排队太久")]
    assert texts == [("A体检中心", "甲公司", texts[0][2], "很好"), ("B体检中心", "甲公司", texts[1][2], "排队太久")]
    towns = wb["各街镇情况"]
    z = _row(towns, "朱家角镇总工会")
    assert (z[1], z[3], z[4]) == (3, "3", 0)
    assert _row(towns, "合计")[1] == 3
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = z.read(charts[0]).decode()
    assert len(charts) == result["charts"] >= 4 and "barChart" in xml


def test_town_report_has_no_town_section(town_app, tmp_path):
    fx.add_health_records(town_app)
    with town_app.session() as s:
        report = build_year_report(s, town_app.specs, 2023)
    assert [x.heading for x in report.sections] == ["一、项目完成情况", "二、满意度测评", "三、各项目按单位明细"]
    assert report.sections[1].blocks == ["本年度没有录入满意度测评表。"]
    units = report.sections[2].blocks[0]
    assert units.rows[0][:3] == ["甲公司", 2, 40] and units.total[:3] == ["合计", 3, 60]


def test_report_refusals(town_app, tmp_path, run_cli):
    with town_app.session() as s, pytest.raises(ServiceError, match=r"只能保存为 \.pdf 或 \.xlsx"):
        write_year_report(s, town_app.specs, 2023, tmp_path / "r.docx")
    code, out, err = run_cli("report", "year", "--year", "2023", "--out", str(tmp_path / "nowhere" / "r.pdf"))
    assert code == 2 and "Traceback" not in err and err.startswith("错误：")
    code, out, err = run_cli("report", "year", "--year", "2023", "--out", str(tmp_path / "r.xlsx"), "--json")
    assert code == 0, err
    assert json.loads(out)["sections"][0] == "一、项目完成情况"


def test_writers_on_a_small_report_with_rare_characters():
    t = Table("表", ["单位", "人数", "补助", "比率"], ["text", "int", "money", "percent"],
              [["王𠅤公司", 1234, 123456, 0.5], ["=SUM(A1)", 1, 0, None]], ["合计", 1235, 123456, ""])
    c = Chart("图", "stacked", ["一", "二"], [("甲", [1.0, 2.0]), ("乙", [3.0, 4.0])])
    rep = Report("标题", "副标题", "作者", [Section("一、节", "节", [t, c, "一段文字"])])
    data, pages = render_report(rep)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert pages == 1 and "王𠅤公司" in text and "1,234" in text and "1,234.56" in text and "50.0%" in text
    wb = load_workbook(io.BytesIO(render_report_xlsx(rep)))
    ws = wb["节"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1)")
    assert cell.data_type == "s"  # user text is never a formula
