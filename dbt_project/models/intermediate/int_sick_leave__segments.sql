-- SPEC §5.1 without one row per person-day. Each person's time in each organisation is
-- split wherever something changes: an employment or a spell starts or ends, a case reaches
-- its day 15 (case start + 14) or ends. Between two such points the employment rate
-- (Σ sysselsattningsgrad), the sick degree (min(100, Σ omfattning)) and the case's phase are
-- constant, so a running sum of the +/- changes at the points gives them (a sweep line).
-- Everything is cut at as_of (int_sick_leave__employments, __spells); time outside employment
-- has no ordinary hours and is left out. Month boundaries are added downstream, only for the
-- months the projects' periods need (int_sick_leave__person_months).
with employments as (
    select person_id, organisation_key, employment_rate as rate, start_date, end_date
    from {{ ref('int_sick_leave__employments') }}
),

spells as (
    select * from {{ ref('int_sick_leave__spells') }}
),

cases as (
    select * from {{ ref('int_sick_cases') }}
),

-- (day, change of rate, of sick percent, of "in days 1-14 of a case", of "in a long case")
changes as (
    select person_id, organisation_key, start_date as day, rate as d_rate, 0 as d_sick, 0 as d_short, 0 as d_long
    from employments
    union all
    select person_id, organisation_key, end_date + 1, -rate, 0, 0, 0 from employments
    union all
    select person_id, organisation_key, start_date, 0, sick_percent, 0, 0 from spells
    union all
    select person_id, organisation_key, end_date + 1, 0, -sick_percent, 0, 0 from spells
    union all
    select person_id, organisation_key, case_start, 0, 0, 1, is_long::int from cases
    union all
    -- day 15 is case start + 14, unless the case has ended before it
    select person_id, organisation_key, least(case_start + 14, case_end + 1), 0, 0, -1, 0 from cases
    union all
    select person_id, organisation_key, case_end + 1, 0, 0, 0, -(is_long::int) from cases
),

points as (
    select
        person_id, organisation_key, day,
        sum(d_rate) as d_rate, sum(d_sick) as d_sick, sum(d_short) as d_short, sum(d_long) as d_long
    from changes
    group by all
),

states as (
    select
        person_id,
        organisation_key,
        day as segment_start,
        lead(day) over w - 1 as segment_end,
        sum(d_rate) over w as employment_rate,
        least(100, sum(d_sick) over w) as sick_percent,
        sum(d_short) over w > 0 as is_short_term,
        sum(d_long) over w > 0 as in_long_case
    from points
    window w as (partition by person_id, organisation_key order by day)
)

select
    person_id,
    organisation_key,
    segment_start,
    segment_end,
    employment_rate::decimal(18, 4) as employment_rate,
    sick_percent::integer as sick_percent,
    sick_percent > 0 and is_short_term as is_short_term,
    sick_percent > 0 and in_long_case as in_long_case
from states
where employment_rate > 0
