"""The dbt project as assets: every model an asset, every dbt test an asset check."""

import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from esf.dbt_manifest import DBT_EXECUTABLE, MANIFEST, ensure_manifest
from esf.resources import WarehouseResource
from esf.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt = DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
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


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=EsfDbtTranslator())
def esf_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    settings = warehouse.settings
    dbt_vars = {"db_path": str(settings.work_db), "as_of": settings.as_of.isoformat()}
    # dbt's artifacts and log of the run beside the run's own log, not in the repository
    target = settings.warehouse.parent / "logs" / f"dbt-{context.run.run_id[:8]}"
    # dbt's unit tests check the models' logic on fixed rows, not the night's data: the test suite runs
    # them (tests/test_dbt_unit_tests.py), a run does not pay for them
    args = ["build", "--vars", json.dumps(dbt_vars), "--exclude", "test_type:unit"]
    args += ["--full-refresh"] if settings.full_refresh else []  # `esf run --full-refresh`: every model anew
    yield from dbt.cli(args, context=context, target_path=target).stream()
