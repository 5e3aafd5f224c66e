"""Nothing is lost or half-published (operations issue): a run killed during the dbt build
leaves the published file as it was and the next run completes; delivering, re-delivering
and correcting gives the same marts as one clean load of the final data."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from conftest import dbt_build, load_all, pnr, write

AS_OF = "2013-06-30"
PROJECT = """\
kod: TEST
namn: Testprojektet
startdatum: 2012-01-01
slutdatum: 2012-12-31
mal:
  - {id: deltagare, text: Minst tre deltagare, indikator: participants, mal: 3, riktning: ">="}
"""
HEADER = "projekt;personnummer;startdatum;slutdatum;avslutsorsak;insats\n"
P = [pnr("19800101", f"{i:03d}") for i in range(6)]


def esf_run(landing: Path, warehouse: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "esf.cli",
            "run",
            "--landing",
            str(landing),
            "--warehouse",
            str(warehouse),
            "--reports",
            str(warehouse.parent / "reports"),
            "--as-of",
            AS_OF,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        start_new_session=True,
    )


def _dbt_running(parent: int) -> bool:
    """Is a `dbt build` running under the run's process?"""
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(parent)], capture_output=True, text=True).stdout
    return "dbt build" in out


def test_a_run_killed_during_the_dbt_build_leaves_the_published_file_and_the_next_run_completes(tmp_path):
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "esf.duckdb"
    write(landing, "projekt/TEST.yml", PROJECT)
    write(landing, "deltagare/a.csv", HEADER + f"TEST;{P[0]};2012-02-01;;;\n")
    first = esf_run(landing, warehouse)
    assert first.wait(600) == 0, first.stderr.read()
    before = warehouse.read_bytes()

    write(landing, "deltagare/b.csv", HEADER + f"TEST;{P[1]};2012-03-01;;;\nTEST;{P[2]};2012-04-01;;;\n")
    run = esf_run(landing, warehouse)
    deadline = time.monotonic() + 300
    while not _dbt_running(run.pid):
        assert run.poll() is None and time.monotonic() < deadline, "the run ended before dbt started"
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the run and its dbt child, mid-build
    run.wait(60)
    assert warehouse.read_bytes() == before

    again = esf_run(landing, warehouse)
    assert again.wait(600) == 0, again.stderr.read()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from staging.stg_deltagare").fetchone()[0] == 3
        assert con.execute("select status from marts.goal_attainment").fetchone()[0] == "achieved"
        assert (
            con.execute(
                """select count(*) from meta.files where rows_read <> rows_loaded + rows_quarantined"""
            ).fetchone()[0]
            == 0
        )


def _marts(db: Path) -> dict[str, list]:
    """The marts, and the participations in force with persons as pseudonyms (ids depend on load order)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {
            t: con.execute(f"select * from {t} order by all").fetchall()
            for t in ("marts.indicator_values", "marts.goal_attainment")
        }
        tables["participations"] = con.execute(
            """select d.* exclude (file_id, person_id), p.person_key from staging.stg_deltagare d
               join staging.stg_persons p using (person_id) order by all"""
        ).fetchall()
    return tables


def test_deliveries_redeliveries_and_corrections_equal_one_clean_load(tmp_path):
    first = (
        HEADER + f"TEST;{P[0]};2012-02-01;;;A\nTEST;{P[1]};2012-03-01;2012-05-31;arbete;A\nTEST;{P[2]};2012-04-01;;;B\n"
    )
    correction = HEADER + f"TEST;{P[1]};2012-03-01;2012-06-30;studier;A\nTEST;{P[3]};2012-05-01;;;B\n"
    final = HEADER + (
        f"TEST;{P[0]};2012-02-01;;;A\nTEST;{P[1]};2012-03-01;2012-06-30;studier;A\n"
        f"TEST;{P[2]};2012-04-01;;;B\nTEST;{P[3]};2012-05-01;;;B\n"
    )

    stepwise = tmp_path / "stepwise"
    write(stepwise / "landing", "projekt/TEST.yml", PROJECT)
    write(stepwise / "landing", "deltagare/2012-06.csv", first)
    load_all(stepwise / "landing", stepwise / "work.duckdb").close()
    write(stepwise / "landing", "deltagare/2012-06_igen.csv", first)  # the same bytes again
    write(stepwise / "landing", "deltagare/2012-07_rattelse.csv", correction)
    load_all(stepwise / "landing", stepwise / "work.duckdb").close()
    load_all(stepwise / "landing", stepwise / "work.duckdb").close()  # and a run with nothing new
    dbt_build(stepwise / "work.duckdb", AS_OF)

    clean = tmp_path / "clean"
    write(clean / "landing", "projekt/TEST.yml", PROJECT)
    write(clean / "landing", "deltagare/final.csv", final)
    load_all(clean / "landing", clean / "work.duckdb").close()
    dbt_build(clean / "work.duckdb", AS_OF)

    stepwise_marts, clean_marts = _marts(stepwise / "work.duckdb"), _marts(clean / "work.duckdb")
    assert stepwise_marts["marts.indicator_values"]  # not trivially equal
    assert stepwise_marts == clean_marts
