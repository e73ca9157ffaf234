"""Kill -9 trials: the long writes run in a subprocess that is SIGKILLed at a random moment.

Scenarios (each from a prepared data folder, copied fresh for every trial):
- ``roster``: ``roster import FILE`` (2,000 people into the registry, one transaction)
- ``district``: the district imports 3 town packages (``import_packages``: one transaction each)
- ``export``: the town's ``exchange export --out USB``
- ``receipt``: ``exchange import PKG --receipt-out DIR`` (import, then the receipt package)
- ``backup``: ``backup create --out USB``
- ``migration``: the start-up migration of a store left at revision 0001 (12,000 people)

After every kill: ``PRAGMA integrity_check``; the row counts are one of the states the act may
leave (before, after, or after each whole package); the program starts (``self-check --quick``:
data folder, migrations, integrity, catalogue); no file a clerk would take for complete is
partial (every backup in the backups folder and on the stick verifies, every package decodes and
is known to the store that wrote it); the act run again completes and leaves no ``~….part``.

``run(workdir, trials, seed)`` returns a report; tests/unit/test_crash_kill.py runs a few trials,
``python -m tests.perf crash`` many (``UNIONLEDGER_CRASH_TRIALS`` per scenario, default 30).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SECRET = "青浦区-交换口令-2023"
SCENARIOS = ("roster", "district", "export", "receipt", "backup", "migration")
COUNTED = ("people", "records", "roster_entries", "exchange_log", "audit_log", "units")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.update({"QT_QPA_PLATFORM": "offscreen", "UNIONLEDGER_PASSPHRASE": SECRET, "PYTHONPATH": str(REPO),
              "UNIONLEDGER_AUTO_BACKUP": "0", "PYTHONDONTWRITEBYTECODE": "1"})
    e.pop("UNIONLEDGER_HOME", None)
    return e


def cli(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app", "--data-dir", str(root), *args]


def run_cli(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(root, *args), cwd=REPO, env=env(), capture_output=True, text=True, timeout=timeout, check=False)


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED if t in have}
    finally:
        con.close()


def integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def revision(db: Path) -> str | None:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        con.close()


# ------------------------------------------------------------------ preparing the templates

def _make_id(n: int) -> str:
    from desktop_app.core.ids import check_char

    born = dt.date(1960, 1, 1) + dt.timedelta(days=n // 5)
    first17 = f"310118{born:%Y%m%d}{100 + (n % 5) * 2:03d}"
    return first17 + check_char(first17)


def _town(root: Path, records: int, per_record: int, start: int = 0) -> Any:
    from tests.unit.exchange_helpers import add_record, open_office

    app = open_office(root, "ZJJ", "朱家角镇总工会")
    for r in range(records):
        people = [(f"职工{start + r * per_record + i}", _make_id(start + r * per_record + i)) for i in range(per_record)]
        add_record(app, f"企业{start + r}", people)
    return app


def _store_at_0001(db: Path, people: int) -> None:
    from desktop_app.store.migrate import upgrade_sqlite

    upgrade_sqlite(db, "0001")  # a store as release 0001 left it
    con = sqlite3.connect(db)
    now = "2026-01-02 03:04:05.000000"
    with con:
        con.executemany("INSERT INTO people (uid, id_number, name, gender, work_unit, revision, created_at, updated_at)"
                        " VALUES (?, ?, ?, '女', ?, 1, ?, ?)",
                        [(f"u{n}", _make_id(n), f"职工{n}", f"单位{n % 97}", now, now) for n in range(people)])
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def prepare(base: Path) -> dict[str, Any]:
    """Template data folders and reference states (in-process, cheap key derivation)."""
    from desktop_app.documents import package_format as pf
    from desktop_app.services import exchange as ex
    from tests.unit import xlsx_factory as xf
    from tests.unit.exchange_helpers import enrol, open_office

    base.mkdir(parents=True, exist_ok=True)
    old_log2n = pf.KDF_LOG2N
    pf.KDF_LOG2N = 10
    try:
        # the town: records waiting to be sent (export), and three packages for the district
        town = _town(base / "t", 16, 25)
        packages = []
        made = base / "packages"
        made.mkdir()
        for n in range(3):
            if n:
                from tests.unit.exchange_helpers import add_record

                for r in range(8):
                    k = 10_000 + n * 1000 + r * 25
                    add_record(town, f"新企业{n}-{r}", [(f"新职工{k + i}", _make_id(k + i)) for i in range(25)])
            with town.transaction() as s:
                packages.append(ex.export_package(s, made, SECRET, log2n=10).path)
        town.close()
        district = open_office(base / "d", "QP", "青浦区总工会", level="district")
        enrol(district, "ZJJ", "朱家角镇总工会", key=SECRET)  # each town its own key; here the same text
        district.close()
        # the roster
        xf.roster_236(base / "roster.xlsx", [xf.person(i + 1, f"名册{i}", "女", "已婚", None, _make_id(50_000 + i))
                                             for i in range(2000)])
        # a store of release 0001
        _store_at_0001(base / "m" / "unionledger.sqlite3", 12_000)
    finally:
        pf.KDF_LOG2N = old_log2n
    # a fresh town with its unsent records for the export scenario (packages above are not logged there)
    town2 = _town(base / "e", 20, 20)
    town2.close()
    return {"town": base / "t" / "ZJJ", "export_town": base / "e" / "ZJJ", "district": base / "d" / "QP",
            "packages": packages, "roster": base / "roster.xlsx", "old": base / "m"}


# ------------------------------------------------------------------ scenarios

@dataclass
class Scenario:
    name: str
    template: Path
    command: Callable[[Path], list[str]]  # trial folder → argv
    retry: Callable[[Path], list[str]] | None = None
    states: list[dict[str, int]] = field(default_factory=list)  # allowed row counts after a kill
    full_seconds: float = 0.0


def _copy(template: Path, trial: Path) -> Path:
    root = trial / "data"
    shutil.copytree(template, root)
    (trial / "usb").mkdir()
    return root


def build(base: Path, t: dict[str, Any]) -> list[Scenario]:
    pk = [str(p) for p in t["packages"]]
    driver = [sys.executable, "-m", "tests.crash.driver"]
    return [
        Scenario("roster", t["town"], lambda tr: cli(tr / "data", "roster", "import", str(t["roster"]), "--json")),
        Scenario("district", t["district"], lambda tr: [*driver, "district", str(tr / "data"), *pk]),
        Scenario("export", t["export_town"],
                 lambda tr: cli(tr / "data", "exchange", "export", "--out", str(tr / "usb"), "--json"),
                 retry=lambda tr: cli(tr / "data", "exchange", "export", "--out", str(tr / "usb"), "--json")),
        Scenario("receipt", t["district"],
                 lambda tr: cli(tr / "data", "exchange", "import", pk[0], "--receipt-out", str(tr / "usb")),
                 retry=lambda tr: cli(tr / "data", "exchange", "receipt", "make", pk[0], "--out", str(tr / "usb"))),
        Scenario("backup", t["town"], lambda tr: cli(tr / "data", "backup", "create", "--out", str(tr / "usb")),
                 retry=lambda tr: cli(tr / "data", "backup", "create", "--out", str(tr / "usb"))),
        Scenario("migration", t["old"], lambda tr: cli(tr / "data", "people", "search", "--json", "--limit", "1")),
    ]


def _run_full(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=env(), capture_output=True, text=True, timeout=300, check=False)
    return time.perf_counter() - started, done


def reference(base: Path, sc: Scenario) -> None:
    """One uninterrupted run: its duration and the states a kill may leave."""
    trial = base / f"ref-{sc.name}"
    root = _copy(sc.template, trial)
    db = root / "unionledger.sqlite3"
    before = counts(db)
    if sc.name == "district":  # the states after each whole package
        step = base / "ref-district-states"
        _copy(sc.template, step)
        argv = sc.command(step)
        argv[argv.index("district")] = "district-states"
        _, done = _run_full(argv)
        assert done.returncode == 0, done.stderr
        sc.states = json.loads(done.stdout.strip().splitlines()[-1])
    seconds, done = _run_full(sc.command(trial))
    assert done.returncode in (0, 1), (sc.name, done.stderr)
    sc.full_seconds = seconds
    if sc.name != "district":
        sc.states = [before, counts(db)]  # migration: no row changes, but the catalogue is loaded after it
    if sc.name == "receipt":  # two acts: the import (one transaction), then the receipt (log row + audit)
        imported = dict(sc.states[1], exchange_log=sc.states[1]["exchange_log"] - 1,
                        audit_log=sc.states[1]["audit_log"] - 1)
        sc.states.insert(1, imported)


# ------------------------------------------------------------------ checks

def _package_ok(path: Path) -> tuple[bool, str | None]:
    """Complete and authentic: decrypts with the passphrase and its hashes match."""
    from desktop_app.documents import package_format as pf

    data = path.read_bytes()
    try:
        header, _ = pf.read_header(data, path.name)
        pf.decode_package(data, passphrase=SECRET, name=path.name, kind=header.kind)
        return True, header.package_id
    except Exception:  # noqa: BLE001 - any failure means the file is not a complete package
        return False, None


def _out_logs(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return {r[0]: r[1] for r in con.execute(
            "SELECT file_name, package_id FROM exchange_log WHERE direction='out' AND file_name IS NOT NULL")}
    finally:
        con.close()


def check_outputs(sc: Scenario, trial: Path) -> list[str]:
    """Files a clerk could take: every backup verifies, every package is complete and known."""
    from desktop_app.store.backup import list_backups, verify_file

    problems = []
    root, usb = trial / "data", trial / "usb"
    for folder in (root / "backups", usb):
        for b in list_backups(folder):
            v = verify_file(b.path)
            if not v.ok:
                problems.append(f"partial backup {b.path.name}: {v.message()}")
    logs = _out_logs(root / "unionledger.sqlite3")
    for f in usb.glob("*.ulpkg"):
        ok, pid = _package_ok(f)
        if not ok:
            problems.append(f"partial package {f.name}")
        elif sc.name == "export" and logs.get(f.name) != pid:
            problems.append(f"package {f.name} unknown to the store that wrote it")
    return problems


@dataclass
class Trial:
    scenario: str
    delay: float
    killed: bool
    state: int | None  # index into the scenario's states (None: not an allowed state)
    problems: list[str]
    finished_in: float | None = None  # seconds, when the act finished before the kill


def trial(sc: Scenario, trial_dir: Path, delay: float, head: str) -> Trial:
    root = _copy(sc.template, trial_dir)
    db = root / "unionledger.sqlite3"
    proc = subprocess.Popen(sc.command(trial_dir), cwd=REPO, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    finished_in = None
    try:
        proc.wait(timeout=delay)
        killed = False
        finished_in = time.perf_counter() - started
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed = True
    from desktop_app.store.backup import known_revisions

    problems: list[str] = []
    ok = integrity(db)
    if ok != "ok":
        problems.append(f"integrity_check: {ok}")
    now = counts(db)
    state = next((i for i, s in enumerate(sc.states) if s == now), None)
    if state is None:
        problems.append(f"half-written: {now} not in {sc.states}")
    if sc.name == "migration":
        rev = revision(db)
        if rev not in known_revisions():
            problems.append(f"unexpected revision {rev}")
    problems += check_outputs(sc, trial_dir)
    start = run_cli(root, "self-check", "--quick", "--json")
    if start.returncode != 0:
        problems.append(f"does not start: {start.returncode} {start.stderr.strip()[-300:]}")
    leftovers = [p.name for p in (root / "backups").iterdir() if p.name.startswith("~")]
    if leftovers:
        problems.append(f"leftovers after start: {leftovers}")
    if sc.name == "migration" and revision(db) != head:
        problems.append(f"not migrated after start: {revision(db)}")
    if sc.retry is not None:
        again = subprocess.run(sc.retry(trial_dir), cwd=REPO, env=env(), capture_output=True, text=True, timeout=300, check=False)
        if again.returncode != 0 and "还没有导入" not in again.stderr:
            problems.append(f"retry failed: {again.returncode} {again.stderr.strip()[-300:]}")
        left = [p.name for p in (trial_dir / "usb").iterdir() if p.name.startswith("~")]
        if left:
            problems.append(f"leftovers on the stick after the retry: {left}")
        problems += check_outputs(sc, trial_dir)
        if sc.name == "export":
            logs = _out_logs(db)
            files = {p.name for p in (trial_dir / "usb").glob("*.ulpkg")}
            if set(logs) != files:
                problems.append(f"packages and the store's numbers differ: files {sorted(files)} logs {sorted(logs)}")
    # imported: the receipt exists now (written, or made again by the retry)
    if sc.name == "receipt" and state in (1, 2) and not list((trial_dir / "usb").glob("*回执*.ulpkg")):
        problems.append("imported package without a receipt after the retry")
    return Trial(sc.name, delay, killed, state, problems, finished_in)


def startup_seconds(base: Path) -> float:
    started = time.perf_counter()
    run_cli(base / "probe", "backup", "list", "--json")
    return time.perf_counter() - started


def run(workdir: Path, trials: int, seed: int = 17, scenarios: tuple[str, ...] = SCENARIOS) -> dict[str, Any]:
    """`trials` kills per scenario; returns per-scenario counts and every problem found."""
    from desktop_app.store.migrate import head_revision

    rng = random.Random(seed)
    t = prepare(workdir / "templates")
    chosen = [s for s in build(workdir, t) if s.name in scenarios]
    t0 = startup_seconds(workdir)
    head = head_revision()
    report: dict[str, Any] = {"trials": 0, "killed": 0, "problems": [], "scenarios": {}}
    for sc in chosen:
        reference(workdir, sc)
        lo, hi = 0.7 * t0, max(0.7 * t0 + 0.05, 1.05 * sc.full_seconds)
        results = []
        for n in range(trials):
            delay = rng.uniform(lo, hi)
            results.append(trial(sc, workdir / f"{sc.name}-{n}", delay, head))
            if results[-1].finished_in is not None:  # the first run was slower (cold caches): aim earlier
                hi = max(lo + 0.05, min(hi, 1.02 * results[-1].finished_in))
            shutil.rmtree(workdir / f"{sc.name}-{n}", ignore_errors=True)
        states: dict[str, int] = {}
        for r in results:
            key = "refused" if r.state is None else ("before" if r.state == 0 else
                                                     ("after" if r.state == len(sc.states) - 1 else f"after {r.state}"))
            states[key] = states.get(key, 0) + 1
        report["scenarios"][sc.name] = {"trials": len(results), "killed": sum(r.killed for r in results),
                                        "kill_window_s": [round(lo, 2), round(hi, 2)],
                                        "full_run_s": round(sc.full_seconds, 2), "states": states,
                                        "problems": sum(bool(r.problems) for r in results)}
        report["trials"] += len(results)
        report["killed"] += sum(r.killed for r in results)
        report["problems"] += [f"{r.scenario} (kill at {r.delay:.2f} s): {p}" for r in results for p in r.problems]
    return report
