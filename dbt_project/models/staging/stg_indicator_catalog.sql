select
    indicator_id,
    name_sv,
    name_en,
    definition,
    unit,
    better,
    period_types,
    breakdowns
from {{ source('raw', 'indicator_catalog') }}
