-- SPEC §5.5, income support: the candidates that match a unit, one row per (project_to_date
-- value, the units' windows, stratum, candidate). A candidate is the applicant of a household
-- paid by the project's kommuner with a payment on or before the value's cutoff, with no
-- participation in the project starting on or before it. Units that share windows (start
-- month, exit month) and a stratum (sex, age group of the start year, months before) share
-- their candidates: the candidates are found once per group, their months counted over the
-- group's windows with a range join on int_effect__income_support_months (as known at the
-- cutoff). Only the (sex, age group) strata that have a unit are looked at.
with unit_strata as (
    select distinct project_code, period, cutoff, window_start, window_end, sex, age_group, band
    from {{ ref('int_effect__income_support_units') }}
),

unit_groups as (
    select distinct project_code, period, cutoff, window_start, window_end, sex, age_group from unit_strata
),

applicants as (
    select project_code, applicant_person_id as person_id, min(payment_date) as first_payment_date
    from {{ ref('int_income_support_payments') }}
    group by all
),

participants as (
    select project_code, person_id, min(start_date) as first_start_date
    from {{ ref('int_participations') }}
    where breakdown is null
    group by all
),

candidates as (
    select
        g.project_code, g.period, g.cutoff, g.window_start, g.window_end, g.sex, g.age_group, a.person_id
    from unit_groups as g
    join applicants as a
        on a.project_code = g.project_code
        and a.first_payment_date <= g.cutoff
    join {{ ref('stg_persons') }} as p
        on p.person_id = a.person_id
        and p.sex = g.sex
        and {{ age_group('year(g.window_start)', 'p.birth_year') }} = g.age_group
    left join participants as pt
        on pt.project_code = a.project_code
        and pt.person_id = a.person_id
        and pt.first_start_date <= g.cutoff
    where pt.person_id is null
),

-- each candidate's months (an equality join on the person; the window and what was known at
-- the cutoff are filters of the counts)
counted as (
    select
        c.project_code, c.period, c.window_start, c.window_end, c.sex, c.age_group, c.person_id,
        count(*) filter (
            where m.support_month >= c.window_start - interval 12 month and m.support_month < c.window_start
                and m.known_from <= c.cutoff and coalesce(m.known_to > c.cutoff, true)
        ) as before,
        count(*) filter (
            where m.support_month > c.window_end and m.support_month <= c.window_end + interval 12 month
                and m.known_from <= c.cutoff and coalesce(m.known_to > c.cutoff, true)
        ) as after
    from candidates as c
    left join {{ ref('int_effect__income_support_months') }} as m
        on m.project_code = c.project_code
        and m.person_id = c.person_id
    group by all
)

select
    c.project_code, c.period, c.window_start, c.window_end, c.sex, c.age_group, s.band,
    c.person_id as candidate_person_id,
    c.before::double as before,
    c.after::double as after,
    (c.after - c.before)::double as change
from counted as c
join unit_strata as s
    on s.project_code = c.project_code
    and s.period = c.period
    and s.window_start = c.window_start
    and s.window_end = c.window_end
    and s.sex = c.sex
    and s.age_group = c.age_group
    and s.band = c.before::varchar
