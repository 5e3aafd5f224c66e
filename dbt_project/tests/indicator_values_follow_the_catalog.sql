-- Every row of marts.indicator_values has a period type and a breakdown that the catalog
-- (schemas/indicators.yml) lists for its indicator, and a breakdown where the catalog says
-- every row has one. Fails with the offending combinations.
select distinct v.indicator_id, v.period_type, v.breakdown
from {{ ref('indicator_values') }} as v
join {{ ref('stg_indicator_catalog') }} as c using (indicator_id)
where not list_contains(c.period_types, v.period_type)
    or (v.breakdown is not null and not list_contains(c.breakdowns, v.breakdown))
    or (v.breakdown is null and c.breakdown_always)
