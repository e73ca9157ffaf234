"""Rebuild the subset fonts in resources/fonts from Debian's font packages (gzip-compressed).

    apt-get install fonts-arphic-uming fonts-hanazono
    python build_scripts/make_fonts.py          # needs fontTools (pip install fonttools)

- ``uming-cn.ttf.gz``: AR PL UMing CN (subfont 0 of Debian's ``uming.ttc``, fonts-arphic-uming
  0.2.20080216.2), the Song/Ming body face for print where Windows' 宋体 is absent. Kept: every
  character of its cmap outside CJK Extension A/B (those come from the Hanazono faces, so a name
  is set in one Ming design); dropped: embedded bitmaps, vertical metrics, hinting.
- ``HanaMinA-ExtA.ttf.gz``: HanaMinA (fonts-hanazono 20170904) cut down to CJK Extension A
  (U+3400–4DBF) plus the URO and compatibility ideographs the UMing subset lacks.
- ``HanaMinB.ttf.gz``: HanaMinB (fonts-hanazono 20170904), unmodified, only compressed.

The three are stored gzip-compressed (mtime 0, so reruns give the same bytes): 50 MB of
TrueType become 27 MB, which keeps the frozen bundle within its 250 MB. ``documents.fonts``
inflates a face in memory when it is first needed (0.1–0.5 s).

Both are TrueType-outline (glyf) fonts that reportlab embeds (PITFALLS §1.1). Each file
carries a notice in its name table saying how and when it was changed (Arphic Public License
§2a). The committed files are the output of this script; rerun it only to change the cut.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "fonts"
UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
HANA_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
HANA_B = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
UMING_OUT = "uming-cn.ttf.gz"
HANA_A_OUT = "HanaMinA-ExtA.ttf.gz"
HANA_B_OUT = "HanaMinB.ttf.gz"
STAMP = "2026-12-05"

EXT_A = range(0x3400, 0x4DC0)
EXT_B_AND_LATER = range(0x20000, 0x32000)
URO = range(0x4E00, 0xA000)
COMPAT = range(0xF900, 0xFB00)


def _options():
    from fontTools import subset

    opts = subset.Options()
    opts.glyph_names = False
    opts.hinting = False
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["EBDT", "EBLC", "EBSC", "BDF ", "FFTM", "vhea", "vmtx", "VORG"]
    return opts


def _note(font, text: str) -> None:
    """Name ID 10 (description): how and when the file was changed."""
    font["name"].setName(text, 10, 3, 1, 0x409)
    font["name"].setName(text, 10, 1, 0, 0)


def _subset(font, unicodes: list[int]) -> None:
    from fontTools import subset

    sub = subset.Subsetter(_options())
    sub.populate(unicodes=unicodes)
    sub.subset(font)


def _save(font, name: str) -> None:  # noqa: ANN001
    buf = io.BytesIO()
    font.save(buf)
    _write_gz(buf.getvalue(), name)


def _write_gz(data: bytes, name: str) -> None:
    (OUT / name).write_bytes(gzip.compress(data, 9, mtime=0))


def main() -> int:
    from fontTools.ttLib import TTFont

    for path in (UMING, HANA_A, HANA_B):
        if not path.is_file():
            print(f"missing {path}: apt-get install fonts-arphic-uming fonts-hanazono", file=sys.stderr)
            return 1
    uming = TTFont(str(UMING), fontNumber=0)
    keep = sorted(cp for cp in uming.getBestCmap() if cp not in EXT_A and cp not in EXT_B_AND_LATER)
    _subset(uming, keep)
    _note(uming, f"Subset of AR PL UMing CN made by UnionLedger on {STAMP} (build_scripts/make_fonts.py): "
                 "CJK Extension A/B characters, embedded bitmaps, vertical metrics and hinting removed. "
                 "Licensed under the Arphic Public License (uming.LICENSE.txt).")
    _save(uming, UMING_OUT)
    have = set(keep)

    hana = TTFont(str(HANA_A))
    wanted = sorted(cp for cp in hana.getBestCmap()
                    if cp in EXT_A or ((cp in URO or cp in COMPAT) and cp not in have))
    _subset(hana, wanted)
    _note(hana, f"Subset of HanaMinA made by UnionLedger on {STAMP} (build_scripts/make_fonts.py): "
                "CJK Extension A plus the ideographs AR PL UMing CN lacks. Used under the Hanazono "
                "Font License (HanaMinA.LICENSE.txt).")
    _save(hana, HANA_A_OUT)
    _write_gz(HANA_B.read_bytes(), HANA_B_OUT)
    for name in (UMING_OUT, HANA_A_OUT, HANA_B_OUT):
        print(name, round((OUT / name).stat().st_size / 1e6, 1), "MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
