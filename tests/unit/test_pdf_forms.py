"""Every form spec printed from a filled record and read back with pypdf (issue 4)."""

from __future__ import annotations

import pytest

from desktop_app.core.forms import load_specs
from tests.unit.pdf_samples import (
    PAPER_FORMS, add_record, expected_text, font_files, pdf_text, print_to, sample_values, squash,
)

SPECS = load_specs()
RECORD_FORMS = [code for code, spec in SPECS.items() if spec.kind != "roster"]
A4 = (595.28, 841.89)


def print_order(spec) -> list[str]:  # type: ignore[no-untyped-def]
    """Printed field keys in reading order: header lines, grid cells row by row, footer."""
    keys: list[str] = []

    def cell_keys(cell) -> None:  # type: ignore[no-untyped-def]
        for key in cell.field_keys():
            if key not in keys:
                keys.append(key)

    for line in spec.header:
        for part in line:
            cell_keys(part)
    grid = spec.layout_grid()
    if grid is not None:
        for p in grid.placements():
            cell_keys(p.cell)
    for line in spec.footer:
        for part in line:
            cell_keys(part)
    return [k for k in keys if spec.field(k).printed]


def test_all_paper_forms_have_specs() -> None:
    assert set(PAPER_FORMS) <= set(SPECS)


@pytest.mark.parametrize("code", RECORD_FORMS)
def test_filled_form_reads_back(town_app, tmp_path, code) -> None:  # type: ignore[no-untyped-def]
    spec = SPECS[code]
    values = sample_values(spec)
    for f in spec.fields:  # screen-only text must never reach the paper
        if not f.printed and f.type in ("text", "multiline"):
            values[f.key] = "屏幕专用不打印"
    rid = add_record(town_app, code, values, roster=[])
    out = tmp_path / f"{code}.pdf"
    result = print_to(town_app, [rid], out, copies=1)
    assert out.exists() and result.pages >= 1

    import pypdf

    reader = pypdf.PdfReader(str(out))
    box = reader.pages[0].mediabox
    size = (float(box.width), float(box.height))
    expected = A4 if spec.orientation == "portrait" else (A4[1], A4[0])
    assert size == pytest.approx(expected, abs=1)
    embedded = font_files(out)
    assert any("UMing" in n or "SimSun" in n for n in embedded), embedded  # a Song body face
    assert all("+" in n for n in embedded)  # subsets, never the whole font or a reference

    text = squash("".join(pdf_text(out)))
    year = 2021 if code == "JS-8" else 2023
    assert squash(spec.title_for(year)) in text
    if spec.attachment:
        assert text.startswith(squash(spec.attachment))
    for label in spec.stamp_labels():
        assert f"{label}盖章" in text

    # every entered value, in reading order
    pos = 0
    for key in print_order(spec):
        f = spec.field(key)
        if f.type == "multi_choice":
            wants = [squash(o.label) for o in f.options if o.value in values[key]]
        else:
            wants = [squash(expected_text(f, values[key]))]
        for want in filter(None, wants):
            found = text.find(want, pos)
            assert found >= 0, f"{code} {key}: {want!r} missing or out of order"
            pos = found + len(want)
    assert "屏幕专用不打印" not in text

    # checkboxes: every option printed, ☑ exactly for the chosen ones
    chosen = 0
    for f in spec.paper_fields():
        if f.type in ("choice", "multi_choice"):
            picked = values[f.key] if isinstance(values[f.key], list) else [values[f.key]]
            for opt in f.options:
                label = squash(opt.label)
                mark = "☑" if opt.value in picked else "□"
                assert f"{mark}{label}" in text or f"{label}{mark}" in text, (f.key, opt.label, mark)
            chosen += len(picked)
        elif f.type == "bool":
            chosen += 1 if values[f.key] else 0
        elif f.type == "gender" and any(f.key in c.field_keys() for r in spec.layout_grid().rows for c in r):
            chosen += 1
    assert text.count("☑") == chosen


@pytest.mark.parametrize("code", RECORD_FORMS)
def test_blank_form(tmp_path, code) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import blank_form

    spec = SPECS[code]
    out = tmp_path / "blank.pdf"
    result = blank_form(spec, out, 2023)
    assert result.pages >= 1
    text = squash("".join(pdf_text(out)))
    assert squash(spec.title_for(2023)) in text
    assert "☑" not in text
    for label in spec.stamp_labels():
        assert f"{label}盖章" in text
    for f in spec.paper_fields():
        if f.type in ("choice", "multi_choice"):
            for opt in f.options:
                assert f"□{squash(opt.label)}" in text or f"{squash(opt.label)}□" in text


def test_paper_forms_fit_one_page_each(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for code in PAPER_FORMS:
        if SPECS[code].kind == "roster":
            continue
        rid = add_record(town_app, code, roster=[])
        result = print_to(town_app, [rid], tmp_path / f"{code}.pdf", copies=1)
        assert result.pages == 1, code


def test_copies_default_from_spec(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "2-3-2", roster=[])
    out = tmp_path / "two.pdf"
    result = print_to(town_app, [rid], out)
    assert SPECS["2-3-2"].copies == 2 and result.pages == 2
    first, second = pdf_text(out)
    assert squash(first) == squash(second)
    assert print_to(town_app, [rid], tmp_path / "three.pdf", copies=3).pages == 3


def test_long_text_gets_room_then_a_continuation_sheet(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: long free text keeps its size (the row grows); past one page it continues on
    an attached （续） sheet, and the clerk is told."""
    values = sample_values(SPECS["2-1-3"])
    values["suggestions"] = "行程安排紧凑，导游讲解细致，餐饮口味适中，住宿条件良好。" * 9
    rid = add_record(town_app, "2-1-3", values, roster=[])
    out = tmp_path / "long.pdf"
    result = print_to(town_app, [rid], out)
    assert result.pages == 1 and not any("缩小字号" in w for w in result.warnings)
    assert squash(values["suggestions"]) in squash("".join(pdf_text(out)))
    values["suggestions"] = "很长的意见。" * 200
    rid = add_record(town_app, "2-1-3", values, roster=[])
    result = print_to(town_app, [rid], tmp_path / "longer.pdf")
    assert any("意见和建议 文字超过一页，其余部分打印在附页（续）" in w for w in result.warnings)
    pages = pdf_text(tmp_path / "longer.pdf")
    assert result.pages == len(pages) == 2
    assert "（续见附页）" in squash(pages[0]) and squash(pages[1]).startswith("附件2-1-3（续）")
    assert squash("".join(pages)).count("很长的意见。") == 200


def test_title_year_comes_from_project(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "2-3-5", roster=[])
    out = tmp_path / "y.pdf"
    print_to(town_app, [rid], out)
    assert "2023年青浦工会职工健康体检活动满意度测评表" in squash(pdf_text(out)[0])


def test_print_scaling_none_and_no_helvetica(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.documents.pdf_forms import form_pdf_bytes

    data, _ = form_pdf_bytes(SPECS["2-3-2"], sample_values(SPECS["2-3-2"]), 2023)
    assert b"/PrintScaling /None" in data
    assert b"/FontFile2" in data
    assert b"Helvetica" not in data
