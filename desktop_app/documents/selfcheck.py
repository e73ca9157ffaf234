"""Self-checks of the documents layer (imported lazily by `self-check`)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from desktop_app.core.field_types import field_type
from desktop_app.core.selfcheck import HasSpecs, check

_SUBSET_NAME = re.compile(rb"/FontName /([A-Z]{6}\+[A-Za-z0-9_.-]+)")


@check("PDF 生成（中文字体嵌入）")
def _pdf_fonts(app: HasSpecs) -> str:
    """Render a small filled form with Chinese text and a rare character into a temp folder and
    check the bytes: TrueType subsets embedded (/FontFile2, "ABCDEF+Name" subset names)."""
    from desktop_app.documents.fonts import get_fonts
    from desktop_app.documents.pdf_forms import form_pdf_bytes

    spec = app.specs.get("2-3-2") or next(s for s in app.specs.values() if s.kind != "roster")
    values = {f.key: "工会实事台账王𠅤刘䶮" for f in spec.fields if field_type(f.type).free_text}
    data, result = form_pdf_bytes(spec, values, 2023)
    with tempfile.TemporaryDirectory(prefix="ul-selfcheck-") as tmp:
        path = Path(tmp) / "selfcheck.pdf"
        path.write_bytes(data)
        data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RuntimeError("生成的文件不是完整的 PDF")
    if b"/FontFile2" not in data:
        raise RuntimeError("PDF 中没有嵌入 TrueType 字体（/FontFile2）")
    names = sorted({m.decode("ascii") for m in _SUBSET_NAME.findall(data)})
    if not names:
        raise RuntimeError("PDF 中没有字体子集名（如 AAAAAA+WenQuanYiMicroHei）")
    if not any("HanaMinB" in n or "SimSun" in n for n in names):
        raise RuntimeError("生僻字（扩展B区）没有用后备字体嵌入")
    if not any("HanaMinA" in n or "SimSun" in n for n in names):
        raise RuntimeError("生僻字（扩展A区）没有用后备字体嵌入")
    return (f"{result.pages} 页，{len(data) // 1024} KB，嵌入字体子集：{', '.join(names)}；"
            f"字体顺序：{get_fonts().describe()}")
