"""The DuckDB files: the private work file every run writes, the lock that serialises runs,
and the atomic publish that analysts read (SPEC §7, §8.2).

Only one process may write a DuckDB file, so a run holds an exclusive lock for its whole
length, and the Python side closes its connection before dbt (a subprocess) opens the file.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from esf.contracts import Source, exclusion_cost_defaults, sources
from esf.held import HELD_SCHEMA

SQL_TYPES = {"text": "VARCHAR", "date": "DATE", "month": "DATE", "number": "DOUBLE"}


class WarehouseBusy(RuntimeError):
    """Another run holds the lock."""


def raw_columns(source: Source) -> list[tuple[str, str]]:
    """Columns of `raw.<source>` as (name, SQL type): the contract's, with every
    personnummer replaced by an integer `person_id` (SPEC §4)."""
    cols: list[tuple[str, str]] = []
    for c in source.columns:
        if c.type == "pnr":
            cols.append((person_column(c.name), "INTEGER"))
        elif c.type == "respondent":
            cols += [(person_column(c.name), "INTEGER"), (f"{c.name}_anonymous_id", "VARCHAR")]
        else:
            cols.append((c.name, SQL_TYPES[c.type]))
    return cols


def person_column(name: str) -> str:
    return "person_id" if name == "personnummer" else f"{name}_person_id"


# Descriptions analysts see with duckdb_columns() (the dbt models carry their own).
META_COMMENTS = {
    "meta.files": (
        "One row per delivered file seen (SPEC §7).",
        {
            "file_id": "Integer id; grows in load order.",
            "path": "Path relative to the landing directory.",
            "source": "The landing folder: projekt or one of the six sources.",
            "sha256": "SHA-256 of the file's bytes.",
            "loaded_at": "When the file was recorded.",
            "status": "loaded, duplicate, rejected, withdrawn or held (SPEC §8.5).",
            "rows_read": "Data rows read (for a loaded or held file: rows_loaded + rows_quarantined).",
            "rows_loaded": "Rows loaded (for a held file: the rows that would load).",
            "rows_quarantined": "Rows quarantined (see meta.quarantine).",
            "reason": "For a rejected, duplicate or held file: the reason code (for a held file the check) and its detail.",
            "extra_columns": "Header names not in the contract, as written, comma-separated.",
            "run_id": "The Dagster run that recorded the file.",
        },
    ),
    "meta.built_fingerprints": (
        "The facts' fingerprints of the last successful dbt build, which the next build compares (docs/architecture.md).",
        {
            "fact": "The fact model (dbt_project/macros/incremental.sql).",
            "month_start": "The month its rows are placed in.",
            "n_rows": "Rows placed in the month.",
            "row_hash_sum": "Sum of the rows' hashes.",
        },
    ),
    "meta.dbt_build": (
        "The last dbt build: the code it was built with and whether it finished (esf.incremental).",
        {
            "code_hash": "SHA-256 of the code the build used: the dbt project, the schemas and the esf package.",
            "finished": "False while a build runs and after one that failed: the next build is full.",
            "built_at": "When the build started or finished.",
        },
    ),
    "meta.run_inputs": (
        "What the last successful run started from (esf.inputs): a run with the same inputs stops at once.",
        {
            "fingerprint": "SHA-256 of the landing files' paths, sizes, times and inodes, as_of, the reports directory, the code and meta.files."
        },
    ),
    "meta.runs": (
        "One row per run, kept across runs (SPEC §7); a failed run appears with the next publish.",
        {
            "run_id": "The Dagster run id.",
            "started_at": "When the run started.",
            "finished_at": "When the run ended.",
            "as_of": "The run's reporting date.",
            "status": "succeeded or failed.",
            "files_loaded": "Files loaded by the run.",
            "rows_loaded": "Rows loaded by the run.",
            "rows_quarantined": "Rows quarantined by the run.",
            "message": "For a failed run: the first error.",
        },
    ),
    "marts.goal_status_history": (
        "marts.goal_attainment of every successful run, kept across runs (SPEC §7).",
        {
            "run_id": "The run (meta.runs).",
            "as_of": "The run's reporting date.",
            "project_code": "Project code.",
            "goal_id": "Goal id.",
            "goal_text": "The goal's text.",
            "indicator_id": "The indicator, or manual.",
            "breakdown": "The goal's breakdown.",
            "breakdown_value": "The goal's breakdown value.",
            "gender": "T, K or M.",
            "direction": ">= or <=.",
            "target": "The target.",
            "deadline": "The deadline.",
            "as_of_period": "The period read.",
            "actual": "The value read.",
            "expected_by_now": "Expected by now (cumulative goals).",
            "n_persons": "n_persons of the value read.",
            "status": "The status in that run.",
            "source": "data or manual.",
        },
    ),
    "meta.quarantine": (
        "One row per rejected row (SPEC §7), personnummer masked.",
        {
            "file_id": "The file (meta.files.file_id).",
            "source": "The landing folder.",
            "path": "Path relative to the landing directory.",
            "sha256": "SHA-256 of the file.",
            "row_number": "The row among the file's data rows (1 = first; blank lines do not count).",
            "reason": "The reason code (SPEC §2.1).",
            "detail": "Which column and why.",
            "raw": "The row as JSON, every personnummer masked to its first six digits.",
        },
    ),
}


def _comments() -> list[str]:
    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    statements = []
    for table, (about, columns) in META_COMMENTS.items():
        statements.append(f"comment on table {table} is {literal(about)}")
        statements += [f"comment on column {table}.{c} is {literal(text)}" for c, text in columns.items()]
    return statements


def _ddl() -> list[str]:
    statements = [
        "create schema if not exists meta",
        "create schema if not exists raw",
        "create sequence if not exists meta.file_id_seq",
        """create table if not exists meta.files (
            file_id integer primary key, path varchar not null, source varchar not null,
            sha256 varchar not null, loaded_at timestamp not null, status varchar not null,
            rows_read bigint not null, rows_loaded bigint not null, rows_quarantined bigint not null,
            reason varchar, extra_columns varchar, run_id varchar)""",
        """create table if not exists meta.runs (
            run_id varchar primary key, started_at timestamp not null, finished_at timestamp not null,
            as_of date not null, status varchar not null, files_loaded bigint not null,
            rows_loaded bigint not null, rows_quarantined bigint not null, message varchar)""",
        "create schema if not exists marts",
        """create table if not exists marts.goal_status_history (
            run_id varchar not null, as_of date not null, project_code varchar not null,
            goal_id varchar not null, goal_text varchar, indicator_id varchar, breakdown varchar,
            breakdown_value varchar, gender varchar, direction varchar, target double, deadline date,
            as_of_period varchar, actual double, expected_by_now double, n_persons bigint,
            status varchar not null, source varchar,
            primary key (run_id, project_code, goal_id))""",
        """create table if not exists meta.quarantine (
            file_id integer not null, source varchar not null, path varchar not null,
            sha256 varchar not null, row_number bigint not null, reason varchar not null,
            detail varchar, raw json)""",
        """create table if not exists raw.persons (
            person_id integer primary key, person_key varchar not null unique,
            sex varchar not null, birth_year integer not null)""",
        """create table if not exists raw.projects (
            project_code varchar primary key, name varchar not null, owner varchar,
            programme_area varchar, start_date date not null, end_date date not null,
            organisations varchar[], municipalities varchar[], steering_group json,
            file_id integer not null, survey_questions json, exclusion_costs json)""",
        # warehouses made before the project files named their survey questions, their costs of exclusion
        "alter table raw.projects add column if not exists survey_questions json",
        # ... and before they named their programmes (insatser)
        "alter table raw.projects add column if not exists programme_names json",
        "alter table raw.projects add column if not exists exclusion_costs json",
        # a project file loaded before then counts with the default figures (SPEC §5.6)
        f"update raw.projects set exclusion_costs = '{json.dumps(exclusion_cost_defaults())}' where exclusion_costs is null",
        """create table if not exists raw.project_goals (
            project_code varchar not null, goal_id varchar not null, goal_order integer not null,
            goal_text varchar not null, indicator_id varchar not null, target double not null,
            direction varchar not null, gender varchar not null, breakdown varchar,
            breakdown_value varchar, deadline date not null, period_type varchar,
            compare_with varchar, unit varchar, comment varchar,
            primary key (project_code, goal_id))""",
        """create table if not exists raw.project_goal_values (
            project_code varchar not null, goal_id varchar not null,
            value_date date not null, value double not null)""",
        # the state of the incremental dbt build (esf.incremental)
        """create table if not exists meta.built_fingerprints (
            fact varchar not null, month_start date not null, n_rows bigint not null,
            row_hash_sum hugeint not null)""",
        """create table if not exists meta.dbt_build (
            code_hash varchar not null, finished boolean not null, built_at timestamp not null)""",
        # what the last successful run started from (esf.inputs)
        "create table if not exists meta.run_inputs (fingerprint varchar not null)",
        """create table if not exists raw.working_days (
            day date primary key, is_working_day boolean not null,
            working_days_before bigint not null)""",
    ]
    # raw.<source>: the loaded rows; held.<source>: the rows of held deliveries (SPEC §8.5)
    statements.append(f"create schema if not exists {HELD_SCHEMA}")
    for source in sources().values():
        cols = ", ".join(f"{n} {t}" for n, t in raw_columns(source))
        for schema in ("raw", HELD_SCHEMA):
            statements.append(
                f"""create table if not exists {schema}.{source.name} (
                    _file_id integer not null, _row_number bigint not null,
                    _pending boolean not null, _dup_pending boolean not null, {cols})"""
            )
            # a column the contract gained since the warehouse was made (rows load by name)
            statements += [
                f"alter table {schema}.{source.name} add column if not exists {n} {t}" for n, t in raw_columns(source)
            ]
    return statements + _comments()


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a warehouse file, with the tables of the load layer in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
            for statement in _ddl():
                con.execute(statement)
        yield con
    finally:
        con.close()


@contextmanager
def exclusive_lock(lock_file: Path, timeout_s: float) -> Iterator[None]:
    """Hold an advisory lock so that two runs never write at once, whoever starts them."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise WarehouseBusy(
                        f"another run is writing the warehouse ({lock_file}, held by pid {holder})"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(work_db: Path, published: Path) -> None:
    """Copy the work file next to the published one and rename it into place atomically.

    A reader holding the old file open keeps reading the old inode; a failure before
    the rename leaves the published file as it was.
    """
    with connect(work_db) as con:
        con.execute("checkpoint")
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(work_db, tmp)
        with duckdb.connect(str(tmp)) as con:  # held deliveries are never published
            con.execute(f"drop schema if exists {HELD_SCHEMA} cascade")
            con.execute("checkpoint")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, published)
    finally:
        tmp.unlink(missing_ok=True)
