"""What `esf status` shows an operator: which file it read and why, per source what was
loaded, rejected and held (each rejected and held file with its reason), the newest data,
the last runs and the goals whose status changed since the previous run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from esf.contracts import PROJECT_FOLDER, Source, sources
from esf.held import HeldFile, held_files
from esf.settings import Settings
from esf.warehouse import WarehouseBusy, exclusive_lock


@dataclass
class Status:
    read_from: Path
    why: str  # why this file: the work file, or the published one while a run holds the work file
    files: list[tuple]  # source, loaded, duplicate, rejected, withdrawn, held
    rows: list[tuple]  # source, rows loaded, rows quarantined, newest date
    held: list[HeldFile]
    rejected: list[tuple]  # path, reason, loaded_at
    reasons: list[tuple]  # source, reason, rows
    runs: list[tuple]  # run_id, started_at, finished_at, as_of, status, files, rows, quarantined, message
    changed_goals: list[tuple]  # project, goal, previous status, status


def read_status(settings: Settings, runs_shown: int = 5) -> Status:
    """Read the work file when no run holds it (it also has failed runs and decisions not yet
    published); else the published file."""
    try:
        with exclusive_lock(settings.lock_file, timeout_s=0):
            if settings.work_db.exists():
                return _read(
                    settings.work_db,
                    "the work file, which no run is writing now; it also holds "
                    "what the next run publishes (failed runs, withdrawals, releases)",
                    runs_shown,
                )
    except WarehouseBusy:
        return _read(
            settings.warehouse,
            "the published file, because a run is writing the work file now: the state of the last publish",
            runs_shown,
        )
    return _read(settings.warehouse, "the published file (there is no work file beside it)", runs_shown)


def _read(path: Path, why: str, runs_shown: int) -> Status:
    with duckdb.connect(str(path), read_only=True) as con:
        counts = {
            r[0]: r[1:]
            for r in con.execute(
                """select source,
                          count(*) filter (where status = 'loaded'), count(*) filter (where status = 'duplicate'),
                          count(*) filter (where status = 'rejected'), count(*) filter (where status = 'withdrawn'),
                          count(*) filter (where status = 'held'),
                          coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0),
                          coalesce(sum(rows_quarantined) filter (where status in ('loaded', 'held')), 0)
                   from meta.files group by source"""
            ).fetchall()
        }
        newest = dict(newest_dates(con))
        folders = [PROJECT_FOLDER, *sources()]
        by_source = {folder: counts.get(folder, (0,) * 7) for folder in folders}
        files = [(folder, *by_source[folder][:5]) for folder in folders]
        rows = [(folder, *by_source[folder][5:], newest.get(folder)) for folder in folders]
        rejected = con.execute(
            "select path, reason, loaded_at from meta.files where status = 'rejected' order by path, file_id"
        ).fetchall()
        reasons = con.execute(
            "select source, reason, count(*) from meta.quarantine group by all order by source, reason"
        ).fetchall()
        runs = con.execute("select * from meta.runs order by started_at desc limit ?", [runs_shown]).fetchall()
        changed = con.execute(
            """with last_two as (
                   select run_id, row_number() over (order by started_at desc) as recency
                   from meta.runs where run_id in (select run_id from marts.goal_status_history)
                   qualify recency <= 2)
               select now_.project_code, now_.goal_id, before.status, now_.status
               from marts.goal_status_history as now_
               join marts.goal_status_history as before using (project_code, goal_id)
               where now_.run_id = (select run_id from last_two where recency = 1)
                 and before.run_id = (select run_id from last_two where recency = 2)
                 and now_.status <> before.status
               order by 1, 2"""
        ).fetchall()
        held = held_files(con)
    return Status(path, why, files, rows, held, rejected, reasons, runs, changed)


def newest_date(con: duckdb.DuckDBPyConnection, source: Source):
    """The newest date of a source's freshness column (schemas/sources.yml) among its loaded rows."""
    return con.execute(f"select max({source.freshness_column}) from raw.{source.name} where not _pending").fetchone()[0]


def newest_dates(con: duckdb.DuckDBPyConnection) -> list[tuple[str, object]]:
    return [(name, newest_date(con, source)) for name, source in sources().items()]
