"""The one Definitions object: what `dagster dev` shows and what `esf run` executes."""

from __future__ import annotations

import dagster as dg

from esf.assets.calendar import working_days
from esf.assets.checks import quality_checks
from esf.assets.dbt import dbt, esf_dbt_models
from esf.assets.ingestion import delivery_records, persons, project_files, source_assets
from esf.assets.publishing import published_warehouse
from esf.assets.reporting import project_reports, report_deliveries
from esf.automation import build_automation
from esf.resources import PseudonymKeyResource, default_warehouse

ESF_RUN_JOB = "esf_run"

# The whole pipeline, as `esf run` and the nightly schedule run it.
esf_run_job = dg.define_asset_job(
    ESF_RUN_JOB,
    selection=dg.AssetSelection.assets(
        project_files,
        *source_assets,
        working_days,
        esf_dbt_models,
        project_reports,
        published_warehouse,
        report_deliveries,
    ),
    description="Load new files, build the dbt models with their tests, write the reports of the reporting month "
    "(the partition), publish the warehouse, send the new final reports.",
)

nightly, monthly_final_reports, new_files = build_automation(esf_run_job)

defs = dg.Definitions(
    assets=[
        project_files,
        *source_assets,
        persons,
        *delivery_records,
        working_days,
        esf_dbt_models,
        project_reports,
        published_warehouse,
        report_deliveries,
    ],
    asset_checks=quality_checks,
    jobs=[esf_run_job],
    schedules=[nightly, monthly_final_reports],
    sensors=[new_files],
    resources={
        "warehouse": default_warehouse(),
        "pseudonym_key": PseudonymKeyResource(),
        "dbt": dbt,
    },
    # One process writes the DuckDB file: steps run one after another in the run's process.
    executor=dg.in_process_executor,
)
