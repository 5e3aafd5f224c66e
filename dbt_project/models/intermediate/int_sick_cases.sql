-- SPEC §5.1 sick cases (sjukfall): a person's spells in one organisation, sorted by start,
-- merged while the next spell starts on or before the day after the end of the case so far.
-- Nothing after as_of counts: spells starting after it are left out, and an ongoing spell
-- (empty sjuk_tom, or one ending after as_of) runs to as_of, so case_end is cut at as_of.
with spells as (
    select
        person_id,
        {{ match_key('organisation') }} as organisation_key,
        start_date,
        least(coalesce(end_date, {{ as_of() }}), {{ as_of() }}) as end_date
    from {{ ref('stg_sjukfranvaro') }}
    where start_date <= {{ as_of() }}
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

employments as (
    select person_id, {{ match_key('organisation') }} as organisation_key, start_date, end_date
    from {{ ref('stg_anstallningar') }}
)

select
    c.person_id,
    c.organisation_key,
    c.case_number,
    c.case_start,
    c.case_end,
    c.case_end - c.case_start + 1 as case_length,
    case_length >= 60 as is_long,
    exists (
        select 1 from employments as e
        where e.person_id = c.person_id
            and e.organisation_key = c.organisation_key
            and e.start_date <= c.case_start
            and (e.end_date is null or e.end_date >= c.case_start)
    ) as employed_at_start
from cases as c
