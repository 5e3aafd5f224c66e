-- SPEC §5.1 sick cases (sjukfall): a person's spells in one organisation, sorted by start,
-- merged while the next spell starts on or before the day after the end of the case so far.
-- The spells are cut at as_of (int_sick_leave__spells), so case_end is too.
with spells as (
    select person_id, organisation_key, start_date, end_date
    from {{ ref('int_sick_leave__spells') }}
),

-- a spell opens a new case when it starts later than the day after every earlier spell's end
flagged as (
    select
        *,
        coalesce(
            start_date > max(end_date) over (
                partition by person_id, organisation_key order by start_date, end_date
                rows between unbounded preceding and 1 preceding
            ) + 1,
            true
        ) as opens_case
    from spells
),

numbered as (
    select
        *,
        sum(opens_case::int) over (
            partition by person_id, organisation_key order by start_date, end_date
            rows unbounded preceding
        ) as case_number
    from flagged
),

cases as (
    select person_id, organisation_key, case_number, min(start_date) as case_start, max(end_date) as case_end
    from numbered
    group by all
),

-- cut at as_of, which no case starts after
employments as (
    select * from {{ ref('int_sick_leave__employments') }}
)

select
    c.person_id,
    c.organisation_key,
    c.case_number,
    c.case_start,
    c.case_end,
    c.case_end - c.case_start + 1 as case_length,
    case_length >= 60 as is_long,
    exists(
        select 1 from employments as e
        where e.person_id = c.person_id
            and e.organisation_key = c.organisation_key
            and e.start_date <= c.case_start
            and e.end_date >= c.case_start
    ) as employed_at_start
from cases as c
