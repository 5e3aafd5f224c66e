"""Every dbt unit test (the `unit_tests:` beside the models, hand-computed rows) and every data
test tagged `logic` (the tests on intermediate models, which re-check a model's own logic)
passes. A run excludes both (they test logic, not the night's data); here they run on a
warehouse built from the sample data, since dbt needs each tested model's parents to exist."""

from __future__ import annotations

import json

from conftest import REPO, dbt_test


def test_every_dbt_unit_test_and_logic_test_passes(demo_run, tmp_path):
    warehouse, run = demo_run
    assert run.returncode == 0, run.stderr[-3000:]
    work = warehouse.with_name(warehouse.stem + ".work.duckdb")
    copy = tmp_path / "work.duckdb"
    copy.write_bytes(work.read_bytes())  # the session's demo stays as it was
    result = dbt_test(copy, "test_type:unit tag:logic", "2014-06-30", tmp_path / "dbt_target")
    assert result.returncode == 0, result.stdout[-4000:]
    statuses = {
        r["unique_id"]: r["status"]
        for r in json.loads((tmp_path / "dbt_target" / "run_results.json").read_text())["results"]
    }
    manifest = json.loads((REPO / "dbt_project" / "target" / "manifest.json").read_text())
    logic = {uid for uid, node in manifest["nodes"].items() if "logic" in node.get("tags", [])}
    unit = set(manifest.get("unit_tests", {}))
    assert len(unit) >= 30 and len(logic) >= 20, (len(unit), len(logic))
    assert {uid: statuses.get(uid) for uid in unit | logic} == dict.fromkeys(unit | logic, "pass")
