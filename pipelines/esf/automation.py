"""Runs that start by themselves: the nightly schedule and the sensor for newly landed files.

Both start the same job as `esf run`. Runs never write at once: the Dagster run queue takes
one run at a time (deploy/dagster.yaml) and the warehouse lock covers anyone else.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from esf.settings import load_settings

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Europe/Stockholm"


def landing_fingerprint(landing_dir: Path) -> str:
    """A digest of every file's path, size and modification time: it changes when a file lands or changes."""
    digest = hashlib.sha256()
    if landing_dir.is_dir():
        for path in sorted(p for p in landing_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
            stat = path.stat()
            digest.update(f"{path.relative_to(landing_dir).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def build_automation(job: dg.UnresolvedAssetJobDefinition) -> tuple[dg.ScheduleDefinition, dg.SensorDefinition]:
    nightly = dg.ScheduleDefinition(
        name="nightly",
        job=job,
        cron_schedule=NIGHTLY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The whole pipeline every night at 02:00 Stockholm time.",
    )

    @dg.sensor(job=job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
               description="Starts a run when files land in (or change in) the landing directory.")
    def new_files(context: dg.SensorEvaluationContext):
        fingerprint = landing_fingerprint(load_settings().landing_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("no new files in the landing directory")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return nightly, new_files
