"""Self-check of the charts (统计 page): matplotlib draws with the bundled Chinese font."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.selfcheck import check


@check("统计图表（matplotlib，中文字体）")
def _charts(app) -> str:  # type: ignore[no-untyped-def]
    """A chart with Chinese labels rendered to PNG by Agg; the labels' font must be the bundled
    file (a frozen build without matplotlib's data or the font would draw boxes)."""
    from matplotlib import font_manager

    from desktop_app.app_paths import resource_path
    from desktop_app.documents.chart_render import chart_png, setup_matplotlib
    from desktop_app.documents.report_model import Chart

    names = setup_matplotlib()
    data = chart_png(Chart("各项目完成率", "hbar", ["职工健康体检", "送春联"], [("完成率", [0.6, 0.25])], "percent"))
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 2000:
        raise RuntimeError("图表没有生成 PNG 图片")
    used = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    if not used or resource_path("fonts").resolve() not in Path(used).resolve().parents:
        raise RuntimeError(f"图表没有使用程序自带的中文字体（实际：{used}）")
    import matplotlib

    return f"matplotlib {matplotlib.__version__}，字体 {'、'.join(names)}，PNG {len(data) // 1024} KB"
