"""Shared helpers: build landing directories in tmp_path and load them without Dagster."""
from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from esf.calendar import write_working_days
from esf.contracts import sources
from esf.dbt_manifest import ensure_manifest
from esf.ingest.catalog import load_indicator_catalog
from esf.ingest.loader import load_source, retry_unknown_project
from esf.ingest.projects import load_projects
from esf.personnummer import luhn_check_digit
from esf.settings import DEMO_KEY
from esf.warehouse import connect

REPO = Path(__file__).resolve().parents[1]
LOAD_DATE = dt.date(2026, 11, 1)
KEY = DEMO_KEY.encode()

os.environ.setdefault("ESF_PSEUDONYM_KEY", DEMO_KEY)
# dbt's manifest of the models on disk, before any test imports the Definitions (as `esf run` does)
ensure_manifest()

MINIMAL_PROJECT = """\
kod: TEST
namn: Testprojektet
startdatum: 2012-01-01
slutdatum: 2013-12-31
mal: []
"""


def pnr(yyyymmdd: str, serial: str = "123", sep: str = "-") -> str:
    """A valid 12-digit personnummer for a birth date and a three-digit serial."""
    check = luhn_check_digit(yyyymmdd[2:] + serial)
    return f"{yyyymmdd}{sep}{serial}{check}"


def write(landing: Path, relpath: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = landing / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def load_all(landing: Path, db: Path, run_id: str = "test") -> duckdb.DuckDBPyConnection:
    """Load projects then every source, and write the calendar, as a run does; return a read connection."""
    with connect(db) as con:
        load_indicator_catalog(con)
        write_working_days(con)
        load_projects(con, landing, run_id)
        for source in sources().values():
            retry_unknown_project(con, source)
            load_source(con, landing, source, KEY, run_id, LOAD_DATE)
    return duckdb.connect(str(db), read_only=True)


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    write(root, "projekt/TEST.yml", MINIMAL_PROJECT)
    return root


@pytest.fixture
def loader(tmp_path: Path) -> Callable[[Path], duckdb.DuckDBPyConnection]:
    """Load a landing directory into the test's work DB; call again for a second run."""
    db = tmp_path / "work.duckdb"
    opened: list[duckdb.DuckDBPyConnection] = []

    def _load(root: Path) -> duckdb.DuckDBPyConnection:
        for con in opened:
            con.close()
        opened.clear()
        con = load_all(root, db)
        opened.append(con)
        return con

    yield _load
    for con in opened:
        con.close()


def dbt_build(db: Path, as_of: str) -> None:
    """Build the dbt models into a work file, as the dbt asset does (without Dagster)."""
    import json
    import subprocess
    import sys

    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "build", "--vars", json.dumps({"db_path": str(db), "as_of": as_of}),
         "--project-dir", str(REPO / "dbt_project"), "--profiles-dir", str(REPO / "dbt_project"),
         "--target-path", str(db.parent / "dbt_target")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def indicator_value(con, indicator, period_type, period, gender="T", breakdown=None, breakdown_value=None):
    """(value rounded to 4 decimals, n_persons) of one row of marts.indicator_values, or None
    when the row does not exist (the test warehouses hold one project each)."""
    row = con.execute(
        """select value, n_persons from marts.indicator_values
           where indicator_id = ? and period_type = ? and period = ? and gender = ?
             and breakdown is not distinct from ? and breakdown_value is not distinct from ?""",
        [indicator, period_type, period, gender, breakdown, breakdown_value],
    ).fetchone()
    return None if row is None else (None if row[0] is None else round(row[0], 4), row[1])


def build_warehouse(landing: Path, db: Path, as_of: str) -> Path:
    """Load a landing directory and build the dbt models on it: a test warehouse."""
    load_all(landing, db).close()
    dbt_build(db, as_of)
    return db


SAMPLES = REPO / "data_samples" / "landing"
SAMPLE_PROJECTS = sorted(p.stem for p in (SAMPLES / "projekt").glob("*.yml"))
DEMO_AS_OF = "2026-11-22"


def esf_run(landing: Path, warehouse: Path, as_of: str = DEMO_AS_OF, **env: str) -> subprocess.CompletedProcess:
    """`esf run` in a child process, as `make demo` does, with the reports beside the warehouse
    and `env` on top of this process's environment."""
    return subprocess.run(
        [sys.executable, "-m", "esf.cli", "run", "--landing", str(landing), "--warehouse", str(warehouse),
         "--reports", str(warehouse.parent / "reports"), "--as-of", as_of],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=600, check=False,
    )


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """One `esf run` on the sample data for the whole session: (warehouse path, completed process).
    The reports are in warehouse.parent / "reports"; tests only read them."""
    warehouse = tmp_path_factory.mktemp("demo") / "esf.duckdb"
    return warehouse, esf_run(SAMPLES, warehouse)


@pytest.fixture(scope="module")
def demo_reports(demo_run) -> Path:
    """The reports directory of the session's sample run."""
    warehouse, run = demo_run
    assert run.returncode == 0, run.stderr[-4000:]
    return warehouse.parent / "reports"


@pytest.fixture(scope="module")
def con(work_db):
    """A read-only connection to the module's test warehouse (the module defines `work_db`)."""
    connection = duckdb.connect(str(work_db), read_only=True)
    yield connection
    connection.close()


class Inbox(Message):
    """What the test's SMTP server received."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    """A local SMTP server on a free port: (port, inbox)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()
