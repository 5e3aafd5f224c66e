-- SPEC §5.5, income support: the units of a project_to_date value are exactly the
-- participations income_support_months_after counts (exited, and the 12 calendar months
-- after the exit month ended by the cutoff). before/after: their months with support in the
-- 12 calendar months before the start month and after the exit month (§5.3); the age group
-- is of the start year. For §5.6 also the net SEK in the same months: every payment known at
-- the cutoff, repayments included, by avser_manad, to households whose applicant the
-- participant is (each household-month once).
with units as (
    select
        pm.project_code, pm.period, pm.period_start, pm.period_end, pm.cutoff,
        pm.person_id, pm.sex, pm.breakdown, pm.breakdown_value, pm.start_date, pm.end_date,
        date_trunc('month', pm.start_date)::date as window_start,
        date_trunc('month', pm.end_date)::date as window_end,
        {{ age_group('year(pm.start_date)', 'p.birth_year') }} as age_group,
        pm.months_before as before,
        pm.months_after_12 as after
    from {{ ref('int_income_support_participant_months') }} as pm
    join {{ ref('stg_persons') }} as p using (person_id)
    where pm.after_12_complete
),

payments as (
    select * from {{ ref('int_income_support_payments') }}
),

applicant_months as (
    select distinct project_code, applicant_person_id as person_id, household_key, support_month
    from payments
    where applicant_person_id in (select person_id from units)
),

-- the distinct (person, windows, cutoff) of the units, so a participation that appears in
-- the whole population and in its insats is summed once
unit_windows as (
    select distinct project_code, period, cutoff, person_id, window_start, window_end from units
),

sek as (
    select
        u.project_code, u.period, u.person_id, u.window_start, u.window_end,
        coalesce(sum(pa.amount) filter (
            where pa.support_month >= u.window_start - interval 12 month and pa.support_month < u.window_start), 0)
            as sek_before,
        coalesce(sum(pa.amount) filter (
            where pa.support_month > u.window_end and pa.support_month <= u.window_end + interval 12 month), 0)
            as sek_after
    from unit_windows as u
    left join applicant_months as am
        on am.project_code = u.project_code
        and am.person_id = u.person_id
        and am.support_month >= u.window_start - interval 12 month
        and am.support_month <= u.window_end + interval 12 month
    left join payments as pa
        on pa.project_code = am.project_code
        and pa.household_key = am.household_key
        and pa.support_month = am.support_month
        and pa.payment_date <= u.cutoff
    group by all
)

select
    u.project_code, u.period, u.period_start, u.period_end, u.cutoff,
    u.person_id, u.sex, u.age_group, u.breakdown, u.breakdown_value, u.start_date, u.end_date,
    u.window_start, u.window_end,
    u.before::varchar as band,
    u.before::double as before,
    u.after::double as after,
    (u.after - u.before)::double as change,
    s.sek_before::double as sek_before,
    s.sek_after::double as sek_after
from units as u
join sek as s using (project_code, period, person_id, window_start, window_end)
