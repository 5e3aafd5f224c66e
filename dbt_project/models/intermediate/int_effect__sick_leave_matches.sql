-- SPEC §5.5, sick leave: the candidates that match the units of one window, one row per
-- (the units' windows, stratum, candidate). A candidate has ordinary hours in one of the
-- project's organisationer in both windows; their before/after are their own pooled
-- short-term rates over the unit's days, all organisations (as for the unit). Units that
-- share windows (start, slutdatum) and a stratum (sex, age group of the start year, band of
-- `before`) share their candidates. The hours are read from the cumulative calendar (two
-- look-ups a window), never a loop per person. Which project_to_date values a candidate
-- belongs to depends on the value's cutoff: first_start_date is the candidate's first
-- participation start in the project (null: never), and a value keeps the candidates with
-- first_start_date null or after its cutoff.
with unit_strata as (
    select distinct project_code, window_start, window_end, sex, age_group, band
    from {{ ref('int_effect__sick_leave_units') }}
    where band is not null and change is not null
),

unit_groups as (
    select distinct project_code, window_start, window_end, sex, age_group from unit_strata
),

-- each person's first and last point in the project's organisationer: hours in a window need
-- a point on or before its last day and one after its first day, or employment still going at
-- the last point (a cheap test before the look-ups)
population as (
    select c.scope as project_code, c.person_id, p.sex, p.birth_year,
           min(c.day) as first_day, max(c.day) as last_day, arg_max(c.employment_rate, c.day) <> 0 as ongoing
    from {{ ref('int_effect__sick_leave_calendar') }} as c
    join {{ ref('stg_persons') }} as p using (person_id)
    where c.scope in (select project_code from unit_groups)
    group by all
),

pairs as (
    select g.project_code, g.window_start, g.window_end, g.sex, g.age_group, po.person_id
    from unit_groups as g
    join population as po
        on po.project_code = g.project_code
        and po.sex = g.sex
        and {{ age_group('year(g.window_start)', 'po.birth_year') }} = g.age_group
        and po.first_day < g.window_start
        and (po.ongoing or po.last_day > g.window_end + 1)
),

-- first in the project's organisationer (is the person in the population in both windows?),
-- then in all organisations for those who are
project_lookups as (
    select project_code as scope, *, unnest([
        { 'point': 'before_first', 'day': window_start - 365 }, { 'point': 'before_next', 'day': window_start },
        { 'point': 'after_first', 'day': window_end + 1 }, { 'point': 'after_next', 'day': window_end + 366 }
    ]) as lookup
    from pairs
),

project_lookup_days as (
    select * exclude (lookup), lookup.point, lookup.day from project_lookups
),

project_hours as (
    {{ hours_before_days('project_lookup_days') }}
),

in_population as (
    select project_code, window_start, window_end, sex, age_group, person_id
    from project_hours
    group by all
    having sum(ordinary_hours_before) filter (where point = 'before_next')
            > sum(ordinary_hours_before) filter (where point = 'before_first')
        and sum(ordinary_hours_before) filter (where point = 'after_next')
            > sum(ordinary_hours_before) filter (where point = 'after_first')
),

all_lookup_days as (
    select 'all' as scope, i.*, p.point, p.day
    from in_population as i
    join project_lookup_days as p using (project_code, window_start, window_end, sex, age_group, person_id)
),

all_hours as (
    {{ hours_before_days('all_lookup_days') }}
),

windows as (
    select
        project_code, window_start, window_end, sex, age_group, person_id,
        {{ window_hours() }}
    from all_hours
    group by all
),

rated as (
    select
        *,
        100 * before_short_term_sick_hours::double / before_ordinary_hours::double as before,
        100 * after_short_term_sick_hours::double / after_ordinary_hours::double as after
    from windows
),

participants as (
    select project_code, person_id, min(start_date) as first_start_date
    from {{ ref('int_participations') }}
    where breakdown is null
    group by all
)

select
    r.project_code, r.window_start, r.window_end, r.sex, r.age_group, s.band,
    r.person_id as candidate_person_id,
    pt.first_start_date,
    r.before_ordinary_hours, r.before_short_term_sick_hours, r.after_ordinary_hours, r.after_short_term_sick_hours,
    r.before, r.after, r.after - r.before as change
from rated as r
join unit_strata as s
    on s.project_code = r.project_code
    and s.window_start = r.window_start
    and s.window_end = r.window_end
    and s.sex = r.sex
    and s.age_group = r.age_group
    and s.band = {{ sick_leave_band('r.before') }}
left join participants as pt
    on pt.project_code = r.project_code
    and pt.person_id = r.person_id
