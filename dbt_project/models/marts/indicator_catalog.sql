-- SPEC §7: the indicator catalog, from schemas/indicators.yml.
select
    indicator_id,
    name_sv,
    name_en,
    definition,
    unit,
    better,
    array_to_string(period_types, ',') as period_types,
    array_to_string(breakdowns, ',') as breakdowns,
    cumulative,
    disclosure,
    data_source
from {{ ref('stg_indicator_catalog') }}
order by catalog_order
