-- SPEC §7: one row per (project_code, indicator_id, period_type, period, gender, breakdown,
-- breakdown_value). A row exists exactly when its n_persons > 0, except where the
-- catalog's row_exists says otherwise (SPEC §5). The definitions live in the intermediate
-- int_indicators__* models, one CTE per indicator.
with all_values as (
    select * from {{ ref('int_indicators__participation') }}
    union all by name
    select * from {{ ref('int_indicators__esf') }}
    union all by name
    select * from {{ ref('int_indicators__activities') }}
    union all by name
    select * from {{ ref('int_indicators__surveys') }}
    union all by name
    select * from {{ ref('int_indicators__income_support') }}
    union all by name
    select * from {{ ref('int_indicators__sick_leave_rates') }}
    union all by name
    select * from {{ ref('int_indicators__sick_cases') }}
    union all by name
    select * from {{ ref('int_indicators__repeated_absence') }}
    union all by name
    select * from {{ ref('int_indicators__sick_leave_change') }}
    union all by name
    select * from {{ ref('int_indicators__effect') }}
)

select
    v.project_code,
    v.indicator_id,
    v.period_type,
    v.period,
    v.period_start,
    v.period_end,
    v.gender,
    v.breakdown,
    v.breakdown_value,
    v.numerator,
    v.denominator,
    -- a ratio whose denominator is 0 has a null value
    case when v.denominator = 0 then null else v.value end as value,
    v.n_persons,
    c.unit
from all_values as v
join {{ ref('stg_indicator_catalog') }} as c using (indicator_id)
-- the catalog's row_exists rule
where v.n_persons > 0
    or c.row_exists = 'always'
    or (c.row_exists = 'total_always' and v.gender = 'T')
