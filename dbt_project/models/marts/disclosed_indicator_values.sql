-- SPEC §8.4, disclosure control for everything written for people outside the analyst
-- team (reports, exports): a value behind 1–4 persons is hidden; sick-leave values (§5.2)
-- follow the municipal accounting law instead and are hidden when the group has 10
-- employees or fewer; when either K or M of a value is hidden, both are. The published
-- marts.indicator_values keeps every value.
with flagged as (
    select
        *,
        case
            when indicator_id in (
                'sick_leave_rate', 'short_term_sick_leave_rate', 'long_term_sick_leave_share',
                'sick_cases_per_employee', 'repeated_short_term_absence_share', 'short_term_sick_leave_change')
                then n_persons <= 10
            else n_persons between 1 and 4
        end as below_threshold
    from {{ ref('indicator_values') }}
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
    -- for counts the group size is the value itself: hide both
    case when hidden then null else n_persons end as n_persons,
    case when hidden then null else value end as value
from with_sibling
