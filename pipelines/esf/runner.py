"""Execute the `esf_run` job of the Definitions in this process, and read back what it did."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from esf import runs
from esf.contracts import PROJECT_FOLDER, sources
from esf.dbt_manifest import ensure_manifest
from esf.held import held_files
from esf.partitions import month_key
from esf.resources import resource_config
from esf.settings import Settings, dagster_home


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    warehouse: Path
    log_file: Path | None = None
    message: str = ""
    rejected_project_files: list[str] = field(default_factory=list)
    rejected_files: list[str] = field(default_factory=list)  # "path: reason", every file this run rejected
    held_files: list[str] = field(default_factory=list)  # "path: check", every delivery held at the run's end
    check_warnings: list[str] = field(default_factory=list)
    deliveries: dict[str, list[str]] = field(default_factory=dict)  # "sent", "failed": reports to steering groups


def _instance() -> dg.DagsterInstance:
    """The Dagster instance of DAGSTER_HOME when set (runs then show in `dagster dev`), else a temporary one."""
    home = dagster_home()
    return dg.DagsterInstance.from_config(str(home)) if home else dg.DagsterInstance.ephemeral()


def run_config(settings: Settings) -> dict:
    """The run's config: these settings for the `warehouse` resource, over the Definitions' defaults."""
    return {
        "resources": {"warehouse": {"config": resource_config(settings)}},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }


def run_pipeline(
    settings: Settings, verbose: bool = False, on_step: Callable[[str, int, int], None] | None = None
) -> RunOutcome:
    """Run the job with these settings; unless `verbose`, Dagster's and dbt's log go to a file
    beside the warehouse. Without an `as_of`, the run's date is today.

    `on_step(step_key, number, total)` is called as each step starts, for progress.
    """
    settings = settings.dated()  # "today" read once: the partition and the run agree on the date
    ensure_manifest()  # before the Definitions load: they read dbt's manifest
    from esf.definitions import ESF_RUN_JOB, defs

    job = defs.resolve_job_def(ESF_RUN_JOB)
    log_file = None
    with contextlib.ExitStack() as stack:
        if not verbose:
            log_dir = settings.warehouse.parent / "logs"
            log_dir.mkdir(parents=True, exist_ok=True)
            log_file = log_dir / f"run-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
            log = stack.enter_context(open(log_file, "w", encoding="utf-8"))
            stack.enter_context(contextlib.redirect_stdout(log))
            stack.enter_context(contextlib.redirect_stderr(log))
        instance = stack.enter_context(_instance())
        # the reporting month of the run's date: a draft while the month lasts
        result = _execute_watching_steps(job, instance, run_config(settings), month_key(settings.as_of), on_step)
        if not result.success:
            message = runs.failure_from_event_log(instance, result.run_id) or "the run failed (see its log)"
            return RunOutcome(False, result.run_id, settings.warehouse, log_file, message)
        warnings = runs.failed_checks(instance, result.run_id, dg.AssetCheckSeverity.WARN)
        deliveries = _deliveries(instance, result.run_id)
    return RunOutcome(
        True,
        result.run_id,
        settings.warehouse,
        log_file,
        rejected_project_files=_rejected_project_files(settings.warehouse, result.run_id),
        rejected_files=_rejected_files(settings.warehouse, result.run_id),
        held_files=_held_files(settings.warehouse),
        check_warnings=warnings,
        deliveries=deliveries,
    )


def _execute_watching_steps(
    job,
    instance: dg.DagsterInstance,
    run_config: dict,
    partition_key: str,
    on_step: Callable[[str, int, int], None] | None,
) -> dg.ExecuteInProcessResult:
    """Execute in a worker thread while this one reports each step start from the run's event log."""
    run_id = str(uuid.uuid4())
    outcome: dict = {}

    def execute() -> None:
        try:
            outcome["result"] = job.execute_in_process(
                instance=instance,
                run_config=run_config,
                partition_key=partition_key,
                raise_on_error=False,
                run_id=run_id,
            )
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc

    worker = threading.Thread(target=execute, name="esf-run")
    worker.start()
    total, started = len(job.graph.nodes), 0
    while worker.is_alive():
        worker.join(0.5)
        if on_step is not None:
            records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_START).records
            if len(records) > started:
                started = len(records)
                on_step(records[-1].event_log_entry.step_key or "", started, total)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _deliveries(instance: dg.DagsterInstance, run_id: str) -> dict[str, list[str]]:
    """What the run's report_deliveries step sent and failed to send, from its materialization."""
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records:
        materialization = record.event_log_entry.asset_materialization
        if materialization.asset_key == dg.AssetKey(["report_deliveries"]):
            return {name: list(materialization.metadata[name].value) for name in ("sent", "failed")}
    return {}


def _rejected_project_files(warehouse: Path, run_id: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select path, reason from meta.files where run_id = ? and source = ? and status = 'rejected' order by path",
            [run_id, PROJECT_FOLDER],
        ).fetchall()
    return [f"{path}: {reason}" for path, reason in rows]


def _rejected_files(warehouse: Path, run_id: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select path, reason from meta.files where run_id = ? and status = 'rejected' order by path", [run_id]
        ).fetchall()
    return [f"{path}: {reason}" for path, reason in rows]


def _held_files(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [f.line() for f in held_files(con)]


def load_summary(warehouse: Path, run_id: str) -> list[tuple]:
    """Per source: files loaded, duplicate, rejected and held, rows loaded and quarantined in this run."""
    folders = [PROJECT_FOLDER, *sources()]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        by_source = {
            r[0]: r[1:]
            for r in con.execute(
                """select source,
                          count(*) filter (where status = 'loaded'),
                          count(*) filter (where status = 'duplicate'),
                          count(*) filter (where status = 'rejected'), count(*) filter (where status = 'held'),
                          coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0), coalesce(sum(rows_quarantined), 0)
                   from meta.files where run_id = ? group by source""",
                [run_id],
            ).fetchall()
        }
    return [(f, *by_source.get(f, (0,) * 6)) for f in folders]


def goal_summary(warehouse: Path) -> list[tuple]:
    """Every project's goals with the value read and the status, in file order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            """select project_code, goal_id, direction, target, actual, as_of_period, status, compare_with
               from marts.goal_attainment order by project_code, goal_order"""
        ).fetchall()
