"""One code path: the Definitions `dagster dev` loads are the ones `esf run` executes."""

import dagster as dg
import duckdb

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
    # written as a side effect: by every source load the persons met and the deliveries recorded,
    # by the dbt build the facts' fingerprints the next build compares (esf.incremental)
    assert external == {"raw/persons", "meta/files", "meta/quarantine", "meta/built_fingerprints"}
    checks = {c.name for c in graph.asset_check_keys}
    assert "unique_stg_anstallningar_employment_id" in checks
    # a test on an intermediate model (tag `logic`) re-checks logic: the test suite runs it, not a run
    assert "unique_combination_int_sick_leave__person_months_person_id__organisation_key__month_start" not in checks
    assert "unique_combination_goal_series_project_code__goal_id__period" in checks  # marts: the contract


def test_the_dbt_resource_overrides_what_dagster_dbt_still_has():
    """esf.dbt_cli overrides two private methods of DbtCliResource: an upgrade that renames them fails here."""
    from dagster_dbt import DbtCliResource

    from esf.assets.dbt import dbt

    assert hasattr(DbtCliResource, "_cli_version") and hasattr(DbtCliResource, "_initialize_dbt_core_adapter")
    assert dbt._cli_version.major == 1 and dbt._initialize_dbt_core_adapter(["build"]) is None


def test_importing_the_definitions_runs_no_dbt(tmp_path):
    """dbt parses before the Definitions load (esf.dbt_manifest), never while they import."""
    import subprocess
    import sys

    probe = (
        "import subprocess\n"
        "started = []\n"
        "real = subprocess.Popen.__init__\n"
        "def record(self, args, *a, **k):\n"
        "    started.append(str(args))\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = record\n"
        "import esf.definitions\n"
        "print([a for a in started if 'dbt' in a])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_manifest_is_stale_when_a_project_file_changes_comes_or_goes(tmp_path):
    import os
    import time

    from esf.dbt_manifest import is_stale, project_paths

    project = tmp_path / "dbt_project"
    model = project / "models" / "marts" / "m.sql"
    model.parent.mkdir(parents=True)
    model.write_text("select 1")
    (project / "dbt_project.yml").write_text("name: esf")
    manifest = project / "target" / "manifest.json"
    assert is_stale(manifest, project)  # missing

    def parsed():
        """The manifest written after every project file: files 10 s ago, the manifest 5 s ago."""
        manifest.parent.mkdir(exist_ok=True)
        manifest.write_text("{}")
        now = time.time_ns()
        for path in project_paths(project):
            os.utime(path, ns=(now - 10**10, now - 10**10))
        os.utime(manifest, ns=(now - 5 * 10**9, now - 5 * 10**9))

    parsed()
    assert not is_stale(manifest, project)
    (project / "target" / "run_results.json").write_text("{}")  # what dbt writes is no source
    (project / "logs").mkdir()
    assert not is_stale(manifest, project)
    for change in (
        lambda: model.write_text("select 2"),
        lambda: (model.parent / "n.sql").write_text("select 3"),
        lambda: (model.parent / "n.sql").unlink(),
        lambda: (project / "dbt_project.yml").write_text("x"),
    ):
        change()
        assert is_stale(manifest, project)
        parsed()


def test_run_settings_take_the_flags_over_the_environment(tmp_path, monkeypatch):
    import datetime as dt

    from esf.settings import load_settings

    monkeypatch.setenv("ESF_LANDING_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("ESF_WAREHOUSE", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("ESF_AS_OF", "2013-06-30")
    settings = load_settings(landing_dir=tmp_path / "from-flag")
    assert settings.landing_dir == tmp_path / "from-flag" and settings.warehouse == tmp_path / "env.duckdb"
    assert settings.as_of == dt.date(2013, 6, 30)
    assert settings.work_db == tmp_path / "env.work.duckdb"
    assert load_settings(as_of=dt.date(2013, 7, 1)).as_of == dt.date(2013, 7, 1)


def test_full_refresh_goes_from_the_command_line_through_the_run_config_to_dbts_args(tmp_path, monkeypatch):
    """`esf run --full-refresh` -> Settings -> the warehouse resource's run config (what Dagster stores
    and `dagster dev` may set) -> `dbt build --full-refresh`; without the flag dbt builds as every night."""
    from dagster_dbt import DbtCliResource
    from typer.testing import CliRunner

    from esf import cli, incremental, warehouse
    from esf.assets.dbt import DBT_EXECUTABLE, dbt_project, esf_dbt_models
    from esf.runner import run_config

    class NoEvents:
        def stream(self):
            return iter(())

    class RecordingDbt(DbtCliResource):
        """dbt that records its arguments and builds nothing."""

        def cli(self, args, **kwargs):
            calls.append(list(args))
            return NoEvents()

    for flags, expected in (([], False), (["--full-refresh"], True)):
        settings, calls = [], []
        # a warehouse whose last build finished with these models: only the flag makes the next one full
        with warehouse.connect(tmp_path / "esf.work.duckdb") as con:
            incremental.begin(con, incremental.code_hash())
            con.execute("create schema if not exists intermediate")
            con.execute("create or replace table intermediate.int_fact_fingerprints as from meta.built_fingerprints")
            incremental.finish(con, incremental.code_hash())
        monkeypatch.setattr(cli, "_run_once", lambda s, verbose, seen=settings: seen.append(s) or 0)
        invoked = CliRunner().invoke(
            cli.app, ["run", "--warehouse", str(tmp_path / "esf.duckdb"), "--as-of", "2014-06-30", *flags]
        )
        assert invoked.exit_code == 0, invoked.output
        assert settings[0].full_refresh is expected
        result = dg.materialize(
            [esf_dbt_models],
            resources={**defs.resources, "dbt": RecordingDbt(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)},
            run_config=run_config(settings[0]),
        )
        assert result.success
        assert len(calls) == 1 and calls[0][0] == "build"
        assert ("--full-refresh" in calls[0]) is expected, calls[0]


def test_dbts_duckdb_holds_at_most_the_memory_limit_and_spills_beside_the_work_file(tmp_path, monkeypatch):
    """The plugin profiles.yml names (esf.dbt_work_db), on the connection dbt opens."""
    from esf.dbt_work_db import Plugin

    work = tmp_path / "esf.work.duckdb"
    monkeypatch.setenv("ESF_WORK_DB", str(work))

    def connected() -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        Plugin(name="dbt_work_db", plugin_config={}).configure_connection(con)
        return con

    monkeypatch.delenv("ESF_DUCKDB_MEMORY_LIMIT", raising=False)
    with connected() as con:
        assert con.execute("select current_setting('memory_limit')").fetchone() == ("953.6 MiB",)  # 1GB
        assert con.execute("select current_setting('temp_directory')").fetchone() == (f"{work}.tmp",)
        assert con.execute("select database_name from duckdb_databases() where path = ?", [str(work)]).fetchall() == [
            ("esf",)
        ]
    monkeypatch.setenv("ESF_DUCKDB_MEMORY_LIMIT", "6GB")
    with connected() as con:
        assert con.execute("select current_setting('memory_limit')").fetchone() == ("5.5 GiB",)
