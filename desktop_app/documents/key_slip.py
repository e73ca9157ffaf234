"""The town's exchange key slip (交换密钥单): printed once when the district enrols a town or
re-issues its key, handed to the town's clerk, who types the key when making packages."""

from __future__ import annotations

import io
from typing import Any

from desktop_app.documents.fonts import register_bundled_font

SLIP_NOTES = (
    ("1. 此口令是本街镇与区总工会交换数据的专用密钥：导出上报数据包、导入回执和审核结果包时输入。"
    "输入时不区分大小写，短横线可省略；本程序发现输错一位会当场提示。"),
    "2. 只有用此口令生成的数据包才会被区总工会作为本街镇的数据接收；用其他街镇的口令或已作废的口令生成的数据包一律拒收。",
    ("3. 请妥善保管，不要写在电脑上、不要通过微信或电子邮件发送。密钥单遗失或泄露时，请联系区总工会重新发放："
    "新密钥发放后，旧密钥立即作废。"),
)


def slip_lines(*, district: str, town: str, code: str, version: int, issued: str, passphrase: str) -> list[str]:
    """The slip as text lines (the plain-text slip and the PDF say the same)."""
    return [
        "数据交换密钥单",
        f"发放单位：{district}",
        f"街镇：{town}（代码 {code}）",
        f"密钥版本：第 {version} 版　　发放时间：{issued}",
        f"交换口令：{passphrase}",
        *SLIP_NOTES,
    ]


def render_slip(*, district: str, town: str, code: str, version: int, issued: str, passphrase: str) -> bytes:
    """PDF bytes: one A4 page, the key in large monospaced type, signature lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = register_bundled_font()
    title = ParagraphStyle("t", fontName=font, fontSize=18, leading=26, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    key = ParagraphStyle("k", fontName="Courier-Bold", fontSize=20, leading=28, alignment=1)
    lines = slip_lines(district=district, town=town, code=code, version=version, issued=issued,
                       passphrase=passphrase)
    story: list[Any] = [Paragraph(lines[0], title), Spacer(1, 8 * mm)]
    story += [Paragraph(_esc(line), body) for line in lines[1:4]]
    story.append(Spacer(1, 6 * mm))
    box = Table([[Paragraph("交换口令", body)], [Paragraph(_esc(passphrase), key)]], colWidths=[150 * mm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.0, "black"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                             ("TOPPADDING", (0, 1), (-1, 1), 6), ("BOTTOMPADDING", (0, 1), (-1, 1), 10)]))
    story += [box, Spacer(1, 8 * mm)]
    story += [Paragraph(_esc(line), body) for line in lines[5:]]
    story.append(Spacer(1, 18 * mm))
    sign = Table([[Paragraph(x, body) for x in ("发放人：", "领取人：", "领取日期：")]],
                 colWidths=[60 * mm, 60 * mm, 60 * mm])
    story.append(sign)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=15 * mm, title="数据交换密钥单", author=district)
    doc.build(story)
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
