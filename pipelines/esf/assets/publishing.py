"""The published warehouse: the work file copied and renamed into place atomically (SPEC §8.2)."""

import dagster as dg

from esf import inputs, runs
from esf import warehouse as wh
from esf.assets.dbt import esf_dbt_models
from esf.assets.reporting import project_reports
from esf.resources import WarehouseResource


@dg.asset(
    key=dg.AssetKey(["published_warehouse"]),
    # last: a run that fails anywhere, reports included, publishes nothing
    deps=[esf_dbt_models, project_reports],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file analysts read; replaced atomically at the end of a successful run.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings
    with warehouse.connect() as con:
        runs.record_success(con, context.run.run_id, warehouse.started_at, settings.as_of)
        inputs.record(con, settings, warehouse.landing_seen)
    wh.publish(settings.work_db, settings.warehouse)
    context.log.info(f"published {settings.warehouse}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(settings.warehouse))})
