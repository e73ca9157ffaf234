"""Sample values for every field of a form spec (PDF tests and benchmarks)."""

from __future__ import annotations

from typing import Any

TEXTS = ["青浦精密机械", "华新镇华腾路八号", "徐泾东方体检", "朱家角文旅", "赵巷物流园区", "练塘水乡茶社"]
NAMES = ["张喆", "李堃", "王珺", "陈昇", "刘晓燕", "周立强", "吴海峰", "郑丽"]
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(i: int, male: bool | None = None) -> str:
    """A valid identity number (R-ID-1): born 1970–1999, sequence parity = gender."""
    male = (i % 2 == 0) if male is None else male
    seq = (i * 2 % 998) + (1 if male else 2)
    body = f"310118{1970 + i % 30}{1 + i % 12:02d}{1 + i % 28:02d}{seq:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _W)) % 11]
    return body + check


IDS = [make_id(i) for i in range(8)]


def sample_value(field: Any, i: int) -> Any:
    t = field.type
    if t in ("choice",):
        return field.options[i % len(field.options)].value
    if t == "multi_choice":
        return [field.options[0].value, field.options[-1].value] if len(field.options) > 1 else [
            field.options[0].value]
    if t == "gender":
        return "女" if i % 2 else "男"
    if t == "bool":
        return True
    if t == "int":
        return 10 + i
    if t == "money":
        return f"{100 + i}.50"
    if t == "date":
        return f"2023-06-{10 + i % 18:02d}"
    if t == "month_day":
        return f"0{5 + i % 4}-{10 + i % 18:02d}"
    if t in ("phone", "mobile"):
        return f"139{i:08d}"
    if t == "id_number":
        return IDS[i % len(IDS)]
    if t == "multiline":
        return f"{TEXTS[i % len(TEXTS)]}第{i}项说明：行程安排合理，服务周到。"
    key = field.key
    if "name" in key and "unit" not in key and "enterprise" not in key:
        return NAMES[i % len(NAMES)]
    return f"{TEXTS[i % len(TEXTS)]}{i}"


def sample_values(spec: Any, *, printed_only: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for i, f in enumerate(spec.fields):
        if printed_only and not f.printed:
            continue
        values[f.key] = sample_value(f, i)
    return values


def sample_roster(rspec: Any, n: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        row: dict[str, Any] = {}
        for col in rspec.roster.columns:
            if col.type == "seq":
                continue
            if col.type == "id_number":
                row[col.key] = make_id(i)
            elif col.type == "date":
                row[col.key] = f"2023-07-{1 + i % 28:02d}"
            elif col.type == "money":
                row[col.key] = f"{50 + i}.00"
            elif col.type in ("choice",) and col.options:
                row[col.key] = col.options[i % len(col.options)].value
            elif col.type == "gender":
                row[col.key] = "女" if i % 2 else "男"
            elif col.type == "int":
                row[col.key] = 20 + i % 40 if col.key == "age" else 1 + i % 9
            elif col.key == "name":
                row[col.key] = NAMES[i % len(NAMES)] + str(i)
            elif col.type in ("phone", "mobile"):
                row[col.key] = f"139{i:08d}"
            else:
                row[col.key] = TEXTS[i % len(TEXTS)] + "有限公司"
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------------
# Records and reading PDFs back (pypdf is a test-only dependency)

PAPER_FORMS = ("2-1-1", "2-1-2", "2-1-3", "2-3-2", "2-3-3", "2-3-4", "2-3-5", "2-3-6", "2-8", "JS-8")


def project_for(session: Any, form_code: str) -> str:
    from desktop_app.services.catalog import list_projects

    for p in list_projects(session):
        if form_code in (p.forms or []):
            return p.code
    raise LookupError(form_code)


def add_record(app: Any, form_code: str, values: dict | None = None, roster: list | None = None,
               draft: bool = True) -> int:
    from desktop_app.services.records import RecordInput, save_record

    specs = app.specs
    spec = specs[form_code]
    if values is None:
        values = sample_values(spec) if spec.kind != "roster" else {}
    if roster is None:
        rspec = specs[spec.roster_form] if spec.roster_form else (spec if spec.kind == "roster" else None)
        roster = sample_roster(rspec, 3) if rspec is not None else []
    with app.transaction() as s:
        res = save_record(s, specs, project_code=project_for(s, form_code), form_code=form_code,
                          data=RecordInput(dict(values), list(roster)), draft=draft)
        return res.record.id


def print_to(app: Any, ids: list[int], path: Any, **kw: Any) -> Any:
    """Print for stamping (the print dialog's main action) unless for_stamping=False."""
    from desktop_app.services.printing import print_records

    kw.setdefault("for_stamping", True)
    with app.transaction() as s:
        return print_records(s, app.specs, ids, path, **kw)


def pdf_text(path: Any) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def squash(text: str) -> str:
    """Text without any white space (wrapped cells break values over lines)."""
    return "".join(text.split())


def expected_text(field: Any, value: Any) -> str:
    """What a value looks like printed, written independently of the renderer."""
    import datetime as dt

    if field.type == "date":
        d = dt.date.fromisoformat(value)
        return f"{d.year}年{d.month}月{d.day}日"
    if field.type == "month_day":
        m, d = value.split("-")
        return f"{int(m)}月{int(d)}日"
    if field.type in ("choice", "multi_choice"):
        chosen = value if isinstance(value, list) else [value]
        return "".join(o.label for o in field.options if o.value in chosen)
    if field.type == "bool":
        return ""
    return str(value)


def font_files(path: Any) -> list[str]:
    """Names of the fonts embedded as TrueType programs (/FontFile2)."""
    import pypdf

    names = set()
    for page in pypdf.PdfReader(str(path)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                names.add(str(font["/BaseFont"]))
    return sorted(names)


def text_chunks(source: Any) -> list[list[tuple[float, float, float, str]]]:
    """Per page, the drawn text pieces as (baseline y, x, font size, text), read back from the
    PDF by pypdf (one piece per text object the writer drew: a line of a cell, a title line)."""
    import io

    import pypdf

    data = source if isinstance(source, bytes) else open(source, "rb").read()  # noqa: SIM115
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        chunks: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font, size, chunks=chunks):  # type: ignore[no-untyped-def]
            if text.strip():
                chunks.append((round(tm[5], 1), round(tm[4], 1), float(size), text))

        page.extract_text(visitor_text=visit)
        pages.append(chunks)
    return pages


def text_lines(source: Any) -> list[list[str]]:
    """Per page, the printed lines top-down: pieces on one baseline joined left to right."""
    out = []
    for chunks in text_chunks(source):
        rows: dict[float, list[tuple[float, str]]] = {}
        for y, x, _size, text in chunks:
            key = next((k for k in rows if abs(k - y) < 1.0), y)
            rows.setdefault(key, []).append((x, text))
        out.append([" ".join(t for _, t in sorted(rows[y])) for y in sorted(rows, reverse=True)])
    return out
