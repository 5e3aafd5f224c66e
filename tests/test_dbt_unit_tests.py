"""Every dbt unit test (the `unit_tests:` beside the models, hand-computed rows) passes. A run
excludes them (they test logic, not the night's data); here they run on a warehouse built
from the sample data, since dbt needs each tested model's parents to exist."""

from __future__ import annotations

from conftest import dbt_test


def test_every_dbt_unit_test_passes(demo_run, tmp_path):
    warehouse, run = demo_run
    assert run.returncode == 0, run.stderr[-3000:]
    work = warehouse.with_name(warehouse.stem + ".work.duckdb")
    copy = tmp_path / "work.duckdb"
    copy.write_bytes(work.read_bytes())  # the session's demo stays as it was
    result = dbt_test(copy, "test_type:unit", "2014-06-30", tmp_path / "dbt_target")
    assert result.returncode == 0, result.stdout[-4000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "ERROR=0" in summary and "PASS=" in summary and int(summary.split("PASS=")[1].split()[0]) >= 30, summary
