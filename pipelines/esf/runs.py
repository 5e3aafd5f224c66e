"""Run history (SPEC §7): `meta.runs`, one row per run, and `marts.goal_status_history`, the
goal table of every successful run. Both live in the work file and so survive publishes."""

from __future__ import annotations

import datetime as dt

import dagster as dg
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


def record_failure(
    con: duckdb.DuckDBPyConnection, run_id: str, started_at: dt.datetime, as_of: dt.date, message: str
) -> None:
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


def failure_from_event_log(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """Why a run failed, from its event log: the blocking checks that stopped it, else its first
    error (a step's, or a resource's such as the run lock); None when nothing failed."""
    severe = failed_checks(instance, run_id, dg.AssetCheckSeverity.ERROR)
    if severe:
        return "blocked by data checks: " + "; ".join(severe)
    for record in instance.get_records_for_run(run_id, limit=10_000).records:
        event = record.event_log_entry.dagster_event
        error = getattr(event.event_specific_data, "error", None) if event else None
        if error is not None:
            where = f"step {event.step_key}" if event.step_key else event.event_type_value.lower()
            return f"{where}: {(error.cause or error).message.strip()}"
    return None


def failed_checks(instance: dg.DagsterInstance, run_id: str, severity: dg.AssetCheckSeverity) -> list[str]:
    """The asset checks of the run that failed with this severity, with what they found."""
    out = []
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if not evaluation.passed and evaluation.severity == severity:
            out.append(f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}: {evaluation.description}")
    return out
