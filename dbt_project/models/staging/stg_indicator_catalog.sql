select
    indicator_id,
    catalog_order,
    name_sv,
    name_en,
    definition,
    unit,
    better,
    period_types,
    breakdowns,
    breakdown_always,
    cumulative,
    disclosure,
    row_exists,
    data_source,
    report_section,
    report_rows
from {{ source('raw', 'indicator_catalog') }}
