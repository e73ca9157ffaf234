"""Fonts for printed forms: TrueType CJK faces, registered once per process, with a
per-character fallback chain (DESIGN §5, PITFALLS §1).

- Bundled, always available: AR PL UMing CN (``uming-cn.ttf``, a Song/Ming body face, subset by
  build_scripts/make_fonts.py), HanaMinA (``HanaMinA-ExtA.ttf``: CJK Extension A, e.g. 䶮 㐀,
  and the ideographs UMing lacks), HanaMinB (CJK Extension B–F, e.g. 𠮷 𠅤) — the Hanazono
  Mincho faces match the Song body, so a rare character does not jump styles —, WenQuanYi Micro
  Hei (``wqy-microhei.ttc``, subfont 0; the Hei face of headings and the screen) and DejaVu Sans
  (☑ □ and other symbols). All are TrueType-outline (``glyf``) fonts that reportlab embeds as
  subsets.
- On Windows the installed SimSun (宋体) / SimSun-ExtB / SimHei (黑体) / FangSong (仿宋) come
  first when present: the official look of GB/T 9704 papers (body and titles in Song, notes in
  FangSong, "附件" in Hei).
- A character the first face lacks is drawn with the next face that has it; a character that no
  face has raises :class:`MissingGlyphError` — never a blank or a box on a stamped paper.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import threading
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.app_paths import resource_path

BUNDLED_FONT_FILE = "wqy-microhei.ttc"
BUNDLED_FONT_NAME = "WenQuanYiMicroHei"
# The large faces are stored gzip-compressed (build_scripts/make_fonts.py; 50 MB → 27 MB keeps
# the bundle within 250 MB) and inflated in memory when first needed.
SONG_FONT_FILE = "uming-cn.ttf.gz"
SONG_FONT_NAME = "ARPLUMingCN"
EXT_A_FONT_FILE = "HanaMinA-ExtA.ttf.gz"
RARE_FONT_FILE = "HanaMinB.ttf.gz"
# The faces the screen adds to Qt (gui.main) behind its UI face, so Extension A/B names show
# as they print instead of boxes.
QT_RARE_FONT_FILES = (EXT_A_FONT_FILE, RARE_FONT_FILE)
SYMBOL_FONT_FILE = "DejaVuSans.ttf"
SYMBOL_FONT_NAME = "DejaVuSans"

_lock = threading.RLock()
_registered: dict[str, object] = {}  # reportlab name -> TTFont


class FontUnavailable(RuntimeError):
    """A required font file is missing or unusable (Chinese message)."""


class MissingGlyphError(Exception):
    """No available face has a character. ``str()`` names where it is, the field and the
    character, e.g. 无法打印：名册第 3 行 姓名“王𠅤”中的字“𠅤”（U+20164）没有可用字体…"""

    def __init__(self, char: str, where: str = "", label: str = "", value: str = "") -> None:
        self.char, self.where, self.label, self.value = char, where, label, value
        super().__init__(self.message())

    def message(self) -> str:
        place = " ".join(p for p in (self.where, self.label) if p)
        shown = f"{place}“{self.value}”中的字" if self.value else (f"{place}中的字" if place else "字")
        return (
            f"无法打印：{shown}“{self.char}”（U+{ord(self.char):04X}）没有可用字体。"
            "请核对该字是否正确，或在电脑上安装含该字的字体（如宋体-方正超大字符集）后重试。"
        )

    def with_context(self, where: str, label: str, value: str) -> MissingGlyphError:
        return MissingGlyphError(self.char, where, label, value)


@dataclass
class Face:
    """One font file; loaded (parsed and registered with reportlab) on first use."""

    name: str  # reportlab font name
    label: str  # shown to people ("文泉驿微米黑")
    path: Path
    index: int = 0
    _cmap: dict[int, int] | None = field(default=None, repr=False)
    _widths: dict[int, int] | None = field(default=None, repr=False)
    _default_width: float = 1000.0
    failed: bool = False

    def load(self) -> bool:
        if self._cmap is not None:
            return True
        if self.failed:
            return False
        with _lock:
            if self._cmap is not None:
                return True
            try:
                font = _register(self.name, self.path, self.index)
            except FontUnavailable:
                self.failed = True
                return False
            face = font.face  # type: ignore[attr-defined]
            self._widths = face.charWidths
            self._default_width = float(face.defaultWidth)
            self._cmap = face.charToGlyph
        return True

    def has(self, cp: int) -> bool:
        return self.load() and cp in self._cmap  # type: ignore[operator]

    def width(self, cp: int) -> float:
        """Advance width in 1/1000 em."""
        self.load()
        return float(self._widths.get(cp, self._default_width)) if self._widths else 1000.0


def _register(name: str, path: Path, index: int) -> object:
    with _lock:
        font = _registered.get(name)
        if font is not None:
            return font
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        _patch_to_unicode()
        if not path.exists():
            raise FontUnavailable(f"缺少字体文件：{path}")
        try:
            source = io.BytesIO(font_bytes(path)) if path.suffix == ".gz" else str(path)
            font = TTFont(name, source, subfontIndex=index)
        except (TTFError, OSError, ValueError, EOFError, zlib.error) as exc:
            raise FontUnavailable(f"字体无法加载：{path}（{exc}）") from exc
        pdfmetrics.registerFont(font)
        _registered[name] = font
        return font


def font_bytes(path: Path) -> bytes:
    """A font file's bytes, inflated when it is stored as ``.gz``."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _utf16_hex(cp: int) -> str:
    if cp < 0x10000:
        return f"{cp:04X}"
    cp -= 0x10000
    return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"


def _patch_to_unicode() -> None:
    """reportlab writes ToUnicode entries as "%04X", which is wrong above U+FFFF (𠅤 comes out
    as "<20164>", an odd-length string readers reject, so the character cannot be searched or
    copied). Emit UTF-16BE surrogate pairs there, as the PDF spec requires."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "_unionledger", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make_cmap(fontname: str, subset: list[int]) -> str:
        text = original(fontname, [min(v, 0xFFFF) for v in subset])
        lines = text.split("\n")
        start = lines.index(f"{len(subset)} beginbfchar") + 1
        for i, v in enumerate(subset):
            lines[start + i] = f"<{i:02X}> <{_utf16_hex(v)}>"
        return "\n".join(lines)

    make_cmap._unionledger = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_cmap


# Characters that take no room and need no glyph: dropped before layout.
_IGNORABLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
# Anything clean_text() might change: control / format characters, variation selectors.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                      "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
                      "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e01ef]")


def clean_text(text: str) -> str:
    """Text as it will be printed: tabs → space, CR dropped, control characters, zero-width
    characters and variation selectors removed (they need no glyph)."""
    if not text:
        return ""
    if _SUSPECT.search(text) is None:
        return text
    out = []
    for ch in text.replace("\r\n", "\n").replace("\t", " "):
        cp = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif cp in _IGNORABLE or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            out.append(ch)
    return "".join(out)


class FontChain:
    """Faces in order of preference; each character is drawn with the first face that has it."""

    def __init__(self, faces: list[Face]) -> None:
        self.faces = [f for f in faces if f is not None]
        self._pick: dict[str, Face | None] = {}
        self._w: dict[str, tuple[str, float]] = {}  # char -> (font name, width per 1000 em)
        self._runs: dict[str, list[tuple[str, str]]] = {}

    @property
    def primary(self) -> Face:
        for face in self.faces:
            if face.load():
                return face
        raise FontUnavailable("没有可用的中文字体，无法生成 PDF。请重新安装本程序。")

    def face_for(self, ch: str) -> Face | None:
        try:
            return self._pick[ch]
        except KeyError:
            pass
        cp = ord(ch)
        found = None
        if ch in (" ", "\n"):
            found = self.primary
        else:
            for face in self.faces:
                if face.has(cp):
                    found = face
                    break
        self._pick[ch] = found
        return found

    def glyph(self, ch: str) -> tuple[str, float]:
        """(font name, advance per 1000 em) of a character; raises MissingGlyphError."""
        try:
            return self._w[ch]
        except KeyError:
            pass
        face = self.face_for(ch)
        if face is None:
            raise MissingGlyphError(ch)
        item = (face.name, face.width(ord(ch)))
        self._w[ch] = item
        return item

    def missing(self, text: str) -> str | None:
        """The first character no face has, or None."""
        for ch in text:
            if ch != "\n" and self.face_for(ch) is None:
                return ch
        return None

    def width(self, text: str, size: float) -> float:
        w = self._w
        try:
            return sum([w[ch][1] for ch in text]) * size / 1000.0
        except KeyError:
            glyph = self.glyph
            return sum([glyph(ch)[1] for ch in text]) * size / 1000.0

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` split into (font name, substring) runs; raises MissingGlyphError."""
        cached = self._runs.get(text)
        if cached is not None:
            return cached
        out: list[tuple[str, str]] = []
        cur_font, start = None, 0
        for i, ch in enumerate(text):
            font = self.glyph(ch)[0]
            if font != cur_font:
                if cur_font is not None:
                    out.append((cur_font, text[start:i]))
                cur_font, start = font, i
        if cur_font is not None:
            out.append((cur_font, text[start:]))
        if len(self._runs) < 50_000:
            self._runs[text] = out
        return out


@dataclass
class Fonts:
    """The chains used by the PDF writers, by role (GB/T 9704 look where system fonts allow)."""

    body: FontChain  # table and body text (宋体 on Windows)
    title: FontChain  # titles, drawn filled + stroked (a bold Song look without fake <b>)
    heading: FontChain  # "附件 2-3-2" (黑体 on Windows)
    note: FontChain  # notes and footers (仿宋 on Windows)
    symbol: Face  # ☑ □ (DejaVu Sans)
    system: list[str]  # labels of the installed system faces in use

    def describe(self) -> str:
        names = [f.label for f in self.body.faces if f.load()]
        return " → ".join(names)


@dataclass
class Bundled:
    song: Face
    ext_a: Face
    ext_b: Face
    hei: Face
    symbol: Face


def _bundled_faces() -> Bundled:
    return Bundled(
        Face(SONG_FONT_NAME, "AR PL UMing 明体", resource_path("fonts", SONG_FONT_FILE)),
        Face("HanaMinA", "花园明朝A（扩展A区生僻字）", resource_path("fonts", EXT_A_FONT_FILE)),
        Face("HanaMinB", "花园明朝B（扩展B–F区生僻字）", resource_path("fonts", RARE_FONT_FILE)),
        Face(BUNDLED_FONT_NAME, "文泉驿微米黑", resource_path("fonts", BUNDLED_FONT_FILE), 0),
        Face(SYMBOL_FONT_NAME, "DejaVu Sans", resource_path("fonts", SYMBOL_FONT_FILE)),
    )


def windows_fonts_dir() -> Path | None:
    if sys.platform != "win32":
        return None
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def system_faces(directory: Path | None) -> dict[str, Face]:
    """SimSun / SimSun-ExtB / SimHei / FangSong found in ``directory`` (Windows Fonts)."""
    found: dict[str, Face] = {}
    if directory is None:
        return found
    wanted = [
        ("simsun", "SimSun", "宋体", "simsun.ttc", 0),
        ("simsunb", "SimSun-ExtB", "宋体-ExtB", "simsunb.ttf", 0),
        ("simhei", "SimHei", "黑体", "simhei.ttf", 0),
        ("simfang", "FangSong", "仿宋", "simfang.ttf", 0),
    ]
    for key, name, label, file, index in wanted:
        path = directory / file
        if path.is_file():
            face = Face(name, label, path, index)
            if face.load():  # a restricted or broken file is skipped, not fatal
                found[key] = face
    return found


_cache: dict[str, Fonts] = {}


def get_fonts(system_dir: Path | None | str = "auto") -> Fonts:
    """The font chains (cached per process). ``system_dir``: "auto" = the Windows Fonts folder
    on Windows, none elsewhere; or a folder to look in (tests); or None for bundled fonts only."""
    key = str(system_dir)
    with _lock:
        fonts = _cache.get(key)
        if fonts is not None:
            return fonts
        directory = windows_fonts_dir() if system_dir == "auto" else system_dir
        sysf = system_faces(Path(directory) if directory else None)
        b = _bundled_faces()
        if not b.hei.load():
            raise FontUnavailable(f"内置字体无法加载：{b.hei.path}。请重新安装本程序。")
        sym = b.symbol if b.symbol.load() else b.hei  # ☑ □ then written (invisibly) in Hei
        song = [f for f in (sysf.get("simsun"), sysf.get("simsunb")) if f]
        # Song body, then the Mincho faces for rare ideographs (same serif style), then Hei.
        serif = song + [b.song, b.ext_a, b.ext_b]
        body = FontChain(serif + [b.hei, sym])
        heading = FontChain([f for f in (sysf.get("simhei"),) if f] + [b.hei] + serif + [sym])
        note = FontChain([f for f in (sysf.get("simfang"),) if f] + serif + [b.hei, sym])
        fonts = Fonts(body, body, heading, note, sym, [f.label for f in sysf.values()])
        _cache[key] = fonts
        return fonts


def register_bundled_font() -> str:
    """Register the bundled face with reportlab (subset-embedded); returns its name.

    Raises a RuntimeError with a Chinese message when the file is missing or unusable: a
    Helvetica fallback would print every Chinese character blank (PITFALLS §1.1).
    """
    _register(BUNDLED_FONT_NAME, resource_path("fonts", BUNDLED_FONT_FILE), 0)  # FontUnavailable
    return BUNDLED_FONT_NAME
