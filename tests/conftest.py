"""Shared helpers: build landing directories in tmp_path and run the Definitions' assets on them."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from esf.dbt_manifest import ensure_manifest
from esf.personnummer import luhn_check_digit
from esf.runner import run_config
from esf.settings import DEMO_KEY, Settings

REPO = Path(__file__).resolve().parents[1]
LOAD_DATE = dt.date(2026, 11, 1)
KEY = DEMO_KEY.encode()

os.environ.setdefault("ESF_PSEUDONYM_KEY", DEMO_KEY)
# dbt's manifest of the models on disk, before the Definitions load (as `esf run` does)
ensure_manifest()

from esf.assets.calendar import working_days  # noqa: E402
from esf.assets.dbt import esf_dbt_models  # noqa: E402
from esf.assets.ingestion import project_files, source_assets  # noqa: E402
from esf.definitions import defs  # noqa: E402

# The longest test (one delivery sequence, minutes): started first when the suite runs on workers.
LONGEST_MODULE = "test_incremental"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """How `make test`'s workers (pytest-xdist, --dist loadgroup) share the suite: one group per
    module, so that a module's fixtures are built once; one group for every test that reads the
    session's `esf demo`, so that it runs once; the longest module first, so that the suite does
    not end waiting for it. Without workers the groups change nothing."""
    for item in items:
        group = "esf-demo" if "demo_run" in item.fixturenames else item.module.__name__
        item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=lambda item: item.module.__name__ != LONGEST_MODULE)


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


def materialize(selection: dg.AssetSelection, landing: Path, db: Path, as_of: dt.date) -> None:
    """Materialize assets of the Definitions, with their resources, into the work file `db`:
    the code path of a run, with the settings of a run."""
    settings = Settings(
        landing_dir=landing.absolute(),
        warehouse=db.parent / "esf.duckdb",
        reports_dir=db.parent / "reports",
        as_of=as_of,
        work_file=db,
    )
    result = dg.materialize(
        list(defs.assets),
        resources=defs.resources,
        selection=selection,
        run_config=run_config(settings),
        raise_on_error=False,
    )
    failures = [e.event_specific_data.error.to_string() for e in result.all_events if e.is_step_failure]
    assert result.success, "\n".join(failures)[-4000:]


# What a run loads before dbt: the project files and catalog, every source, the calendar (no data checks).
INGESTION = dg.AssetSelection.assets(project_files, *source_assets, working_days).without_checks()


def load_all(landing: Path, db: Path) -> duckdb.DuckDBPyConnection:
    """Load projects then every source, and write the calendar, as a run does; return a read connection."""
    materialize(INGESTION, landing, db, LOAD_DATE)
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
    """Build the dbt models, with their tests, into a work file: the run's dbt asset."""
    materialize(dg.AssetSelection.assets(esf_dbt_models), db.parent, db, dt.date.fromisoformat(as_of))


def dbt_test(db: Path, select: str, as_of: str, target: Path) -> subprocess.CompletedProcess:
    """`dbt test --select SELECT` on a test warehouse (dbt's own CLI: a test of the dbt tests themselves).
    The file and the date go as the run passes them (environment, not --vars): dbt keeps its partial parse."""
    dbt = Path(sys.executable).parent / "dbt"
    if (REPO / "dbt_project" / "target" / "partial_parse.msgpack").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "dbt_project" / "target" / "partial_parse.msgpack", target)
    return subprocess.run(
        [
            str(dbt),
            "test",
            "--select",
            select,
            "--project-dir",
            str(REPO / "dbt_project"),
            "--profiles-dir",
            str(REPO / "dbt_project"),
            "--target-path",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ESF_WORK_DB": str(db), "ESF_AS_OF": as_of},
    )


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
            as_of,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=600,
        check=False,
    )


# The month of each sample project's final report in `esf demo` (its last project month).
DEMO_MONTHS = {"PLUS": "2013-07", "FIA": "2014-06", "KLARA": "2014-08", "ESS4": "2020-01"}


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """`esf demo` on the sample data, once for the whole session, as `make demo` runs it: one run per
    project's last month, oldest first. (warehouse path, completed process); the reports are in
    warehouse.parent / "reports" and tests only read them."""
    warehouse = tmp_path_factory.mktemp("demo") / "esf.duckdb"
    return warehouse, subprocess.run(
        [
            sys.executable,
            "-m",
            "esf.cli",
            "demo",
            "--landing",
            str(SAMPLES),
            "--warehouse",
            str(warehouse),
            "--reports",
            str(warehouse.parent / "reports"),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_reports(demo_run) -> Path:
    """The reports directory of the session's `esf demo`."""
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
