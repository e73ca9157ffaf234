"""Speed on the server (issue 15, point 8): the key figures on PostgreSQL in the same run as
on SQLite, on the same machine.

- `server_exchange_import_20_s` / `sqlite_exchange_import_20_s`: a district imports 20 town
  packages (20,000 people and 1,000 records each; bench_exchange's workload, the district's
  store on each engine); `server_import_ratio` = the two, target ≤ 1.5.
- `server_people_search_ms_p95` / `sqlite_people_search_ms_p95`: search_people_ids + the
  first page of rows over bench_gui's ~30 queries at 400,000 people; target ≤ 50 ms.

The server: UNIONLEDGER_TEST_PG when set (a URL to a cluster's maintenance database), else a
throwaway cluster started here as .ci/run does (Debian's postgresql package; initdb and pg_ctl
as the postgres user, a Unix socket in a temporary folder, fsync off as in CI — the figures
compare the engines' work, not the disks).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SEARCH_PEOPLE = 400_000


def _as_pg(*cmd: str) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return ["sudo", "-u", "postgres", *cmd]


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    url = os.environ.get("UNIONLEDGER_TEST_PG")
    if url:
        yield url
        return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql), and UNIONLEDGER_TEST_PG is unset")
    pg_bin = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="ulbench-pg-"))
    shutil.chown(folder, "postgres")
    try:
        subprocess.run(_as_pg(f"{pg_bin}/initdb", "-D", f"{folder}/data", "-A", "trust", "-U", "postgres"),
                       check=True, capture_output=True)
        subprocess.run(_as_pg(f"{pg_bin}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/server.log", "-w", "-o",
                              f"-k {folder} -c listen_addresses='' -c fsync=off", "start"),
                       check=True, capture_output=True)
        yield f"postgresql://postgres@/postgres?host={folder}"
    finally:
        subprocess.run(_as_pg(f"{pg_bin}/pg_ctl", "-D", f"{folder}/data", "-m", "immediate", "stop"),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class Databases:
    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        from desktop_app.store.db import server_url

        self.url = url
        self.admin = create_engine(server_url(url), isolation_level="AUTOCOMMIT")
        self.made: list[str] = []

    def _exec(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def fresh(self, name: str) -> str:
        from tests.pg import _with_database

        name = f"ulbench_{os.getpid()}_{name}"
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._exec(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return _with_database(self.url, name)

    def close(self) -> None:
        for name in self.made:
            self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def populate_server(root: Path, url: str, n: int) -> None:
    """The same office, units and people as bench_gui.populate, on the server (COPY)."""
    from sqlalchemy import create_engine

    from desktop_app.services.app import App
    from desktop_app.services.demo import fake_people, unit_names
    from desktop_app.services.office import setup_office
    from desktop_app.services.units import save_unit
    from desktop_app.store.db import server_url

    app = App.open(root, url)
    try:
        with app.transaction() as s:
            setup_office(s, name="朱家角镇总工会", code="ZJJ", level="town", parent_name="青浦区总工会", parent_code="QP")
            for name in unit_names(100):
                save_unit(s, {"name": name})
    finally:
        app.close()
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    engine = create_engine(server_url(url))
    try:
        raw = engine.raw_connection()
        try:
            conn = raw.driver_connection
            with conn.cursor() as cur:
                with cur.copy("COPY people (id_number, name, gender, birth_date, phone, work_unit, industry, is_member,"
                              " member_card_no, origin, revision, created_at, updated_at) FROM STDIN") as copy:
                    for p in fake_people(n, seed=7):
                        copy.write_row((p["id_number"], p["name"], p["gender"], p["birth_date"], p["phone"],
                                        p["work_unit"], p["industry"], bool(p["is_member"]), None, None, 1, now, now))
                cur.execute("ANALYZE")
            conn.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def run(workdir: Path) -> dict[str, object]:
    from tests.perf import bench_exchange, bench_gui

    out: dict[str, object] = {}
    with cluster() as url:
        dbs = Databases(url)
        try:
            lite = bench_exchange.run(workdir / "ex-sqlite")
            server = bench_exchange.run(workdir / "ex-server", dbs.fresh("exchange"))
            out["sqlite_exchange_import_20_s"] = lite["exchange_import_20_s"]
            out["server_exchange_import_20_s"] = server["exchange_import_20_s"]
            out["sqlite_exchange_reimport_20_s"] = lite["exchange_reimport_20_s"]
            out["server_exchange_reimport_20_s"] = server["exchange_reimport_20_s"]
            out["server_import_ratio"] = round(server["exchange_import_20_s"] / lite["exchange_import_20_s"], 2)

            t = time.perf_counter()
            bench_gui.populate(workdir / "people-sqlite", SEARCH_PEOPLE)
            out["sqlite_setup_400k_people_s"] = round(time.perf_counter() - t, 1)
            times, build_ms = bench_gui.search_latencies(workdir / "people-sqlite")
            out["sqlite_people_search_ms_median"] = round(statistics.median(times), 1)
            out["sqlite_people_search_ms_p95"] = round(_p95(times), 1)
            out["sqlite_people_index_build_ms"] = round(build_ms, 1)

            people_url = dbs.fresh("people")
            t = time.perf_counter()
            populate_server(workdir / "people-server", people_url, SEARCH_PEOPLE)
            out["server_setup_400k_people_s"] = round(time.perf_counter() - t, 1)
            times, build_ms = bench_gui.search_latencies(workdir / "people-server", people_url)
            out["server_people_search_ms_median"] = round(statistics.median(times), 1)
            out["server_people_search_ms_p95"] = round(_p95(times), 1)
            out["server_people_index_build_ms"] = round(build_ms, 1)
            out["server_people_search_queries"] = len(times)
        finally:
            dbs.close()
    return out
