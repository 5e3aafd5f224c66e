-- SPEC §5.2 sick_leave_rate, short_term_sick_leave_rate and long_term_sick_leave_share among
-- the employees of a project's organisationer (month, quarter, year; the whole population,
-- each organisation and each age group): sums of int_sick_leave__period_hours.
-- value = 100 × (numerator / denominator): a share of 1 is exactly 100, never 100 plus a rounding.
with hours as (
    select
        project_code, period_type, period, period_start, period_end, gender, breakdown, breakdown_value,
        sum(ordinary_hours) as ordinary_hours,
        sum(sick_hours) as sick_hours,
        sum(short_term_sick_hours) as short_term_sick_hours,
        sum(long_case_sick_hours) as long_case_sick_hours,
        sum(n_persons) as n_persons
    from {{ ref('int_sick_leave__period_hours') }}
    {{ join_genders('sex') }}
    group by all
),

sick_leave_rate as (
    select {{ indicator_row('sick_leave_rate',
                            numerator='sick_hours', denominator='ordinary_hours',
                            value='100 * (numerator / nullif(denominator, 0))', n_persons='n_persons') }}
    from hours
),

short_term_sick_leave_rate as (
    select {{ indicator_row('short_term_sick_leave_rate',
                            numerator='short_term_sick_hours', denominator='ordinary_hours',
                            value='100 * (numerator / nullif(denominator, 0))', n_persons='n_persons') }}
    from hours
),

-- n_persons: the group's size, as for the rates (a group without sick hours has a null value)
long_term_sick_leave_share as (
    select {{ indicator_row('long_term_sick_leave_share',
                            numerator='long_case_sick_hours', denominator='sick_hours',
                            value='100 * (numerator / nullif(denominator, 0))', n_persons='n_persons') }}
    from hours
)

select * from sick_leave_rate
union all by name select * from short_term_sick_leave_rate
union all by name select * from long_term_sick_leave_share
