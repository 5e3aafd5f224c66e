"""The steering-group reports, one partition per reporting month, and their delivery by e-mail."""

import json

import dagster as dg
import duckdb

from esf import delivery
from esf.assets.ingestion import source_assets
from esf.partitions import REPORT_MONTHS, month_key
from esf.reports.data import REPORT_MARTS
from esf.reports.render import write_reports
from esf.resources import WarehouseResource

# Every table the reports read: the marts (dbt asset keys: schema / model), and meta.files and
# meta.quarantine, which the source loads write (the data-quality appendix).
REPORT_INPUTS = [dg.AssetKey(["marts", name]) for name in REPORT_MARTS] + [a.key for a in source_assets]


@dg.asset(
    key=dg.AssetKey(["project_reports"]),
    deps=REPORT_INPUTS,
    partitions_def=REPORT_MONTHS,
    group_name="reports",
    kinds={"html", "pdf"},
    description="Per project the Swedish report for the reporting month, as HTML and PDF: "
    "<reports>/<project>/<YYYY-MM>/rapport.html and rapport.pdf, and the index page <reports>/index.html. "
    "The current month's report is a draft; a month that has ended gets its final report.",
)
def project_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings
    if month_key(settings.as_of) != context.partition_key:  # the resource derives as_of from the partition
        raise ValueError(f"as_of {settings.as_of} is outside the reporting month {context.partition_key}")
    written = write_reports(settings.work_db, settings.reports_dir, settings.as_of)
    for path in written:
        context.log.info(f"wrote {path} and its PDF")
    return dg.MaterializeResult(
        metadata={"reports": dg.MetadataValue.md("\n".join(f"- {p}" for p in written) or "none")}
    )


def steering_groups(con: duckdb.DuckDBPyConnection) -> dict[str, delivery.Project]:
    """Each project's name and the e-mail addresses of its steering group, in file order."""
    rows = con.execute("select project_code, name, steering_group from raw.projects").fetchall()
    return {
        code: delivery.Project(code, name, [m["epost"] for m in json.loads(group or "[]") if m.get("epost")])
        for code, name, group in rows
    }


@dg.asset(
    key=dg.AssetKey(["report_deliveries"]),
    deps=[dg.AssetKey(["published_warehouse"])],
    group_name="reports",
    kinds={"email"},
    description="E-mails each new final report to its project's steering group and records it in "
    "<reports>/utkorg/. Off unless ESF_SMTP_HOST is set; a message that fails is tried again next run.",
)
def report_deliveries(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings
    with warehouse.connect() as con:
        projects = steering_groups(con)
    result = delivery.deliver_reports(settings.reports_dir, projects, warehouse.started_at)
    for line in result.sent:
        context.log.info(f"sent {line}")
    for line in result.without_recipients:
        context.log.info(f"no steering group e-mail in the project file: {line}")
    for line in result.failed:
        context.log.warning(f"not sent, will try again next run: {line}")
    return dg.MaterializeResult(
        metadata={
            "sent": dg.MetadataValue.json(result.sent),
            "failed": dg.MetadataValue.json(result.failed),
            "without_recipients": dg.MetadataValue.json(result.without_recipients),
        }
    )
