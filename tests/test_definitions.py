"""One code path: the Definitions `dagster dev` loads are the ones `esf run` executes."""
import dagster as dg

from esf import dbt_sources
from esf.contracts import sources
from esf.definitions import ESF_RUN_JOB, defs


def test_generated_sources_and_docs_match_the_contract():
    assert dbt_sources.stale_files() == []


def test_definitions_load_and_the_job_covers_the_graph():
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def(ESF_RUN_JOB)
    keys = {k.to_user_string() for k in job.asset_layer.executable_asset_keys}
    for source in sources():
        assert f"raw/{source}" in keys
        assert f"staging/stg_{source}" in keys
    assert {"raw/projects", "raw/working_days", "staging/stg_working_days", "published_warehouse"} <= keys


def test_dbt_sources_are_the_loader_assets_and_dbt_tests_are_asset_checks():
    graph = defs.resolve_asset_graph()
    stg = graph.get(dg.AssetKey(["staging", "stg_anstallningar"]))
    assert dg.AssetKey(["raw", "anstallningar"]) in stg.parent_keys
    external = {k.to_user_string() for k in graph.get_all_asset_keys() if not graph.get(k).is_materializable}
    assert external == {"raw/persons"}
    checks = {c.name for c in graph.asset_check_keys}
    assert "unique_stg_anstallningar_employment_id" in checks
