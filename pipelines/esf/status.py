"""What `esf status` shows an operator: per source what was loaded and rejected, the newest
data, the last runs and the goals whose status changed since the previous run."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from esf.contracts import PROJECT_FOLDER, sources
from esf.settings import Settings
from esf.warehouse import WarehouseBusy, exclusive_lock

# the date column that says how fresh each source is
NEWEST_DATE = {"anstallningar": "start_date", "sjukfranvaro": "start_date", "forsorjningsstod": "payment_date",
               "deltagare": "start_date", "aktiviteter": "activity_date", "enkater": "answered_on"}


@dataclass
class Status:
    read_from: Path
    note: str
    sources: list[tuple]  # source, loaded, duplicate, rejected, withdrawn, rows loaded, rows quarantined, newest date
    reasons: list[tuple]  # source, reason, rows
    runs: list[tuple]  # run_id, started_at, finished_at, as_of, status, files, rows, quarantined, message
    changed_goals: list[tuple]  # project, goal, previous status, status


def read_status(settings: Settings, runs_shown: int = 5) -> Status:
    """Read the work file when no run holds it (it also has failed runs); else the published file."""
    try:
        with exclusive_lock(settings.lock_file, timeout_s=0):
            if settings.work_db.exists():
                return _read(settings.work_db, "", runs_shown)
    except WarehouseBusy:
        return _read(settings.warehouse, "a run is in progress: showing the last published state", runs_shown)
    return _read(settings.warehouse, "", runs_shown)


def _read(path: Path, note: str, runs_shown: int) -> Status:
    with duckdb.connect(str(path), read_only=True) as con:
        counts = {
            r[0]: r[1:]
            for r in con.execute(
                """select source,
                          count(*) filter (where status = 'loaded'), count(*) filter (where status = 'duplicate'),
                          count(*) filter (where status = 'rejected'), count(*) filter (where status = 'withdrawn'),
                          coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0)
                   from meta.files group by source"""
            ).fetchall()
        }
        rows = []
        for folder in [PROJECT_FOLDER, *sources()]:
            newest = None
            if folder in NEWEST_DATE and _has_table(con, "staging", f"stg_{folder}"):
                (newest,) = con.execute(f"select max({NEWEST_DATE[folder]}) from staging.stg_{folder}").fetchone()
            rows.append((folder, *counts.get(folder, (0, 0, 0, 0, 0, 0)), newest))
        reasons = con.execute(
            "select source, reason, count(*) from meta.quarantine group by all order by source, reason").fetchall()
        runs = con.execute(
            "select * from meta.runs order by started_at desc limit ?", [runs_shown]).fetchall()
        changed = con.execute(
            """with ordered as (
                   select distinct h.run_id, r.started_at from marts.goal_status_history h
                   join meta.runs r using (run_id) order by r.started_at desc limit 2),
               latest as (select run_id from ordered order by started_at desc limit 1),
               previous as (select run_id from ordered order by started_at limit 1 offset 0)
               select n.project_code, n.goal_id, o.status, n.status
               from marts.goal_status_history n
               join marts.goal_status_history o using (project_code, goal_id)
               where n.run_id = (select run_id from latest) and o.run_id = (select run_id from previous)
                 and (select count(*) from ordered) = 2 and n.status <> o.status
               order by 1, 2"""
        ).fetchall()
    return Status(path, note, rows, reasons, runs, changed)


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table]
    ).fetchone()[0] > 0
