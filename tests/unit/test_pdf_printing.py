"""Print log, verification codes, outdated paper, the district's check, the CLI (issue 4)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import delete, select

from desktop_app.core.forms import load_specs
from desktop_app.documents.verify import (
    content_hash,
    normalize_code,
    parse_qr,
    printed_content,
    qr_matrix,
    qr_text,
    short_code,
)
from desktop_app.services.records import RecordInput, get_record, save_record
from desktop_app.store.models import AuditLog, PrintLog
from tests.unit.pdf_samples import add_record, pdf_text, print_to, project_for, sample_values

SPECS = load_specs()
CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def clean_survey() -> dict:
    values = sample_values(SPECS["2-1-3"])
    values["contact_phone"] = "13912345678"
    return values


def edit(app, rid: int, **changes) -> None:  # type: ignore[no-untyped-def]
    with app.transaction() as s:
        record = get_record(s, rid)
        values = {k: v for k, v in record.data.items() if k != "__roster__"} | changes
        save_record(s, app.specs, project_code=project_for(s, record.form_code),
                    form_code=record.form_code, data=RecordInput(values, []), record_id=rid, draft=True)


def test_code_helpers() -> None:
    spec = SPECS["2-3-2"]
    values = sample_values(spec)
    digest = content_hash(printed_content(spec, values, [], 2023))
    code = short_code("a" * 32, digest)
    assert CODE_RE.match(code)
    assert short_code("a" * 32, digest) == code and short_code("b" * 32, digest) != code
    stamped = dict(values, stamp_unit="2023-07-01")  # a stamp date entered later changes nothing
    assert content_hash(printed_content(spec, stamped, [], 2023)) == digest
    unprinted = dict(values, male_count=99)
    assert content_hash(printed_content(spec, unprinted, [], 2023)) == digest
    assert content_hash(printed_content(spec, dict(values, unit_name="别家"), [], 2023)) != digest
    assert normalize_code(code.lower().replace("-", " ")) == code
    assert normalize_code("OOOO-IIII") == "0000-1111"
    assert normalize_code("12345") is None
    qr = qr_text(code, 12, 3, "ab" * 16, digest)
    assert qr == qr.upper() and normalize_code(qr) == code
    assert parse_qr(qr) == {"code": code, "record_id": 12, "revision": 3, "uid": "ab" * 16,
                            "hash_prefix": digest[:16]}
    matrix = qr_matrix(qr)
    assert len(matrix) <= 33 and all(len(row) == len(matrix) for row in matrix)


def test_print_logs_code_and_moves_draft_to_ready(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import print_status

    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    with town_app.session() as s:
        assert get_record(s, rid).status == "draft"
        assert print_status(s, rid)["printed"] is False
    out = tmp_path / "a.pdf"
    result = print_to(town_app, [rid], out, actor="小王")
    rec = result.records[0]
    assert CODE_RE.match(rec.code) and rec.new_code and rec.status == "ready"
    text = "".join(pdf_text(out))
    assert f"校验码 {rec.code}" in text and f"记录 {rid}" in text
    with town_app.session() as s:
        assert get_record(s, rid).status == "ready"
        logs = s.scalars(select(PrintLog).where(PrintLog.record_id == rid)).all()
        assert [(lg.code, lg.actor, lg.revision) for lg in logs] == [(rec.code, "小王", 1)]
        assert s.scalar(select(AuditLog).where(AuditLog.action == "print"))
        status = print_status(s, rid)
        assert status["current"] is True and rec.code in status["message"]

    again = print_to(town_app, [rid], tmp_path / "b.pdf").records[0]
    assert again.code == rec.code and not again.new_code


def test_errors_keep_draft(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.errors import ValidationFailed

    rid = add_record(town_app, "2-1-1", roster=[])  # sample trip breaks R-TRIP-1
    result = print_to(town_app, [rid], tmp_path / "d.pdf", for_stamping=False)
    assert result.records[0].status == "draft" and result.records[0].code is None
    stamped = print_to(town_app, [rid], tmp_path / "e.pdf").records[0]  # for stamping: still a draft copy
    assert stamped.status == "draft" and stamped.code is None
    with town_app.session() as s:
        assert get_record(s, rid).status == "draft"
        with pytest.raises(ValidationFailed, match="仍有错误"):
            from desktop_app.services.records import set_status

            set_status(s, rid, "ready")


def test_saving_a_pdf_never_changes_status_and_draft_has_watermark(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: a saved PDF (``pdf ID --out``, 另存为 PDF) of a draft leaves it 草稿, prints a
    草稿 watermark and no verification code, and logs no print."""
    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    out = tmp_path / "draft.pdf"
    rec = print_to(town_app, [rid], out, for_stamping=False).records[0]
    assert rec.code is None and rec.status == "draft"
    text = "".join(pdf_text(out))
    assert "草稿" in text and "校验码" not in text
    with town_app.session() as s:
        assert get_record(s, rid).status == "draft"
        assert s.scalars(select(PrintLog).where(PrintLog.record_id == rid)).all() == []
    stamped = tmp_path / "stamped.pdf"
    rec = print_to(town_app, [rid], stamped).records[0]  # printing for stamping: the explicit act
    assert rec.status == "ready" and CODE_RE.match(rec.code)
    assert f"校验码 {rec.code}" in "".join(pdf_text(stamped))
    again = tmp_path / "again.pdf"  # once 待盖章, a saved PDF is the original, with its code
    rec2 = print_to(town_app, [rid], again, for_stamping=False).records[0]
    assert rec2.code == rec.code and "草稿" not in "".join(pdf_text(again))


def test_edit_makes_paper_outdated_and_new_code(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import print_status, verify_code

    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    first = print_to(town_app, [rid], tmp_path / "1.pdf").records[0]
    edit(town_app, rid, unit_name="改过的单位名称")
    with town_app.session() as s:
        status = print_status(s, rid)
        assert status["current"] is False and status["printed_code"] == first.code
        assert status["message"].startswith("纸质版已过期：打印后又修改过")
        old = verify_code(s, first.code)
        assert old["record_id"] == rid and old["current"] is False and old["printed_revision"] == 1
        assert "已过期" in old["message"]
    second = print_to(town_app, [rid], tmp_path / "2.pdf").records[0]
    assert second.code != first.code and second.new_code and second.revision == 2
    with town_app.session() as s:
        assert print_status(s, rid)["current"] is True
        now = verify_code(s, second.code.lower().replace("-", ""))
        assert now["current"] is True and now["revision"] == 2 and "一致" in now["message"]


def test_verify_without_print_log_and_by_qr(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The district has the record (received in a package) but not the town's print log."""
    from desktop_app.services.errors import NotFound, ValidationFailed
    from desktop_app.services.printing import verify_code

    rid = add_record(town_app, "2-3-5", roster=[])
    printed = print_to(town_app, [rid], tmp_path / "p.pdf").records[0]
    with town_app.transaction() as s:
        record = get_record(s, rid)
        uid, revision = record.uid, record.revision
        s.execute(delete(PrintLog))
    with town_app.session() as s:
        info = verify_code(s, printed.code)
        assert info["record_id"] == rid and info["current"] is True and info["uid"] == uid
        digest = content_hash(printed_content(SPECS["2-3-5"], record.data, [], 2023))
        scanned = qr_text(printed.code, rid, revision, uid, digest)
        assert verify_code(s, scanned)["record_id"] == rid
        with pytest.raises(NotFound):
            verify_code(s, "ZZZZ-ZZZZ")
        with pytest.raises(ValidationFailed):
            verify_code(s, "12-34")


def test_many_records_one_pdf(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = [add_record(town_app, code, roster=[]) for code in ("2-1-3", "2-8", "JS-8")]
    out = tmp_path / "batch.pdf"
    result = print_to(town_app, ids, out)
    pages = pdf_text(out)
    assert result.pages == len(pages) == 3
    assert [r.record_id for r in result.records] == ids
    assert "满意度测评表" in pages[0] and "劳模工匠服务队需求申请表" in pages[1]
    assert "八大群体" in pages[2]


def test_unwritable_target_and_unknown_id(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.errors import NotFound
    from desktop_app.services.printing import PrintRefused

    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    with pytest.raises(PrintRefused, match="不存在"):
        print_to(town_app, [rid], tmp_path / "no-such-dir" / "x.pdf")
    with pytest.raises(PrintRefused, match="文件夹"):
        print_to(town_app, [rid], tmp_path)
    with pytest.raises(NotFound, match="找不到编号为 999"):
        print_to(town_app, [rid, 999], tmp_path / "y.pdf")
    assert not (tmp_path / "y.pdf").exists()
    with town_app.session() as s:
        assert s.scalars(select(PrintLog)).all() == []
        assert get_record(s, rid).status == "draft"


def test_existing_file_replaced_atomically(town_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "same.pdf"
    out.write_bytes(b"old")
    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    print_to(town_app, [rid], out)
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["same.pdf"]  # no temp file left


def test_preview_logs_nothing(town_app) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.printing import preview_pdf

    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    with town_app.session() as s:
        data, warnings = preview_pdf(s, town_app.specs, [rid])
        assert data.startswith(b"%PDF-") and warnings == []
        assert s.scalars(select(PrintLog)).all() == [] and get_record(s, rid).status == "draft"


def test_cli_pdf_and_verify(town_app, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rid = add_record(town_app, "2-1-3", clean_survey(), roster=[])
    out = tmp_path / "cli.pdf"
    code, stdout, stderr = run_cli("pdf", str(rid), "--out", str(out), "--json")
    assert code == 0, stderr  # a draft: watermarked copy, status unchanged (issue 12)
    payload = json.loads(stdout)
    assert payload["records"][0]["status"] == "draft" and payload["records"][0]["code"] is None
    code, stdout, _ = run_cli("pdf", str(rid), "--out", str(out))
    assert code == 0 and "草稿副本" in stdout
    code, _, stderr = run_cli("record", "status", str(rid), "ready")  # the explicit act
    assert code == 0, stderr
    code, stdout, stderr = run_cli("pdf", str(rid), "--out", str(out), "--json")
    assert code == 0, stderr
    payload = json.loads(stdout)
    assert payload["pages"] == 1 and payload["records"][0]["status"] == "ready"
    printed = payload["records"][0]["code"]
    code, stdout, _ = run_cli("pdf", str(rid), "--out", str(out), "--copies", "2")
    assert code == 0 and "沿用校验码" in stdout and printed in stdout
    code, stdout, _ = run_cli("verify", printed)
    assert code == 0 and "一致" in stdout
    code, stdout, _ = run_cli("verify", printed, "--json")
    assert json.loads(stdout)["record_id"] == rid

    code, _, stderr = run_cli("pdf", "424242", "--out", str(tmp_path / "none.pdf"))
    assert code == 2 and "找不到编号为 424242 的记录" in stderr
    assert not (tmp_path / "none.pdf").exists()
    code, _, stderr = run_cli("pdf", str(rid), "--out", str(tmp_path / "missing" / "x.pdf"))
    assert code == 2 and "无法写入文件" in stderr
    code, _, stderr = run_cli("verify", "ZZZZ-ZZZZ")
    assert code == 2 and "没有找到校验码" in stderr
    code, _, stderr = run_cli("pdf", "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "记录编号" in stderr


def test_cli_blank_forms(app, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "blank.pdf"
    code, stdout, stderr = run_cli("pdf", "--blank", "2-3-6", "--rows", "40", "--out", str(out))
    assert code == 0, stderr
    text = "".join(pdf_text(out))
    assert "2023 年青浦工会各类职工健康体检名册" in text and "\n40\n" in text + "\n"
    code, _, _ = run_cli("pdf", "--blank", "JS-8", "--out", str(out))
    assert code == 0 and "2021 年" in pdf_text(out)[0]
    code, _, _ = run_cli("pdf", "--blank", "2-3-2", "--year", "2024", "--out", str(out))
    assert code == 0 and "2024 年青浦工会" in pdf_text(out)[0]
    code, _, stderr = run_cli("pdf", "--blank", "9-9", "--out", str(out))
    assert code == 2 and "没有表单 9-9" in stderr


def test_cli_missing_glyph_exit_2_no_file(town_app, run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    values = clean_survey() | {"unit_name": "某\U00030000公司"}
    rid = add_record(town_app, "2-1-3", values, roster=[])
    out = tmp_path / "g.pdf"
    code, _, stderr = run_cli("pdf", str(rid), "--out", str(out))
    assert code == 2 and "U+30000" in stderr and "参加单位名称" in stderr
    assert not out.exists()
