-- SPEC §5.1 hours per person, organisation and calendar month: the segments split at month
-- boundaries and summed. Only the months a project's periods need are built: per
-- organisation, the calendar years of the periods of the projects that list it, up to
-- as_of (an employment running for decades would otherwise give hundreds of months).
-- Short-term = sick hours on days 1-14 of a case; long-case = sick hours in cases of 60 days
-- or more (the hours themselves: macros/hours.sql).
with needed as (
    select o.organisation_key, min(p.period_start) as first_day, max(p.cutoff) as last_day
    from {{ ref('int_project_periods') }} as p
    join {{ ref('int_project_organisations') }} as o using (project_code)
    where p.period_type = 'year'
    group by all
),

clipped as (
    select
        s.person_id,
        s.organisation_key,
        greatest(s.segment_start, n.first_day) as clip_start,
        least(s.segment_end, n.last_day) as clip_end,
        s.employment_rate,
        s.sick_percent,
        s.is_short_term,
        s.in_long_case
    from {{ ref('int_sick_leave__segments') }} as s
    join needed as n using (organisation_key)
    where s.segment_start <= n.last_day and s.segment_end >= n.first_day
),

-- one piece per month the clipped segment touches
pieces as (
    select
        c.*,
        m.month_start::date as month_start,
        greatest(c.clip_start, m.month_start::date) as piece_start,
        least(c.clip_end, last_day(m.month_start::date)) as piece_end
    from clipped as c,
        unnest(generate_series(date_trunc('month', c.clip_start), date_trunc('month', c.clip_end), interval 1 month))
            as m (month_start)
),

piece_hours as (
    select *, {{ ordinary_hours('employment_rate', working_days('piece_start', 'piece_end')) }} as ordinary_hours
    from pieces
),

piece_sick_hours as (
    select *, {{ sick_hours('ordinary_hours', 'sick_percent') }} as sick_hours
    from piece_hours
)

select
    person_id,
    organisation_key,
    month_start,
    sum(ordinary_hours) as ordinary_hours,
    sum(sick_hours) as sick_hours,
    coalesce(sum(sick_hours) filter (where is_short_term), 0) as short_term_sick_hours,
    coalesce(sum(sick_hours) filter (where in_long_case), 0) as long_case_sick_hours
from piece_sick_hours
group by all
