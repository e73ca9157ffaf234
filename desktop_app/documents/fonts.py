"""Fonts for printed forms: the bundled TrueType CJK face, registered once per process."""

from __future__ import annotations

import threading

from desktop_app.app_paths import resource_path

BUNDLED_FONT_FILE = "wqy-microhei.ttc"
BUNDLED_FONT_NAME = "WenQuanYiMicroHei"

_lock = threading.Lock()
_registered: list[str] = []


def register_bundled_font() -> str:
    """Register the bundled face with reportlab (subset-embedded); returns its name.

    Raises a RuntimeError with a Chinese message when the file is missing or unusable: a
    Helvetica fallback would print every Chinese character blank (PITFALLS §1.1).
    """
    with _lock:
        if BUNDLED_FONT_NAME in _registered:
            return BUNDLED_FONT_NAME
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        path = resource_path("fonts", BUNDLED_FONT_FILE)
        if not path.exists():
            raise RuntimeError(f"缺少内置字体文件：{path}")
        try:
            pdfmetrics.registerFont(TTFont(BUNDLED_FONT_NAME, str(path), subfontIndex=0))
        except TTFError as exc:
            raise RuntimeError(f"内置字体无法加载：{path}（{exc}）") from exc
        _registered.append(BUNDLED_FONT_NAME)
        return BUNDLED_FONT_NAME
