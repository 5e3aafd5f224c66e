"""Runs that start by themselves: the nightly schedule, the monthly final reports and the
sensor for newly landed files.

All start the same job as `esf run`, with the reporting month as the partition: the nightly
run and the sensor take the current month (its report is a draft), the monthly run on the
1st takes the month that just ended (its final report, sent to the steering groups). Runs
never write at once: the Dagster run queue takes one run at a time (deploy/dagster.yaml) and
the warehouse lock covers anyone else.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from esf.inputs import landing_fingerprint
from esf.partitions import month_key, previous_month_key
from esf.settings import load_settings

NIGHTLY_CRON = "0 2 * * *"
# After the nightly run of the 1st, so the month's last deliveries are in.
MONTHLY_CRON = "0 5 1 * *"
TIMEZONE = "Europe/Stockholm"


def build_automation(
    job: dg.UnresolvedAssetJobDefinition,
) -> tuple[dg.ScheduleDefinition, dg.ScheduleDefinition, dg.SensorDefinition]:
    @dg.schedule(
        job=job,
        cron_schedule=NIGHTLY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The whole pipeline every night at 02:00 Stockholm time; refreshes this month's draft report.",
    )
    def nightly(context: dg.ScheduleEvaluationContext):
        return dg.RunRequest(partition_key=month_key(context.scheduled_execution_time.date()))

    @dg.schedule(
        job=job,
        cron_schedule=MONTHLY_CRON,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="On the 1st at 05:00: the final report of the month that ended, sent to the steering groups.",
    )
    def monthly_final_reports(context: dg.ScheduleEvaluationContext):
        return dg.RunRequest(partition_key=previous_month_key(context.scheduled_execution_time.date()))

    @dg.sensor(
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starts a run for the current month when files land in (or change in) the landing directory.",
    )
    def new_files(context: dg.SensorEvaluationContext):
        fingerprint = landing_fingerprint(load_settings().landing_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("no new files in the landing directory")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint, partition_key=month_key(dt.datetime.now(ZoneInfo(TIMEZONE)).date()))

    return nightly, monthly_final_reports, new_files
