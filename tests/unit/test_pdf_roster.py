"""Rosters over many pages: repeated two-level header, continuous 序号, page numbers, the
signature line on the last page, identity numbers never wrapped (issue 4)."""

from __future__ import annotations

import io
import json
import re

import pytest

from desktop_app.core.forms import load_spec, load_specs
from tests.unit.pdf_samples import add_record, pdf_text, print_to, sample_roster, squash

SPECS = load_specs()
ROSTER = SPECS["2-3-6"]


def render(spec, rows, **kw):  # type: ignore[no-untyped-def]
    import pypdf

    from desktop_app.documents.pdf_forms import new_canvas
    from desktop_app.documents.pdf_roster import render_roster

    buf = io.BytesIO()
    c = new_canvas(buf)
    pages = render_roster(c, spec, rows, 2023, **kw)
    c.save()
    reader = pypdf.PdfReader(io.BytesIO(buf.getvalue()))
    assert len(reader.pages) == pages
    return reader, [p.extract_text() for p in reader.pages]


def seqs(text: str) -> list[int]:
    return [int(m.group(1)) for m in re.finditer(r"^(\d+)(?: |$)", text, re.M)]


def test_roster_three_pages(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = sample_roster(ROSTER, 70)
    rid = add_record(town_app, "2-3-6", roster=rows)
    out = tmp_path / "roster.pdf"
    result = print_to(town_app, [rid], out)
    pages = pdf_text(out)
    assert result.pages == len(pages) == 3
    numbers: list[int] = []
    for n, text in enumerate(pages, start=1):
        for head in ("序号", "单位", "姓名", "性别", "婚否", "已婚", "未婚", "年龄", "身份证号码"):
            assert head in squash(text), (n, head)
        assert f"第 {n} 页 共 3 页" in text
        numbers += seqs(text.split("身份证号码", 1)[1])
    assert numbers == list(range(1, 71))
    assert "第 2 页 共 3 页" in pages[1]
    last = squash(pages[-1])
    assert squash(ROSTER.notes[0]) in last
    # as on paper: no 填表人 / 单位（盖章） block (issue 19)
    assert not any(word in squash(p) for p in pages for word in ("填表人", "单位（盖章）"))
    everything = "".join(pages)
    for row in rows:  # 18 characters, never wrapped
        assert row["id_number"] in everything
    assert everything.count("√") == len(rows)
    # the tick sits in the chosen sub-column: 已婚 rows print √ before 未婚 ones' position
    assert result.records[0].code in pages[0] and result.records[0].code in pages[-1]


def test_married_tick_in_right_column() -> None:
    from desktop_app.documents.fonts import get_fonts
    from desktop_app.documents.pdf_roster import cell_text, fit_columns, leaves_of

    leaves = leaves_of(ROSTER, get_fonts().body)
    assert fit_columns(leaves, 482)
    heads = [lf.header for lf in leaves]
    assert heads == ["序号", "单 位", "姓名", "性别", "已婚", "未婚", "年龄", "身份证号码"]
    married, single = leaves[4], leaves[5]
    assert married.parent == single.parent == "婚否" and married.x < single.x
    assert [cell_text(married, {"married": v}, 1) for v in ("已婚", "未婚", None)] == ["√", "", ""]
    assert [cell_text(single, {"married": v}, 1) for v in ("已婚", "未婚", None)] == ["", "√", ""]
    id_leaf = leaves[-1]
    from desktop_app.documents.pdf_roster import PAD

    assert id_leaf.w - 2 * PAD >= get_fonts().body.width("44030619800229051X", 12)
    rows = [{"name": "甲", "id_number": "31011819890517002X", "married": "已婚"},
            {"name": "乙", "id_number": "440306198002290519", "married": "未婚"}]
    _, texts = render(ROSTER, rows)
    assert texts[0].count("√") == 2


def test_blank_roster_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import blank_form

    out = tmp_path / "blank.pdf"
    result = blank_form(ROSTER, out, 2023, rows=45)
    pages = pdf_text(out)
    assert result.pages == len(pages) == 2
    numbers = [n for text in pages for n in seqs(text.split("身份证号码", 1)[1])]
    assert numbers == list(range(1, 46))
    assert "√" not in "".join(pages)


def test_wide_roster_turns_landscape(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cols = [{"key": "seq", "label": "序号", "type": "seq", "width": 1}]
    cols += [{"key": f"c{i}", "label": f"栏目名称{i}", "type": "text", "width": 2} for i in range(8)]
    cols += [{"key": "id_number", "label": "身份证号码", "type": "id_number", "width": 4},
             {"key": "phone", "label": "联系电话", "type": "phone", "width": 3}]
    path = tmp_path / "wide.json"
    path.write_text(json.dumps({"code": "W-1", "title": "{year} 年宽名册", "kind": "roster",
                                "paper": True, "fields": [], "roster": {"columns": cols}},
                               ensure_ascii=False), encoding="utf-8")
    spec = load_spec(path, evaluators={})
    rows = [{f"c{i}": "上海市青浦区某某单位" for i in range(8)} | {"id_number": "31011819890517002X",
                                                             "phone": "021-59871234"}]
    reader, texts = render(spec, rows)
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(841.89, abs=1)
    assert "31011819890517002X" in texts[0] and "021-59871234" in texts[0]


def test_long_cell_text_shrinks_or_wraps_not_cut() -> None:
    unit = "上海市青浦区华新镇某某精密机械制造与新材料科技研发股份有限公司第二分公司"
    rows = [{"unit": unit, "name": "王五", "id_number": "31011819890517002X", "married": "已婚"}]
    _, texts = render(ROSTER, rows)
    assert unit in squash(texts[0])


def test_application_with_roster_prints_form_then_roster(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = sample_roster(ROSTER, 5)
    rid = add_record(town_app, "2-3-2", roster=rows)
    out = tmp_path / "app.pdf"
    result = print_to(town_app, [rid], out)
    pages = pdf_text(out)
    assert result.pages == len(pages) == 3  # 一式二份 + the roster
    assert "各类职工健康体检名册" in squash(pages[2])
    for row in rows:
        assert row["name"] in pages[2]
