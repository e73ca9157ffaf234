"""Bad input as tests: a corpus made here with a fixed seed (tests/fuzz/corpus.py) — mutated
.xlsx and .xls rosters, exchange packages, record JSON, passphrase files — run through the CLI
in a subprocess (RLIMIT_AS 2 GiB, 60 s per case). No traceback reaches the user, no internal
error, no crash or hang, and after a refusal the store's contents are unchanged."""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

import pytest

from tests.fuzz import corpus

pytestmark = [pytest.mark.skipif(sys.platform == "win32" or not corpus.os_env_ok(), reason="POSIX rlimits"), pytest.mark.sqlite_only]  # subprocesses on the SQLite file of a data folder

# Holes other helpers are closing now (issue 20); a case named here is expected to fail until
# their fix lands. Re-checked before the last merge: empty when everything is fixed.
KNOWN_HOLES: dict[str, str] = {}


@pytest.fixture(scope="module")
def world(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A town with a record waiting to be sent, a district, and a package from the town."""
    from desktop_app.documents import package_format as pf
    from desktop_app.services import exchange as ex
    from tests.unit import xlsx_factory as xf
    from tests.unit.exchange_helpers import add_record, enrol, make_id, open_office

    base = tmp_path_factory.mktemp("fuzz")
    old = pf.KDF_LOG2N
    pf.KDF_LOG2N = 10
    try:
        town = open_office(base, "ZJJ", "朱家角镇总工会")
        add_record(town, "甲物流公司", [("李四", make_id(1)), ("王五", make_id(2))])
        with town.transaction() as s:
            package = ex.export_package(s, base, corpus.SECRET).path.read_bytes()
        add_record(town, "乙公司", [("赵六", make_id(3))])  # something to send for the passphrase cases
        town.close()
        district = open_office(base, "QP", "青浦区总工会", level="district")
        enrol(district, "ZJJ", "朱家角镇总工会", key=corpus.SECRET)  # the town's key: here the same text
        district.close()
    finally:
        pf.KDF_LOG2N = old
    def gender(number: str) -> str:  # R-ID-4: the 17th digit, odd = male
        return "男" if int(number[16]) % 2 else "女"

    xf.roster_236(base / "base.xlsx", [xf.person(i + 1, f"职工{i}", gender(make_id(10 + i)), "已婚", None,
                                                 make_id(10 + i)) for i in range(6)])
    xf.xls_roster(base / "base.xls", [[i + 1, "青浦甲公司", f"职工{i}", gender(make_id(20 + i)), "已婚", None,
                                       make_id(20 + i), None] for i in range(6)])
    record = {"unit_name": "丙公司", "contact": "张三", "contact_phone": "13812345678", "headcount": 1,
              "check_date": "2023-06-01", "check_place": "青浦区体检中心", "ownership": "private", "plan": "A",
              "fill_date": "2023-05-20",
              "roster": [{"unit": "丙公司", "name": "钱七", "id_number": make_id(30), "married": "已婚",
                          "phone": "13900000000"}]}
    return {"base": base, "town": base / "ZJJ", "district": base / "QP", "package": package, "record": record}


def cases_for(kind: str, world) -> list[dict]:  # type: ignore[no-untyped-def]
    rng = random.Random(f"{corpus.SEED}-{kind}")
    base: Path = world["base"]
    town, district = world["town"], world["district"]
    files = base / "corpus"
    dbt, dbd = str(town / "unionledger.sqlite3"), str(district / "unionledger.sqlite3")
    if kind == "xlsx":
        paths = corpus.write_files(files, kind, corpus.xlsx_cases((base / "base.xlsx").read_bytes(), rng), ".xlsx")
        return [{"id": f"xlsx-{n}", "db": dbt, "argv": ["--data-dir", str(town), "roster", "import", str(p), "--json"]}
                for n, p in paths.items()]
    if kind == "xls":
        paths = corpus.write_files(files, kind, corpus.xls_cases((base / "base.xls").read_bytes(), rng), ".xls")
        return [{"id": f"xls-{n}", "db": dbt, "argv": ["--data-dir", str(town), "roster", "import", str(p), "--json"]}
                for n, p in paths.items()]
    if kind == "package":
        paths = corpus.write_files(files, kind, corpus.package_cases(world["package"], rng), ".ulpkg")
        out = [{"id": f"package-{n}", "db": dbd, "argv": ["--data-dir", str(district), "exchange", "import", str(p)]}
               for n, p in paths.items() if n != "valid"]
        # the town reading a package meant for the district, and the valid one last (imported)
        out.append({"id": "package-at-town", "db": dbt, "argv": ["--data-dir", str(town), "exchange", "receipt",
                                                                 "import", str(paths["flip1"])]})
        out.append({"id": "package-valid", "db": dbd, "argv": ["--data-dir", str(district), "exchange", "import",
                                                               str(paths["valid"])]})
        return out
    if kind == "record_json":
        paths = corpus.write_files(files, kind, corpus.record_json_cases(world["record"], rng), ".json")
        return [{"id": f"record-{n}", "db": dbt, "argv": ["--data-dir", str(town), "record", "add", "--form", "2-3-2",
                                                          "--project", "QP2023-03", "--data", str(p), "--json"]}
                for n, p in paths.items()]
    assert kind == "passphrase"
    out_dir = base / "usb"
    out_dir.mkdir(exist_ok=True)
    paths = corpus.write_files(files, kind, corpus.passphrase_cases(rng), ".txt")
    order = [n for n in paths if n != "valid"] + ["valid"]  # the valid one exports (changes the store) last
    return [{"id": f"passphrase-{n}", "db": dbt, "argv": ["--data-dir", str(town), "exchange", "export", "--out",
                                                          str(out_dir), "--passphrase-file", str(paths[n]), "--json"]}
            for n in order]


@pytest.mark.parametrize("kind", corpus.KINDS)
def test_bad_input_is_refused_cleanly(kind, world, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("UNIONLEDGER_PASSPHRASE", raising=False)
    cases = cases_for(kind, world)
    results = corpus.run_cases(tmp_path, kind, cases)
    assert [r["id"] for r in results] == [c["id"] for c in cases]
    report = os.environ.get("UNIONLEDGER_FUZZ_REPORT")  # a folder: one JSON summary per kind (README figures)
    if report:
        codes: dict[str, int] = {}
        for r in results:
            codes[str(r["code"])] = codes.get(str(r["code"]), 0) + 1
        Path(report, f"{kind}.json").write_text(json.dumps({
            "cases": len(results), "exit_codes": codes, "max_seconds": max(r["seconds"] or 0 for r in results),
            "peak_mb": max(r["peak_mb"] or 0 for r in results)}), encoding="utf-8")
    found = corpus.problems(results, cases)
    holes = [p for p in found if p.split(":")[0] in KNOWN_HOLES]
    unexpected = [p for p in found if p not in holes]
    assert unexpected == [], "\n".join(unexpected)
    # the controls went through: a valid file is not refused
    valid = {r["id"]: r for r in results if r["id"].endswith("-valid")}
    assert valid and all(r["code"] == 0 for r in valid.values()), valid
    # and the corpus is not all the same refusal: most mutated cases were read far enough to be refused
    assert sum(r["code"] == 2 for r in results) >= len(results) // 3, [(r["id"], r["code"]) for r in results]
    peak = max(r["peak_mb"] or 0 for r in results)
    assert peak < corpus.MEMORY_LIMIT / 1024 ** 2
    if holes:
        pytest.xfail("; ".join(f"{h} ({KNOWN_HOLES[h.split(':')[0]]})" for h in holes))
