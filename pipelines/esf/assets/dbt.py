"""The dbt project as assets: every model an asset, every dbt test an asset check."""

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from esf.resources import WarehouseResource
from esf.settings import DBT_PROJECT_DIR

# dbt from this environment, also when its bin/ is not on PATH
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt = DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
# Parse on every load (partial parsing keeps it quick), so that the asset graph always
# matches the models on disk, in `dagster dev` and under `esf run` alike.
dbt.cli(["parse", "--quiet"], target_path=Path("target")).wait()


class EsfDbtTranslator(DagsterDbtTranslator):
    """Sources map to the loader's `raw/<table>` assets; staging models join their source's group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
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
    yield from dbt.cli(["build", "--vars", json.dumps(dbt_vars)], context=context).stream()
