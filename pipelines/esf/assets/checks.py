"""Data-quality asset checks on each source's newly loaded rows (great-expectations inside).

A severe finding fails the check with severity ERROR, and the check is blocking: the dbt
models, the reports and the publish do not run. A held delivery (SPEC §8.5) and a mild
finding fail it with WARN: the run goes on and publishes without the held file, which the
check's metadata names on every run until a person releases or withdraws it.
"""

import dagster as dg

from esf.contracts import Source, sources
from esf.quality import check_source  # light: great-expectations is imported when rows are validated
from esf.resources import WarehouseResource


def build_quality_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", source.name]),
        name="quality",
        blocking=True,
        description=f"Validates the rows of {source.name}/ this run loaded: the contract (great-expectations), "
        "missing deliveries, volume and freshness; lists the held deliveries (more than half quarantined).",
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            findings = check_source(con, source, context.run.run_id, warehouse.settings.as_of)
        for message in findings.severe:
            context.log.error(message)
        for held in findings.held:
            context.log.warning(f"held: {held.line()}")
        for message in findings.mild:
            context.log.warning(message)
        warnings = findings.mild
        if findings.held:
            warnings = [f"held (more than half quarantined): {', '.join(f.path for f in findings.held)}", *warnings]
        return dg.AssetCheckResult(
            passed=not (findings.severe or warnings),
            severity=dg.AssetCheckSeverity.ERROR if findings.severe else dg.AssetCheckSeverity.WARN,
            description="; ".join(findings.severe or warnings) or "all checks passed",
            metadata={
                "rows_checked": findings.rows_checked,
                "severe": len(findings.severe),
                "mild": len(findings.mild),
                "held_files": dg.MetadataValue.json([f.line() for f in findings.held]),
            },
        )

    return _check


quality_checks = [build_quality_check(s) for s in sources().values()]
