"""Fonts: per-character fallback for rare name characters, refusal naming the character,
Windows system faces preferred when present (issue 4)."""

from __future__ import annotations

import shutil

import pytest

from desktop_app.app_paths import resource_path
from desktop_app.core.forms import load_specs
from desktop_app.documents.fonts import MissingGlyphError, clean_text, font_bytes, get_fonts
from tests.unit.pdf_samples import add_record, font_files, pdf_text, print_to, sample_roster, squash

SPECS = load_specs()
RARE = "喆堃珺昇𠅤"
NO_FONT = "\U00030000"  # CJK Extension G: in none of the bundled faces


def test_bundled_fonts_and_licences_present() -> None:
    fonts = resource_path("fonts")
    for name in ("wqy-microhei.ttc", "HanaMinB.ttf.gz", "DejaVuSans.ttf", "HanaMinB.LICENSE.txt",
                 "DejaVuSans.LICENSE.txt", "README.md", "uming-cn.ttf.gz", "uming.LICENSE.txt",
                 "HanaMinA-ExtA.ttf.gz", "HanaMinA.LICENSE.txt"):
        assert (fonts / name).is_file(), name
    readme = (fonts / "README.md").read_text(encoding="utf-8")
    for name in ("HanaMinB.ttf.gz", "DejaVuSans.ttf", "uming-cn.ttf.gz", "HanaMinA-ExtA.ttf.gz"):
        assert name in readme, name
    assert "ARPHIC PUBLIC LICENSE" in (fonts / "uming.LICENSE.txt").read_text(encoding="utf-8").upper()
    # The PyInstaller bundle stays within 250 MB: the big faces are stored gzip-compressed.
    total = sum(p.stat().st_size for p in fonts.iterdir())
    assert total < 34 * 1000 * 1000
    for name in ("HanaMinB.ttf.gz", "DejaVuSans.ttf", "uming-cn.ttf.gz", "HanaMinA-ExtA.ttf.gz"):
        data = font_bytes(fonts / name)
        assert data[:4] == b"\x00\x01\x00\x00", name  # TrueType outlines (glyf), not CFF


def test_fallback_chain_per_character() -> None:
    chain = get_fonts(None).body
    assert chain.primary.name == "ARPLUMingCN"  # a Song/Ming body face (GB/T 9704)
    assert chain.face_for("喆").name == "ARPLUMingCN"
    assert chain.face_for("𠅤").name == "HanaMinB"
    assert chain.face_for("䶮").name == "HanaMinA" and chain.face_for("㐀").name == "HanaMinA"
    assert chain.face_for("𠮷").name == "HanaMinB"
    assert chain.face_for(NO_FONT) is None
    assert chain.missing("王" + NO_FONT) == NO_FONT
    runs = chain.runs("王𠅤明")
    assert [f for f, _ in runs] == ["ARPLUMingCN", "HanaMinB", "ARPLUMingCN"]
    assert "".join(t for _, t in runs) == "王𠅤明"
    with pytest.raises(MissingGlyphError) as err:
        chain.runs("王" + NO_FONT)
    assert "U+30000" in str(err.value)


def test_clean_text_drops_invisible_characters() -> None:
    assert clean_text("张\u200b三\ufe0f\r\n李\t四") == "张三\n李 四"
    assert clean_text("普通文字 123") == "普通文字 123"


def test_rare_characters_printed_as_text(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    values = {"name": "王" + RARE, "gender": "男", "id_number": "440306198002290519",
              "work_unit": "青浦" + RARE + "快递站", "phone": "13912345678", "group": "快递员",
              "is_member": "是", "voluntary_join": False, "card_no": "TJ0001", "institution": "青浦区中心医院"}
    rid = add_record(town_app, "JS-8", values)
    out = tmp_path / "rare.pdf"
    print_to(town_app, [rid], out)
    text = squash("".join(pdf_text(out)))
    assert "王" + RARE in text and "青浦" + RARE + "快递站" in text
    assert any("HanaMinB" in n for n in font_files(out))


def test_rare_characters_in_roster(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = sample_roster(SPECS["2-3-6"], 3)
    rows[1]["name"] = "王𠅤"
    rid = add_record(town_app, "2-3-6", roster=rows)
    out = tmp_path / "r.pdf"
    print_to(town_app, [rid], out)
    assert "王𠅤" in pdf_text(out)[0]


def test_missing_glyph_refused_with_person_field_character(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import PrintRefused

    rows = sample_roster(SPECS["2-3-6"], 4)
    rows[2]["name"] = "王" + NO_FONT
    rid = add_record(town_app, "2-3-6", roster=rows)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "refused.pdf"
    with pytest.raises(PrintRefused) as err:
        print_to(town_app, [rid], out)
    msg = str(err.value)
    assert "无法打印" in msg and "名册第 3 行" in msg and "姓名" in msg
    assert f"“王{NO_FONT}”" in msg and f"“{NO_FONT}”（U+30000）" in msg
    assert not out.exists() and not list((tmp_path / "out").iterdir())  # no partial file
    from sqlalchemy import select

    from desktop_app.store.models import PrintLog

    with town_app.session() as s:
        assert s.scalars(select(PrintLog)).all() == []


def test_missing_glyph_in_form_field(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import PrintRefused

    rid = add_record(town_app, "2-1-3", {"provider": "青浦旅行社", "unit_name": "某" + NO_FONT + "公司",
                                         "headcount": 20, "itinerary_rating": "satisfied"}, roster=[])
    with pytest.raises(PrintRefused) as err:
        print_to(town_app, [rid], tmp_path / "x.pdf")
    assert f"记录 {rid}" in str(err.value) and "参加单位名称" in str(err.value)


def test_windows_faces_preferred_when_present(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Stand-ins named like the Windows files (the bundled faces under Windows file names).
    shutil.copy(resource_path("fonts", "wqy-microhei.ttc"), tmp_path / "simsun.ttc")
    shutil.copy(resource_path("fonts", "DejaVuSans.ttf"), tmp_path / "simhei.ttf")
    (tmp_path / "simfang.ttf").write_bytes(font_bytes(resource_path("fonts", "HanaMinA-ExtA.ttf.gz")))
    fonts = get_fonts(tmp_path)
    assert fonts.note.faces[0].name == "FangSong" and "仿宋" in fonts.system  # notes in 仿宋
    assert fonts.title.primary.name == "SimSun"  # titles in Song, like the body
    assert fonts.body.faces[0].name == "SimSun" and fonts.body.primary.name == "SimSun"
    assert fonts.heading.faces[0].name == "SimHei"
    assert fonts.body.face_for("体").name == "SimSun"
    assert fonts.body.face_for("𠅤").name == "HanaMinB"  # bundled fallback still behind them
    assert "宋体" in fonts.system and "黑体" in fonts.system
    assert get_fonts(tmp_path / "none").body.primary.name == "ARPLUMingCN"
    assert get_fonts(tmp_path / "none").heading.primary.name == "WenQuanYiMicroHei"


def test_selfcheck_pdf(app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.documents.selfcheck import _pdf_fonts

    detail = _pdf_fonts(app)
    assert "UMing" in detail and "HanaMinA" in detail and "HanaMinB" in detail


def test_roster_with_extension_a_and_b_names(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: 䶮 and 㐀 (Extension A), 𠮷 (Extension B) and 堃 print as text in Mincho / Ming
    faces (serif like the Song body) and can be searched and copied from the PDF."""
    rows = sample_roster(SPECS["2-3-6"], 5)
    names = ["䶮", "㐀华", "𠮷野", "王堃"]
    for row, name in zip(rows, names):
        row["name"] = name
    rid = add_record(town_app, "2-3-6", roster=rows)
    out = tmp_path / "rare-roster.pdf"
    print_to(town_app, [rid], out)
    text = pdf_text(out)[0]
    lines = [ln.split() for ln in text.splitlines()]
    for name, row in zip(names, rows):
        assert any(name in parts and row["id_number"] in parts for parts in lines), name
    embedded = font_files(out)
    assert any("HanaMinA" in n for n in embedded) and any("HanaMinB" in n for n in embedded)
    assert any("UMing" in n for n in embedded)
