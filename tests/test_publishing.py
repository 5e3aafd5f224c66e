"""SPEC §8.1, §8.2: runs publish atomically, never overlap, and fail without touching the published file."""

import subprocess
import threading
import time
from pathlib import Path

import duckdb

from conftest import esf_run as run_esf
from conftest import pnr, write

P1 = pnr("19811218", "987")
AS_OF = "2014-01-31"


def esf_run(landing: Path, warehouse: Path, **env: str) -> subprocess.CompletedProcess:
    return run_esf(landing, warehouse, AS_OF, **env)


def participations(landing: Path, name: str, n: int, first: int = 0) -> None:
    """n participations of distinct persons, numbered from `first`."""
    rows = "".join(f"TEST;{pnr('19811218', f'{i:03d}')};2012-01-01\n" for i in range(first, first + n))
    write(landing, f"deltagare/{name}", "projekt;personnummer;startdatum\n" + rows)


def count(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from staging.stg_deltagare").fetchone()[0]


def test_a_reader_holding_the_published_file_sees_no_error_while_a_run_publishes(landing, tmp_path):
    warehouse = tmp_path / "wh" / "esf.duckdb"
    participations(landing, "a.csv", 3)
    assert esf_run(landing, warehouse).returncode == 0
    participations(landing, "b.csv", 7, first=3)

    reader = duckdb.connect(str(warehouse), read_only=True)
    errors: list[Exception] = []
    seen: list[int] = []
    done = threading.Event()

    def keep_reading() -> None:
        while not done.is_set():
            try:
                seen.append(reader.execute("select count(*) from staging.stg_deltagare").fetchone()[0])
            except Exception as exc:  # the test fails on any error below
                errors.append(exc)
            time.sleep(0.05)

    thread = threading.Thread(target=keep_reading)
    thread.start()
    result = esf_run(landing, warehouse)
    done.set()
    thread.join()
    assert result.returncode == 0, result.stderr
    assert not errors
    assert seen and set(seen) == {3}  # the open connection keeps the file it opened
    reader.close()
    assert count(warehouse) == 10  # a new connection sees the new publish


def test_a_failed_run_leaves_the_published_file_untouched(landing, tmp_path):
    warehouse = tmp_path / "wh" / "esf.duckdb"
    participations(landing, "a.csv", 3)
    assert esf_run(landing, warehouse).returncode == 0
    before = warehouse.read_bytes()
    participations(landing, "b.csv", 7, first=3)
    # another process holds the work file for writing: the run cannot load and must fail
    blocker = duckdb.connect(str(warehouse.with_name("esf.work.duckdb")))
    try:
        result = esf_run(landing, warehouse)
    finally:
        blocker.close()
    assert result.returncode == 1
    assert "nothing published" in result.stderr
    assert warehouse.read_bytes() == before
    assert esf_run(landing, warehouse).returncode == 0  # the next run completes
    assert count(warehouse) == 10


def test_two_runs_never_write_at_once(landing, tmp_path):
    warehouse = tmp_path / "wh" / "esf.duckdb"
    participations(landing, "a.csv", 3)
    lock = warehouse.with_name("esf.duckdb.lock")
    lock.parent.mkdir(parents=True)
    import fcntl

    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = esf_run(landing, warehouse, ESF_LOCK_TIMEOUT="1")
    assert result.returncode == 1
    assert "another run is writing the warehouse" in result.stderr
    assert not warehouse.exists()


def test_a_rejected_project_file_publishes_and_exits_2(landing, tmp_path):
    warehouse = tmp_path / "wh" / "esf.duckdb"
    participations(landing, "a.csv", 2)
    write(
        landing,
        "projekt/BROKEN.yml",
        "kod: BROKEN\nnamn: x\nstartdatum: 2012-01-01\nslutdatum: 2012-12-31\nmal:\n  - {id: a}\n",
    )
    result = esf_run(landing, warehouse)
    assert result.returncode == 2
    assert "projekt/BROKEN.yml: invalid_project_file: mal[0]: expected 'text' to be present" in result.stdout
    assert "exit 2: a project file was rejected" in result.stderr
    assert count(warehouse) == 2


def test_the_demo_key_is_refused_in_production(landing, tmp_path):
    result = esf_run(landing, tmp_path / "esf.duckdb", ESF_ENV="production")
    assert result.returncode == 1 and "demo key is refused" in result.stderr
