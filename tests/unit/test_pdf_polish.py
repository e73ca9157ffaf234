"""Print polish (issue 19), checked on the PDFs read back: footers on one line, label-value and
date groups whole, titles broken only where the spec allows, equal stamp cells of at least
50 mm, no lone note line, 2-3-6 and 2-8 as on paper."""

from __future__ import annotations

import json

import pytest

from desktop_app.core.forms import SpecError, load_spec, load_specs
from desktop_app.documents.pdf_forms import form_pdf_bytes
from tests.unit.pdf_samples import PAPER_FORMS, sample_values, squash, text_chunks, text_lines

SPECS = load_specs()
MM = 72 / 25.4
FOOTER_FORMS = ("2-1-1", "2-1-2", "2-1-3", "2-3-5")


def min_size(page) -> float:  # type: ignore[no-untyped-def]
    """The smallest text size on a page (the invisible □ / ☑ over drawn boxes aside)."""
    return min(size for _y, _x, size, text in page if text.strip() not in ("□", "☑"))


def lines_of(spec, values):  # type: ignore[no-untyped-def]
    data, _ = form_pdf_bytes(spec, values, 2023)
    return text_lines(data)[0]


@pytest.mark.parametrize("code", FOOTER_FORMS)
def test_footer_on_one_line_blank_and_hand_dated(code: str) -> None:
    spec = SPECS[code]
    values = sample_values(spec)
    values["fill_date"] = None  # the date is written by hand
    for vals in ({}, values):
        lines = lines_of(spec, vals)
        first = "填表人：" if code.startswith("2-1-") and code != "2-1-3" else "联系人："
        footer = [ln for ln in lines if first in ln and "联系电话：" in ln]
        assert len(footer) == 1, lines
        line = squash(footer[0])
        assert "填表日期：" in line and line.endswith("年月日"), line
        assert not any(squash(ln) in ("日", "月日", "年月日") for ln in lines)


def test_footer_with_a_date_on_one_line() -> None:
    spec = SPECS["2-1-1"]
    values = sample_values(spec)
    values["fill_date"] = "2023-06-25"
    footer = [ln for ln in lines_of(spec, values) if "填表人：" in ln]
    assert len(footer) == 1 and squash(footer[0]).endswith("填表日期：2023年6月25日")


def test_2_3_4_counts_in_one_cell_line() -> None:
    spec = SPECS["2-3-4"]
    values = sample_values(spec)
    values.update(total_count=40, male_count=36, female_count=4)
    lines = [squash(ln) for ln in lines_of(spec, values)]
    assert any("总人数：40男：36女：4" in ln for ln in lines), lines
    assert not any(ln.startswith("：") for ln in lines)
    blank = [squash(ln) for ln in lines_of(spec, {})]
    assert any("总人数：男：女：" in ln for ln in blank), blank  # each label with its blank


def _title_lines(spec) -> tuple[list[str], float]:  # type: ignore[no-untyped-def]
    if spec.kind == "roster":
        import io

        from desktop_app.documents.pdf_forms import new_canvas
        from desktop_app.documents.pdf_roster import render_roster

        buf = io.BytesIO()
        c = new_canvas(buf)
        render_roster(c, spec, [], 2023, blank_rows=3)
        c.save()
        data = buf.getvalue()
    else:
        data, _ = form_pdf_bytes(spec, {}, 2023)
    chunks = text_chunks(data)[0]
    big = [c for c in chunks if c[2] >= 18]
    return [squash(t) for _y, _x, _s, t in sorted(big, key=lambda c: -c[0])], big[0][2]


@pytest.mark.parametrize("code", PAPER_FORMS)
def test_titles_break_only_at_allowed_points(code: str) -> None:
    spec = SPECS[code]
    lines, size = _title_lines(spec)
    title = squash(spec.title_for(2023))
    assert "".join(lines) == title
    allowed = set()
    for brk in spec.title_breaks:
        allowed.add(title.index(squash(brk)) + len(squash(brk)))
    pos = 0
    for line in lines[:-1]:
        pos += len(line)
        assert pos in allowed, (code, lines)
    assert 18 <= size <= 22


def test_2_1_3_title_breaks_after_the_paper_point() -> None:
    lines, _ = _title_lines(SPECS["2-1-3"])
    assert lines == ["2023年“看上海”和长三角及协作区域疗休养活动", "满意度测评表"]
    one, _ = _title_lines(SPECS["2-3-4"])  # no break declared: one line, as on paper
    assert one == ["2023年青浦工会新就业形态劳动者健康体检申请表"]


def test_title_breaks_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.app_paths import resource_path

    raw = json.loads(resource_path("forms", "2-1-3.json").read_text(encoding="utf-8"))
    for breaks, message in ((["不在标题里"], "does not occur"), (["测评表"], "ends the title"),
                            ([""], "non-empty"), (["满意度", "疗休养活动"], "after the previous break")):
        raw["title_breaks"] = breaks
        path = tmp_path / "2-1-3.json"
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(SpecError) as err:
            load_spec(path)
        assert "title_breaks" in str(err.value) and message in str(err.value)


def test_stamp_cells_equal_and_wide() -> None:
    from desktop_app.documents import pdf_grid
    from desktop_app.documents.fonts import get_fonts

    checked = 0
    for code, spec in SPECS.items():
        grid = spec.layout_grid()
        if grid is None:
            continue
        g = pdf_grid.build(spec, grid, {}, get_fonts(), 482)
        rows: dict[int, list[float]] = {}
        for p in grid.placements():
            if p.cell.kind == "stamp":
                rows.setdefault(p.row, []).append(g.cols[p.col + p.cell.colspan] - g.cols[p.col])
        for widths in rows.values():
            assert min(widths) >= 50 * MM - 0.01, (code, widths)
            if len(widths) > 1:
                assert max(widths) - min(widths) < 0.01, (code, widths)
                checked += 1
    assert checked >= 7  # 2-1-1 ×2, 2-1-2, 2-3-2 ×2, 2-3-3 ×2, 2-3-4


def test_no_lone_note_line() -> None:
    lines = lines_of(SPECS["JS-8"], {})
    notes = lines[next(i for i, ln in enumerate(lines) if ln.startswith("注：")):]
    assert all(len(squash(ln)) >= 5 for ln in notes), notes
    assert not any(squash(ln) == "检。" for ln in lines)


def test_2_8_prints_only_its_title() -> None:
    lines = lines_of(SPECS["2-8"], {})
    assert squash(lines[0]) == "劳模工匠服务队需求申请表"
    assert not any("附件" in ln for ln in lines)


def test_2_3_6_no_extra_block() -> None:
    import io

    from desktop_app.documents.pdf_forms import new_canvas
    from desktop_app.documents.pdf_roster import render_roster

    buf = io.BytesIO()
    c = new_canvas(buf)
    render_roster(c, SPECS["2-3-6"], [], 2023, blank_rows=10)
    c.save()
    import pypdf

    text = squash(pypdf.PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text())
    assert text.endswith(squash(SPECS["2-3-6"].notes[0]))  # the note comes last (no 第 1 页 共 1 页)
    assert "填表人" not in text and "盖章" not in text


REASON = ("本企业为环卫作业企业，职工长期露天作业，工作强度大，收入水平偏低，近三年未组织过系统体检。"
          "今年受经营困难影响，企业无力承担全部体检费用，特申请区总工会“送健康”活动支持。")


def test_long_text_grows_the_row_at_full_size() -> None:
    spec = SPECS["2-3-3"]
    values = sample_values(spec)
    values["reason"] = REASON * 2  # more than the paper's box of 4 lines, less than a page
    data, result = form_pdf_bytes(spec, values, 2023)
    pages = text_chunks(data)
    assert len(pages) == 1 and not any("缩小字号" in w for w in result.warnings)
    assert min_size(pages[0]) >= 10.5
    assert REASON * 2 in "".join(t for _y, _x, _s, t in pages[0])  # read back whole, in order


def test_text_beyond_a_page_continues_on_an_attached_sheet() -> None:
    spec = SPECS["2-3-3"]
    values = sample_values(spec)
    text = "".join(f"第{i}段。" + REASON for i in range(1, 13))
    values["reason"] = text
    data, result = form_pdf_bytes(spec, values, 2023)
    pages = text_chunks(data)
    assert len(pages) == 2 and result.pages == 2
    first = "".join(t for _y, _x, _s, t in pages[0])
    for stamp in ("申请企业工会盖章", "街镇总工会盖章", "街镇主管部门盖章", "区总工会审核盖章", "承检中心盖章"):
        assert stamp in first  # the stamps stay with the form on its page
    assert "（续见附页）" in first and "备注：" in first
    for page in pages:
        assert min_size(page) >= 10.5  # never shrunk below 五号
    lines = text_lines(data)
    assert squash(lines[1][0]) == "附件2-3-3（续）"
    assert "（续）" in lines[1][1] and squash(lines[1][2]) == "申请理由（续）："
    shown = "".join(t for y, x, s, t in sorted(pages[0], key=lambda c: (-c[0], c[1]))
                    if s == 12.0 and 100 < x < 500)
    before = shown[shown.index("第1段"):shown.index("（续见附页）")]
    after = squash("".join(lines[1][3:]).replace("第 2 页 共 2 页", ""))
    assert squash(before) + after == squash(text)  # nothing lost, nothing repeated
    assert any("附页" in w for w in result.warnings)


@pytest.mark.parametrize("code", [c for c in PAPER_FORMS if c != "2-3-6"])
def test_every_form_with_long_text_stays_readable(code: str) -> None:
    spec = SPECS[code]
    values = sample_values(spec)
    for f in spec.fields:
        if f.type == "multiline":
            values[f.key] = REASON * 8
        elif f.type == "text" and f.printed:
            values[f.key] = ("青浦区朱家角镇沪青平公路" * 4)[: f.max_length or 40]
    data, result = form_pdf_bytes(spec, values, 2023)
    pages = text_chunks(data)
    assert min(min_size(page) for page in pages) >= 10.5
    assert len(pages) == result.pages <= 3


def test_title_lines_use_the_fewest_and_most_even_breaks() -> None:
    from types import SimpleNamespace

    from desktop_app.documents.fonts import get_fonts
    from desktop_app.documents.pdf_forms import title_lines

    spec = SimpleNamespace(title="{year} 年青浦区总工会服务职工实事项目清单及工作安排说明",
                           title_breaks=("青浦区总工会", "实事项目清单", "及工作安排"))
    texts = lambda lines: ["".join(a.text for a in ln.atoms) for ln in lines]  # noqa: E731
    pen, lines = title_lines(spec, 2023, get_fonts(), 482)  # two lines at 22 pt, the even split
    assert texts(lines) == ["2023年青浦区总工会", "服务职工实事项目清单及工作安排说明"] and pen.size == 22
    pen, lines = title_lines(spec, 2023, get_fonts(), 300)  # three lines, only at the points
    assert texts(lines) == ["2023年青浦区总工会", "服务职工实事项目清单", "及工作安排说明"]
    pen, lines = title_lines(spec, 2023, get_fonts(), 200)  # a segment too long: the title shrinks
    assert texts(lines) == ["2023年青浦区总工会", "服务职工实事项目清单", "及工作安排说明"]
    assert pen.size < 22 and max(ln.width for ln in lines) <= 200.01
    spec.title_breaks = ()
    pen, lines = title_lines(spec, 2023, get_fonts(), 482)  # no break points: one smaller line
    assert len(lines) == 1 and pen.size == 18
