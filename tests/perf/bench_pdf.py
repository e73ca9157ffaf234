"""PDF benchmarks (issue 4): a 10,000-row roster, a single filled form, and — when LibreOffice
is installed — the same roster as .xlsx converted by `soffice --headless --convert-to pdf`.

Targets: roster ≤ 0.5 × soffice (`roster_pdf_vs_soffice_ratio`), single form ≤ 0.2 s once
fonts are registered. LibreOffice is never installed here (measure locally with
`apt-get install -y libreoffice-calc`).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROWS = 10_000
_COLD = """
import time, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from desktop_app.core.forms import load_specs
from pdf_samples import sample_values
spec = load_specs()["2-3-2"]; values = sample_values(spec)
t = time.perf_counter()
from desktop_app.documents.pdf_forms import form_pdf_bytes
form_pdf_bytes(spec, values, 2023)
print(time.perf_counter() - t)
"""


def _roster_rows(spec, n: int) -> list[dict]:  # type: ignore[no-untyped-def]
    from tests.unit.pdf_samples import sample_roster

    return sample_roster(spec, n)


def _roster_pdf(spec, rows, out: Path) -> float:  # type: ignore[no-untyped-def]
    from desktop_app.documents.pdf_forms import new_canvas
    from desktop_app.documents.pdf_roster import render_roster

    started = time.perf_counter()
    with open(out, "wb") as fh:
        c = new_canvas(fh, "名册")
        render_roster(c, spec, rows, 2023)
        c.save()
    return time.perf_counter() - started


def _xlsx(spec, rows, out: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名册")
    cols = [c for c in spec.roster.columns if c.printed]
    ws.append([spec.title_for(2023)])
    ws.append([c.header for c in cols])
    for i, row in enumerate(rows, start=1):
        ws.append([i if c.type == "seq" else row.get(c.key, "") for c in cols])
    wb.save(out)


def _soffice(binary: str, src: Path, outdir: Path, profile: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(src)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
    )
    return time.perf_counter() - started


def run(workdir: Path) -> dict[str, object]:
    from desktop_app.core.forms import load_specs
    from desktop_app.documents.fonts import get_fonts
    from desktop_app.documents.pdf_forms import form_pdf_bytes
    from tests.unit.pdf_samples import sample_values

    root = Path(__file__).resolve().parents[2]
    cold = subprocess.run([sys.executable, "-c", _COLD.format(root=str(root), tests=str(root / "tests" / "unit"))],
                          capture_output=True, text=True, check=True, timeout=120)
    metrics: dict[str, object] = {"single_form_pdf_first_s": round(float(cold.stdout.strip()), 3)}

    specs = load_specs()
    get_fonts()
    spec = specs["2-3-2"]
    values = sample_values(spec)
    form_pdf_bytes(spec, values, 2023)
    times = []
    for _ in range(7):
        t = time.perf_counter()
        form_pdf_bytes(spec, values, 2023)
        times.append(time.perf_counter() - t)
    metrics["single_form_pdf_s"] = round(statistics.median(times), 4)

    roster = specs["2-3-6"]
    rows = _roster_rows(roster, ROWS)
    pdf_times = [_roster_pdf(roster, rows, workdir / "roster.pdf") for _ in range(3)]
    metrics["roster_pdf_10k_s"] = round(statistics.median(pdf_times), 3)
    metrics["roster_pdf_10k_pages"] = _page_count(workdir / "roster.pdf")
    metrics["roster_pdf_10k_mb"] = round((workdir / "roster.pdf").stat().st_size / 1e6, 2)

    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if not binary:
        metrics["soffice"] = "not installed"
        return metrics
    xlsx = workdir / "roster.xlsx"
    _xlsx(roster, rows, xlsx)
    small = workdir / "warmup.xlsx"
    _xlsx(roster, rows[:5], small)
    profile = workdir / "lo-profile"
    outdir = workdir / "soffice-out"
    outdir.mkdir()
    _soffice(binary, small, outdir, profile)  # first start creates the profile: not timed
    lo = statistics.median(_soffice(binary, xlsx, outdir, profile) for _ in range(3))
    metrics["soffice_xlsx_to_pdf_10k_s"] = round(lo, 3)
    metrics["roster_pdf_vs_soffice_ratio"] = round(metrics["roster_pdf_10k_s"] / lo, 3)  # type: ignore[operator]
    return metrics


def _page_count(path: Path) -> int:
    import re

    return len(re.findall(rb"/Type /Page\b", path.read_bytes()))
