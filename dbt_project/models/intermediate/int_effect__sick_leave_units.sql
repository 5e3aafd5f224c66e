-- SPEC §5.5, sick leave: the units of a project_to_date value are exactly the participations
-- short_term_sick_leave_change counts (ended, the 365 days after slutdatum ended by the
-- cutoff). before/after: the unit's pooled short-term rate (§5.2, all organisations) in the
-- 365 days before the start and after slutdatum, as a percentage; null without ordinary
-- hours in the window (then no change: unmatched). The age group is of the start year.
with participations as (
    select project_code, person_id, sex, start_date, end_date, breakdown, breakdown_value
    from {{ ref('int_participations') }}
    where end_date is not null
        and (breakdown is null or breakdown = 'insats')
        and project_code in (select project_code from {{ ref('int_project_organisations') }})
),

-- each distinct window once: the days its hours are read before
lookups as (
    select distinct 'all' as scope, person_id, start_date, end_date, unnest([
        { 'point': 'before_first', 'day': start_date - 365 }, { 'point': 'before_next', 'day': start_date },
        { 'point': 'after_first', 'day': end_date + 1 }, { 'point': 'after_next', 'day': end_date + 366 }
    ]) as lookup
    from participations
),

lookup_days as (
    select scope, person_id, start_date, end_date, lookup.point, lookup.day from lookups
),

hours as (
    {{ hours_before_days('lookup_days') }}
),

windows as (
    select
        person_id, start_date, end_date,
        {{ window_hours() }}
    from hours
    group by all
),

rates as (
    select
        *,
        100 * before_short_term_sick_hours::double / nullif(before_ordinary_hours, 0)::double as before,
        100 * after_short_term_sick_hours::double / nullif(after_ordinary_hours, 0)::double as after
    from windows
)

select
    pe.project_code, pe.period, pe.period_start, pe.period_end, pe.cutoff,
    pa.person_id, pa.sex, {{ age_group('year(pa.start_date)', 'p.birth_year') }} as age_group,
    pa.breakdown, pa.breakdown_value, pa.start_date, pa.end_date,
    pa.start_date as window_start, pa.end_date as window_end,
    {{ sick_leave_band('r.before') }} as band,
    r.before_ordinary_hours, r.before_short_term_sick_hours, r.after_ordinary_hours, r.after_short_term_sick_hours,
    r.before, r.after, r.after - r.before as change
from {{ ref('int_project_periods') }} as pe
join participations as pa
    on pa.project_code = pe.project_code
    and pe.period_type = 'project_to_date'
    and pa.end_date + 365 <= pe.cutoff
join rates as r using (person_id, start_date, end_date)
join {{ ref('stg_persons') }} as p on p.person_id = pa.person_id
