-- SPEC §5.2 short_term_sick_leave_change (project_to_date, the whole project and each insats),
-- for projects with organisationer: the pooled short-term sick leave rate of the participants
-- in the 365 days after their participation's end against the 365 days before its start (the
-- start moved to the project's start, §5), in any organisation. A participation counts at a
-- month once its after window has ended by the cutoff.
with ended_participations as (
    select project_code, person_id, sex, start_date, end_date, breakdown, breakdown_value
    from {{ ref('int_participations') }}
    where end_date is not null
        and (breakdown is null or breakdown = 'insats')
        and project_code in (select project_code from {{ ref('int_project_organisations') }})
),

windows as (
    select distinct person_id, start_date, end_date, 'before' as side,
        start_date - 365 as window_start, start_date - 1 as window_end
    from ended_participations
    union all
    select distinct person_id, start_date, end_date, 'after', end_date + 1, end_date + 365
    from ended_participations
),

-- all the person's hours in the window, in any organisation; the segments carry the day
-- numbers of the whole sick history (a case begun before the window keeps them)
window_pieces as (
    select
        w.person_id, w.start_date, w.end_date, w.side, s.sick_percent, s.is_short_term,
        {{ ordinary_hours('s.employment_rate', working_days('greatest(s.segment_start, w.window_start)',
                                                             'least(s.segment_end, w.window_end)')) }} as ordinary_hours
    from windows as w
    join {{ ref('int_sick_leave__segments') }} as s
        on s.person_id = w.person_id
        and s.segment_start <= w.window_end
        and s.segment_end >= w.window_start
),

window_hours as (
    select
        person_id, start_date, end_date, side,
        sum(ordinary_hours) as ordinary_hours,
        coalesce(sum({{ sick_hours('ordinary_hours', 'sick_percent') }}) filter (where is_short_term), 0)
            as short_term_sick_hours
    from window_pieces
    group by all
),

counted_participations as (
    select
        pe.project_code, pe.period_type, pe.period, pe.period_start, pe.period_end,
        pa.person_id, pa.sex, pa.start_date, pa.end_date, pa.breakdown, pa.breakdown_value
    from {{ ref('int_project_periods') }} as pe
    join ended_participations as pa
        on pa.project_code = pe.project_code
        and pe.period_type = 'project_to_date'
        and pa.end_date + 365 <= pe.cutoff
),

pooled_windows as (
    select
        c.project_code, c.period_type, c.period, c.period_start, c.period_end, gender, c.breakdown, c.breakdown_value,
        sum(b.ordinary_hours) as before_ordinary_hours,
        sum(b.short_term_sick_hours) as before_short_term_sick_hours,
        sum(a.ordinary_hours) as after_ordinary_hours,
        sum(a.short_term_sick_hours) as after_short_term_sick_hours,
        count(distinct c.person_id) as n_persons
    from counted_participations as c
    left join window_hours as b
        on b.person_id = c.person_id and b.start_date = c.start_date and b.end_date = c.end_date and b.side = 'before'
    left join window_hours as a
        on a.person_id = c.person_id and a.start_date = c.start_date and a.end_date = c.end_date and a.side = 'after'
    {{ join_genders('c.sex') }}
    group by all
)

-- numerator and denominator: the pooled short-term rates after and before (percent); null
-- when a window has no ordinary hours, and the value null when the before rate is 0
select {{ indicator_row('short_term_sick_leave_change',
                        numerator='100 * after_short_term_sick_hours / nullif(after_ordinary_hours, 0)',
                        denominator='100 * before_short_term_sick_hours / nullif(before_ordinary_hours, 0)',
                        value='100 * (numerator / nullif(denominator, 0) - 1)', n_persons='n_persons') }}
from pooled_windows
