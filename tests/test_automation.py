"""The nightly schedule and the new-file sensor start the same job as `esf run`."""
import os

import dagster as dg

from esf.automation import landing_fingerprint
from esf.definitions import ESF_RUN_JOB, defs
from conftest import write


def test_the_nightly_schedule_runs_the_whole_job_at_two_in_stockholm():
    schedule = defs.resolve_schedule_def("nightly")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/Stockholm"
    assert schedule.job_name == ESF_RUN_JOB


def test_the_sensor_starts_a_run_when_files_land_and_only_then(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    write(landing, "deltagare/a.csv", "projekt;personnummer;startdatum\n")
    monkeypatch.setenv("ESF_LANDING_DIR", str(landing))
    sensor = defs.resolve_sensor_def("new_files")
    assert sensor.job_name == ESF_RUN_JOB

    first = sensor.evaluate_tick(dg.build_sensor_context(cursor=None, instance=dg.DagsterInstance.ephemeral()))
    assert len(first.run_requests) == 1
    again = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, instance=dg.DagsterInstance.ephemeral()))
    assert again.run_requests == [] and again.skip_message

    write(landing, "deltagare/b.csv", "projekt;personnummer;startdatum\n")
    new = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, instance=dg.DagsterInstance.ephemeral()))
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
