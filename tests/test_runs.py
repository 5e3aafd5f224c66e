"""SPEC §7: meta.runs and marts.goal_status_history kept across runs; `esf status` (operations issue)."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from conftest import pnr, write

PROJECT = """\
kod: TEST
namn: Testprojektet
startdatum: 2012-01-01
slutdatum: 2012-12-31
mal:
  - {id: tva-deltagare, text: Minst två deltagare, indikator: participants, mal: 2, riktning: ">="}
"""


def esf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "esf.cli", *args], capture_output=True, text=True, env=os.environ.copy(), timeout=600
    )


def run(landing: Path, warehouse: Path, as_of: str, reports: Path | None = None) -> subprocess.CompletedProcess:
    return esf(
        "run",
        "--landing",
        str(landing),
        "--warehouse",
        str(warehouse),
        "--as-of",
        as_of,
        "--reports",
        str(reports or warehouse.parent / "reports"),
    )


def test_runs_and_goal_history_are_kept_and_status_shows_them(tmp_path):
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "esf.duckdb"
    write(landing, "projekt/TEST.yml", PROJECT)
    write(
        landing,
        "deltagare/a.csv",
        "projekt;personnummer;startdatum\n"
        f"TEST;{pnr('19811218', '987')};2012-01-10\nTEST;{pnr('19850312', '124')};2012-06-01\n",
    )
    assert run(landing, warehouse, "2012-03-31").returncode == 0  # one participant of 2 x 3/12 expected: on track
    # a failed run: the reports directory cannot be created (a file stands in its way)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("x")
    failed = run(landing, warehouse, "2012-04-30", reports=blocked / "reports")
    assert failed.returncode == 1 and "project_reports" in failed.stderr
    assert run(landing, warehouse, "2012-12-31").returncode == 0  # two participants: achieved

    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute(
            "select as_of::varchar, status, message is not null from meta.runs order by started_at"
        ).fetchall()
        assert runs == [
            ("2012-03-31", "succeeded", False),
            ("2012-04-30", "failed", True),
            ("2012-12-31", "succeeded", False),
        ]
        history = con.execute("""select h.as_of::varchar, h.status from marts.goal_status_history h
            order by h.as_of""").fetchall()
        assert history == [("2012-03-31", "on_track"), ("2012-12-31", "achieved")]
        # the project file (one goal) and the participations (two rows)
        assert con.execute(
            "select files_loaded, rows_loaded from meta.runs order by started_at limit 1"
        ).fetchone() == (2, 3)

    # the report of the last run shows the goal's status in the previous report
    report = (warehouse.parent / "reports" / "TEST" / "2012-12" / "rapport.html").read_text(encoding="utf-8")
    row = report[report.index('<th scope="row">Minst två deltagare</th>') :]
    row = row[: row.index("</tr>")]
    assert "Uppnått" in row and "● I fas" in row

    shown = esf("status", "--warehouse", str(warehouse))
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "deltagare" in out and "Last runs" in out and "failed" in out
    assert "tva-deltagare" in out and "on_track" in out and "achieved" in out


def test_a_run_with_nothing_new_stops_at_once_and_leaves_the_published_file(tmp_path):
    """Issue 16: the same landing files, as_of, code and decisions as the last successful run:
    nothing to do, and the published file is not rewritten. Anything new runs again."""
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "esf.duckdb"
    write(landing, "projekt/TEST.yml", PROJECT)
    write(landing, "deltagare/a.csv", f"projekt;personnummer;startdatum\nTEST;{pnr('19811218', '987')};2012-01-10\n")
    assert run(landing, warehouse, "2012-03-31").returncode == 0
    published = warehouse.stat()

    again = run(landing, warehouse, "2012-03-31")
    assert again.returncode == 0, again.stderr
    assert "Nothing new since the last run" in again.stdout
    assert (warehouse.stat().st_mtime_ns, warehouse.stat().st_ino) == (published.st_mtime_ns, published.st_ino)
    # an operator's --full-refresh always runs
    forced = esf(
        "run", "--landing", str(landing), "--warehouse", str(warehouse), "--as-of", "2012-03-31",
        "--reports", str(warehouse.parent / "reports"), "--full-refresh",
    )  # fmt: skip
    assert forced.returncode == 0 and "Nothing new" not in forced.stdout, forced.stderr

    # another as_of, and then a new file, each make a real run (one more row in meta.runs each)
    assert "Nothing new" not in run(landing, warehouse, "2012-04-30").stdout
    write(landing, "deltagare/b.csv", f"projekt;personnummer;startdatum\nTEST;{pnr('19850312', '124')};2012-04-01\n")
    assert "Nothing new" not in run(landing, warehouse, "2012-04-30").stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from meta.runs").fetchone() == (4,)
        assert con.execute("select sum(rows_loaded) from meta.files where source = 'deltagare'").fetchone() == (2,)
