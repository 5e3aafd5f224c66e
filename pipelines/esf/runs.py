"""Run history (SPEC §7): `meta.runs`, one row per run, and `marts.goal_status_history`, the
goal table of every successful run. Both live in the work file and so survive publishes."""
from __future__ import annotations

import datetime as dt

import duckdb

HISTORY_COLUMNS = (
    "project_code, goal_id, goal_text, indicator_id, breakdown, breakdown_value, gender, direction, target, "
    "deadline, as_of_period, actual, expected_by_now, n_persons, status, source"
)


def record_success(con: duckdb.DuckDBPyConnection, run_id: str, started_at: dt.datetime, as_of: dt.date) -> None:
    """Called by the publish step just before it publishes, so the published file holds its own run."""
    con.execute("begin")
    _record(con, run_id, started_at, as_of, "succeeded", None)
    con.execute(
        f"""insert into marts.goal_status_history (run_id, as_of, {HISTORY_COLUMNS})
            select ?, ?, {HISTORY_COLUMNS} from marts.goal_attainment""",
        [run_id, as_of],
    )
    con.execute("commit")


def record_failure(con: duckdb.DuckDBPyConnection, run_id: str, started_at: dt.datetime, as_of: dt.date,
                   message: str) -> None:
    """Called when a failed run ends; the row reaches the published file with the next publish."""
    _record(con, run_id, started_at, as_of, "failed", message)


def _record(con, run_id, started_at, as_of, status, message) -> None:
    con.execute(
        """insert or replace into meta.runs
           select ?, ?, now()::timestamp, ?, ?, count(*) filter (where status = 'loaded'),
                  coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0), ?
           from meta.files where run_id = ?""",
        [run_id, started_at, as_of, status, message, run_id],
    )
