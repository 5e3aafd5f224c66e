-- SPEC §5.5, income support: the candidates that match the units of one window, one row per
-- (the units' windows, stratum, candidate, span of cutoffs). A candidate is the applicant of a
-- household paid by the project's kommuner with a payment on or before the value's cutoff,
-- with no participation in the project starting on or before it; their months are counted
-- over the units' windows (start month, exit month) as known at the cutoff. Both are step
-- functions of the cutoff, so each candidate's (before, after) is kept once per span
-- [valid_from, valid_to) of cutoffs in which it holds (valid_to null: to as_of), not once per
-- project_to_date value: a value keeps the rows whose span holds its cutoff. The steps are the
-- payment dates of int_effect__income_support_months' spans in the windows, a cumulative sum,
-- never a loop per person or per value. Only the (sex, age group) strata that have a unit, and
-- the bands some unit of the windows has, are kept.
with unit_strata as (
    select distinct project_code, window_start, window_end, sex, age_group, band
    from {{ ref('int_effect__income_support_units') }}
),

unit_groups as (
    select distinct project_code, window_start, window_end, sex, age_group from unit_strata
),

participants as (
    select project_code, person_id, min(start_date) as first_start_date
    from {{ ref('int_participations') }}
    where breakdown is null
    group by all
),

-- a candidate from the first payment to the first participation start (if any)
applicants as (
    select a.project_code, a.person_id, p.sex, p.birth_year, a.first_payment_date, pt.first_start_date
    from (
        select project_code, applicant_person_id as person_id, min(payment_date) as first_payment_date
        from {{ ref('int_income_support_payments') }}
        group by all
    ) as a
    join {{ ref('stg_persons') }} as p on p.person_id = a.person_id
    left join participants as pt
        on pt.project_code = a.project_code
        and pt.person_id = a.person_id
    where coalesce(pt.first_start_date > a.first_payment_date, true)
),

-- each window once, with an integer key and the bounds of its months before and after
windows as (
    select
        project_code, window_start, window_end,
        (window_start - interval 12 month)::date as before_first,
        (window_end + interval 12 month)::date as after_last,
        row_number() over (order by project_code, window_start, window_end) as window_id
    from (select distinct project_code, window_start, window_end from unit_groups) as w
),

candidates as (
    select w.window_id, g.sex, g.age_group, a.person_id, a.first_payment_date, a.first_start_date
    from unit_groups as g
    join windows as w using (project_code, window_start, window_end)
    join applicants as a
        on a.project_code = g.project_code
        and a.sex = g.sex
        and {{ age_group('year(g.window_start)', 'a.birth_year') }} = g.age_group
),

-- a month with support counts from known_from and stops at known_to
month_steps as (
    select project_code, person_id, support_month, step.day, step.sign
    from (
        select *, unnest([{ 'day': known_from, 'sign': 1 }, { 'day': known_to, 'sign': -1 }]) as step
        from {{ ref('int_effect__income_support_months') }}
    )
    where step.day is not null
),

window_steps as (
    select w.window_id, m.person_id, m.day, m.sign as d_before, 0 as d_after
    from windows as w
    join month_steps as m
        on m.project_code = w.project_code
        and m.support_month >= w.before_first
        and m.support_month < w.window_start
    union all
    select w.window_id, m.person_id, m.day, 0, m.sign
    from windows as w
    join month_steps as m
        on m.project_code = w.project_code
        and m.support_month > w.window_end
        and m.support_month <= w.after_last
),

-- the candidate's state from the first payment on, and at each later step
steps as (
    select window_id, person_id, day, sum(d_before) as d_before, sum(d_after) as d_after
    from (
        select s.*
        from window_steps as s
        semi join candidates using (window_id, person_id)
        union all
        select window_id, person_id, first_payment_date, 0, 0 from candidates
    ) as all_steps
    group by all
),

states as (
    select
        window_id, person_id, day,
        sum(d_before) over w as before,
        sum(d_after) over w as after,
        lead(day) over w as next_day
    from steps
    window w as (partition by window_id, person_id order by day)
)

select
    w.project_code, w.window_start, w.window_end, c.sex, c.age_group, us.band,
    st.person_id as candidate_person_id,
    st.day as valid_from,
    case
        when st.next_day is null then c.first_start_date
        else least(st.next_day, coalesce(c.first_start_date, st.next_day))
    end as valid_to,
    st.before::double as before,
    st.after::double as after,
    (st.after - st.before)::double as change
from states as st
join candidates as c using (window_id, person_id)
join windows as w using (window_id)
join unit_strata as us
    on us.project_code = w.project_code
    and us.window_start = w.window_start
    and us.window_end = w.window_end
    and us.sex = c.sex
    and us.age_group = c.age_group
    and us.band = st.before::varchar
where st.day >= c.first_payment_date
    and coalesce(st.day < c.first_start_date, true)
