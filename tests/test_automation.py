"""The nightly and monthly schedules and the new-file sensor start the same job as `esf run`,
each for its reporting month."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from esf.definitions import ESF_RUN_JOB, defs
from esf.inputs import landing_fingerprint
from esf.partitions import run_as_of

from conftest import write

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_the_nightly_schedule_runs_the_whole_job_at_two_in_stockholm():
    schedule = defs.resolve_schedule_def("nightly")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/Stockholm"
    assert schedule.job_name == ESF_RUN_JOB


def _partition_requested(schedule_name: str, at: dt.datetime) -> str:
    schedule = defs.resolve_schedule_def(schedule_name)
    context = dg.build_schedule_context(scheduled_execution_time=at, repository_def=defs.get_repository_def())
    (request,) = schedule.evaluate_tick(context).run_requests
    return request.partition_key


@pytest.mark.parametrize(
    ("at", "month"),
    [
        (dt.datetime(2013, 6, 15, 2, tzinfo=STOCKHOLM), "2013-06-01"),
        (dt.datetime(2013, 7, 1, 2, tzinfo=STOCKHOLM), "2013-07-01"),
    ],
)
def test_the_nightly_run_refreshes_the_current_months_draft(at, month):
    assert _partition_requested("nightly", at) == month
    assert run_as_of(month, at.date()) == at.date()  # the run's own date: a draft


@pytest.mark.parametrize(
    ("at", "month", "as_of"),
    [
        (dt.datetime(2013, 7, 1, 5, tzinfo=STOCKHOLM), "2013-06-01", dt.date(2013, 6, 30)),
        (dt.datetime(2014, 1, 1, 5, tzinfo=STOCKHOLM), "2013-12-01", dt.date(2013, 12, 31)),
    ],
)
def test_the_monthly_run_writes_the_final_report_of_the_month_that_ended(at, month, as_of):
    schedule = defs.resolve_schedule_def("monthly_final_reports")
    assert schedule.cron_schedule == "0 5 1 * *" and schedule.execution_timezone == "Europe/Stockholm"
    assert _partition_requested("monthly_final_reports", at) == month
    assert run_as_of(month, at.date()) == as_of  # the month's last day: final


def test_a_run_for_a_month_not_yet_begun_is_refused():
    with pytest.raises(ValueError, match="has not started"):
        run_as_of("2013-08-01", dt.date(2013, 7, 31))
    assert run_as_of(None, dt.date(2013, 7, 31)) == dt.date(2013, 7, 31)


def test_the_sensor_starts_a_run_when_files_land_and_only_then(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    write(landing, "deltagare/a.csv", "projekt;personnummer;startdatum\n")
    monkeypatch.setenv("ESF_LANDING_DIR", str(landing))
    sensor = defs.resolve_sensor_def("new_files")
    assert sensor.job_name == ESF_RUN_JOB

    first = sensor.evaluate_tick(
        dg.build_sensor_context(cursor=None, instance=dg.DagsterInstance.ephemeral(), definitions=defs)
    )
    assert len(first.run_requests) == 1
    assert first.run_requests[0].partition_key == dt.datetime.now(STOCKHOLM).date().replace(day=1).isoformat()
    again = sensor.evaluate_tick(
        dg.build_sensor_context(cursor=first.cursor, instance=dg.DagsterInstance.ephemeral(), definitions=defs)
    )
    assert again.run_requests == [] and again.skip_message

    write(landing, "deltagare/b.csv", "projekt;personnummer;startdatum\n")
    new = sensor.evaluate_tick(
        dg.build_sensor_context(cursor=first.cursor, instance=dg.DagsterInstance.ephemeral(), definitions=defs)
    )
    assert len(new.run_requests) == 1 and new.cursor != first.cursor


def test_the_fingerprint_ignores_hidden_files(tmp_path):
    write(tmp_path, "a/x.csv", "1")
    before = landing_fingerprint(tmp_path)
    write(tmp_path, "a/.x.csv.swp", "tmp")
    assert landing_fingerprint(tmp_path) == before
    os.utime(tmp_path / "a" / "x.csv", ns=(1, 1))
    assert landing_fingerprint(tmp_path) != before


def test_the_deployed_instance_config_takes_one_run_at_a_time(tmp_path):
    import shutil

    from conftest import REPO

    shutil.copy(REPO / "deploy" / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 1
