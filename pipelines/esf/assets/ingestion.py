"""Assets that load the landing directory into the work warehouse, one per source folder."""

import dagster as dg

from esf import pseudonym
from esf.contracts import Source, sources
from esf.ingest.catalog import load_indicator_catalog
from esf.ingest.loader import load_source, retry_unknown_project
from esf.ingest.projects import load_projects
from esf.resources import PseudonymKeyResource, WarehouseResource

PROJECT_KEYS = [dg.AssetKey(["raw", t]) for t in ("projects", "project_goals", "project_goal_values")]
CATALOG_KEY = dg.AssetKey(["raw", "indicator_catalog"])
CODE_LISTS_KEY = dg.AssetKey(["raw", "code_lists"])
PERSONS_KEY = dg.AssetKey(["raw", "persons"])


@dg.multi_asset(
    specs=[
        *(
            dg.AssetSpec(
                key, group_name="projekt", description=f"{key.path[-1]} of the project files in force (projekt/*.yml)."
            )
            for key in PROJECT_KEYS
        ),
        dg.AssetSpec(CATALOG_KEY, group_name="projekt", description="The indicator catalog of schemas/indicators.yml."),
        dg.AssetSpec(CODE_LISTS_KEY, group_name="projekt", description="The code lists of schemas/codes.yml."),
    ],
    name="project_files",
)
def project_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Project files load first: rows of the sources are checked against their codes."""
    with warehouse.connect() as con:
        n_indicators = load_indicator_catalog(con)
        result = load_projects(con, warehouse.settings.landing_dir, context.run.run_id)
    for message in result.rejected:
        context.log.error(message)
    meta = {
        "loaded": dg.MetadataValue.text(", ".join(result.loaded) or "none"),
        "rejected": dg.MetadataValue.md("\n".join(f"- {m}" for m in result.rejected) or "none"),
    }
    for key in PROJECT_KEYS:
        yield dg.MaterializeResult(asset_key=key, metadata=meta)
    yield dg.MaterializeResult(asset_key=CATALOG_KEY, metadata={"indicators": n_indicators})
    yield dg.MaterializeResult(asset_key=CODE_LISTS_KEY)


def build_source_asset(source: Source) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["raw", source.name]),
        group_name=source.name,
        deps=PROJECT_KEYS,
        description=f"{source.description} Loaded from {source.name}/ (schemas/sources.yml).",
        kinds={"duckdb", "polars"},
    )
    def _load(context: dg.AssetExecutionContext, warehouse: WarehouseResource, pseudonym_key: PseudonymKeyResource):
        key = pseudonym_key.key()
        if pseudonym.is_demo_key(key):
            context.log.warning("using the published demo pseudonymisation key: for sample data only")
        settings = warehouse.settings
        with warehouse.connect() as con:
            released = retry_unknown_project(con, source)
            result = load_source(con, settings.landing_dir, source, key, context.run.run_id, settings.as_of)
        for message in result.messages:
            context.log.warning(message)
        context.log.info(
            f"{source.name}: {result.files_loaded} files loaded, {result.files_duplicate} duplicate, "
            f"{result.files_rejected} rejected; {result.rows_loaded} rows loaded, "
            f"{result.rows_quarantined} quarantined; {released} earlier rows released"
        )
        return dg.MaterializeResult(
            metadata={
                "files_loaded": result.files_loaded,
                "files_duplicate": result.files_duplicate,
                "files_rejected": result.files_rejected,
                "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined,
                "rows_released_from_unknown_project": released,
            }
        )

    return _load


source_assets = [build_source_asset(s) for s in sources().values()]

persons = dg.AssetSpec(
    PERSONS_KEY,
    group_name="pseudonymisation",
    description="Pseudonymised persons, written by every source load as it meets new persons (SPEC §4).",
    deps=[a.key for a in source_assets],
)

# meta.files and meta.quarantine: what every load records of its deliveries (SPEC §7); the
# report's appendix reads them through marts.project_files.
delivery_records = [
    dg.AssetSpec(
        dg.AssetKey(["meta", table]),
        group_name="meta",
        description=f"meta.{table}, written by every source load (SPEC §7).",
        deps=[a.key for a in source_assets],
    )
    for table in ("files", "quarantine")
]
