-- SPEC §8.4, disclosure control for everything written for people outside the analyst
-- team (reports, exports). The catalog's disclosure rule per indicator: `persons` hides a
-- value behind 1–4 persons; `employees` (sick leave, the municipal accounting law) hides
-- it when the group has 10 employees or fewer. When either K or M of a value is hidden,
-- both are. An effect value (`estimate`, `estimate_employees`) is hidden when its estimate in
-- marts.effect_estimates is. The published marts.indicator_values keeps every value.
with flagged as (
    select
        v.*,
        c.disclosure,
        case
            when c.disclosure in ('estimate', 'estimate_employees') then coalesce(e.hidden, true)
            when c.disclosure = 'employees' then v.n_persons <= 10
            else v.n_persons between 1 and 4
        end as below_threshold
    from {{ ref('indicator_values') }} as v
    join {{ ref('stg_indicator_catalog') }} as c using (indicator_id)
    left join {{ ref('effect_estimates') }} as e
        on e.project_code = v.project_code and e.indicator_id = v.indicator_id and e.period_type = v.period_type
        and e.period = v.period and e.gender = v.gender and e.breakdown is not distinct from v.breakdown
        and e.breakdown_value is not distinct from v.breakdown_value
),

with_sibling as (
    select
        *,
        coalesce(below_threshold, false)
        or (gender in ('K', 'M') and coalesce(bool_or(below_threshold) filter (where gender in ('K', 'M')) over (
                partition by project_code, indicator_id, period_type, period, breakdown, breakdown_value), false))
            as hidden
    from flagged
)

select
    project_code, indicator_id, period_type, period, period_start, period_end, gender,
    breakdown, breakdown_value, unit,
    hidden,
    -- the rule that hid it (code list disclosure: its label is the report's note)
    case when hidden then disclosure end as hidden_reason,
    -- for counts the group size is the value itself: hide both
    case when hidden then null else n_persons end as n_persons,
    case when hidden then null else value end as value
from with_sibling
