"""The dbt project as assets: every model an asset, every dbt test an asset check."""

import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from esf import incremental
from esf.dbt_cli import EsfDbtCliResource
from esf.dbt_manifest import DBT_EXECUTABLE, MANIFEST, ensure_manifest
from esf.resources import WarehouseResource
from esf.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt = EsfDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
# No parse at import: `esf run`, `make install` and the tests prepare the manifest first
# (esf.dbt_manifest). Only `dagster dev` parses here, and only after an edit, so that
# "Reload definitions" shows the models on disk (what DbtProject.prepare_if_dev is for).
if dbt_project.preparer.using_dagster_dev():
    ensure_manifest()
elif not MANIFEST.exists():
    raise FileNotFoundError(f"{MANIFEST} is missing: run `make install` or `python -m esf.dbt_manifest` first")


class EsfDbtTranslator(DagsterDbtTranslator):
    """Sources map to the loader's `raw/<table>` assets; staging models join their source's group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":  # landing and raw tables: raw/<table>; meta/<table>
            schema = "meta" if dbt_resource_props["source_name"] == "meta" else "raw"
            return dg.AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        name = dbt_resource_props["name"]
        if dbt_resource_props["resource_type"] == "model" and name.startswith("stg_"):
            if name == "stg_working_days":
                return "calendar"
            return name.removeprefix("stg_") if not name.startswith("stg_project") else "projekt"
        return dbt_resource_props.get("fqn", [None, None])[1]


# The data tests tagged `logic` (dbt_project.yml) check the models' logic, not the night's data:
# the test suite runs them (tests/test_dbt_unit_tests.py); a run neither runs them nor lists them as checks
@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=EsfDbtTranslator(),
    exclude="tag:logic",
)
def esf_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    settings = warehouse.settings
    # dbt's artifacts and log of the run beside the run's own log, not in the repository
    target = settings.warehouse.parent / "logs" / f"dbt-{context.run.run_id[:8]}"
    # dbt's unit tests check the models' logic on fixed rows, not the night's data: the test suite runs
    # them (tests/test_dbt_unit_tests.py), a run does not pay for them
    args = ["build", "--exclude", "test_type:unit"]
    code = incremental.code_hash()
    with warehouse.connect() as con:
        full_reason = (
            "asked for (--full-refresh)" if settings.full_refresh else incremental.full_build_reason(con, code)
        )
        incremental.begin(con, code)
    if full_reason:
        context.log.info(f"full dbt build: {full_reason}")
        args.append("--full-refresh")
    else:
        context.log.info("incremental dbt build: only the periods of changed facts are computed again")
    # The work file and the date reach dbt as environment variables, not --vars: dbt re-parses the
    # whole project when its --vars change, and these change every run (profiles.yml, macros/as_of.sql)
    with _environment(ESF_WORK_DB=str(settings.work_db), ESF_AS_OF=settings.as_of.isoformat()):
        invocation = dbt.cli(args, context=context, target_path=target)  # dbt's process starts here
    yield from invocation.stream()
    if not context.is_subset:  # a part of the models built (dagster dev) leaves the next build full
        with warehouse.connect() as con:  # dbt has closed the file
            incremental.finish(con, code)


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """These variables in os.environ while the block runs (DbtCliResource passes os.environ to dbt)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
