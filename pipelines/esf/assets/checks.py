"""Data-quality asset checks on each source's newly loaded rows (great-expectations inside).

A severe finding fails the check with severity ERROR, and the check is blocking: the dbt
models, the reports and the publish do not run. A mild finding fails with WARN.
"""
import dagster as dg

from esf.contracts import Source, sources
from esf.resources import WarehouseResource


def build_quality_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", source.name]),
        name="quality",
        blocking=True,
        description=f"Validates the rows of {source.name}/ this run loaded: the contract (great-expectations), "
                    "quarantine share, missing deliveries, volume and freshness.",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from esf.quality import check_source  # great-expectations takes seconds to import: not at load

        with warehouse.connect() as con:
            findings = check_source(con, source, context.run.run_id, warehouse.settings.as_of)
        for message in findings.severe:
            context.log.error(message)
        for message in findings.mild:
            context.log.warning(message)
        return dg.AssetCheckResult(
            passed=not (findings.severe or findings.mild),
            severity=dg.AssetCheckSeverity.ERROR if findings.severe else dg.AssetCheckSeverity.WARN,
            description="; ".join(findings.severe or findings.mild) or "all checks passed",
            metadata={"rows_checked": findings.rows_checked, "severe": len(findings.severe), "mild": len(findings.mild)},
        )

    return _check


quality_checks = [build_quality_check(s) for s in sources().values()]
