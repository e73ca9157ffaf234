"""The printable receipt (数据包接收回执): town, package, date, each record received or not."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from desktop_app.documents.fonts import register_bundled_font


def render_receipt(
    *,
    office_name: str,
    town_name: str,
    town_code: str,
    package: str,
    sequence: int,
    created: str,
    received_on: dt.date,
    items: Sequence[dict[str, Any]],
    dry_run: bool = False,
) -> bytes:
    """PDF bytes. Long lists repeat the header row on every page (a few hundred records)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = register_bundled_font()
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    received = sum(1 for i in items if i.get("status") == "received")
    story: list[Any] = [Paragraph("数据包接收回执" + ("（试导入，非正式）" if dry_run else ""), title), Spacer(1, 6 * mm)]
    info = [
        f"报送单位：{town_name}（代码 {town_code}）",
        f"接收单位：{office_name}",
        f"数据包：{package}（第 {sequence} 号，生成于 {created.replace('T', ' ')}）",
        f"接收日期：{received_on.isoformat()}　　记录共 {len(items)} 条：已接收 {received} 条，拒收 {len(items) - received} 条",
    ]
    story += [Paragraph(line, body) for line in info]
    story.append(Spacer(1, 4 * mm))
    head = ["序号", "区记录号", "项目", "表单", "单位名称", "人数", "版本", "状态", "说明"]
    rows: list[list[Any]] = [[Paragraph(h, cell) for h in head]]
    for n, i in enumerate(items, start=1):
        status = "已接收" if i.get("status") == "received" else "拒收"
        rows.append([str(n), str(i.get("record_id") or ""), i.get("project") or "", i.get("form") or "",
                     Paragraph(_esc(i.get("unit_name") or ""), cell), str(i.get("headcount") or ""),
                     str(i.get("revision") or ""), status, Paragraph(_esc(i.get("reason") or ""), cell)])
    widths = [12, 18, 22, 12, 42, 11, 11, 14, 44]
    t = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
    ]))
    sign = Table([[Paragraph(x, body) for x in ("接收单位（盖章）：", "经办人：", "日期：")]],
                 colWidths=[80 * mm, 53 * mm, 53 * mm])
    story += [t, Spacer(1, 12 * mm), sign]

    def page(canvas: Any, doc: Any) -> None:
        canvas.setFont(font, 8)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"第 {doc.page} 页")

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="数据包接收回执", author=office_name)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
