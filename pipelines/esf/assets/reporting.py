"""The steering-group reports as an asset: one Swedish HTML page per project for the month holding as_of."""
import dagster as dg

from esf.reports.render import write_reports
from esf.resources import WarehouseResource

# The marts the reports read (dbt asset keys: schema / model).
REPORT_INPUTS = [dg.AssetKey(["marts", "goal_attainment"]), dg.AssetKey(["marts", "indicator_catalog"])]


@dg.asset(
    key=dg.AssetKey(["project_reports"]),
    deps=REPORT_INPUTS,
    group_name="reports",
    kinds={"html"},
    description="Per project a Swedish HTML report for the reporting month: <reports>/<project>/<YYYY-MM>/rapport.html.",
)
def project_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings
    written = write_reports(settings.work_db, settings.reports_dir, settings.as_of)
    for path in written:
        context.log.info(f"wrote {path}")
    return dg.MaterializeResult(metadata={"reports": dg.MetadataValue.md("\n".join(f"- {p}" for p in written) or "none")})
