-- SPEC §5.5, income support: for every applicant of a household paid by the project's
-- kommuner, the months with support as a step function of what was known when: one row per
-- (person, month) and span [known_from, known_to) of payment dates in which the month has
-- support (known_to null: still so at as_of). A month is counted exactly as §5.3 counts it
-- for a participant: a household of the person has support in it (net belopp > 0 over the
-- payments paid so far) and the person is the applicant on one of its payments for it; a
-- month counts once per person. So a candidate's months in a window as known at a cutoff c
-- are the rows with known_from <= c < known_to: a range join, never a loop per person.
with payments as (
    select * from {{ ref('int_income_support_payments') }}
),

applicant_months as (
    select distinct project_code, applicant_person_id as person_id, household_key, support_month
    from payments
),

-- the household-month's net after each payment date, and whether that turned support on or off
household_days as (
    select project_code, household_key, support_month, payment_date, sum(amount) as day_amount
    from payments
    group by all
),

household_states as (
    select
        project_code, household_key, support_month, payment_date,
        (sum(day_amount) over (partition by project_code, household_key, support_month order by payment_date) > 0)::int
            as supported
    from household_days
),

household_changes as (
    select
        project_code, household_key, support_month, payment_date,
        supported - coalesce(lag(supported) over (
            partition by project_code, household_key, support_month order by payment_date), 0) as d_supported
    from household_states
),

-- per person and month: how many of the person's households have support, after each date
person_days as (
    select am.project_code, am.person_id, am.support_month, hc.payment_date, sum(hc.d_supported) as d_households
    from applicant_months as am
    join household_changes as hc using (project_code, household_key, support_month)
    where hc.d_supported <> 0
    group by all
),

person_states as (
    select
        project_code, person_id, support_month, payment_date,
        sum(d_households) over w > 0 as supported
    from person_days
    window w as (partition by project_code, person_id, support_month order by payment_date)
),

transitions as (
    select *
    from person_states
    qualify supported <> coalesce(lag(supported) over (
        partition by project_code, person_id, support_month order by payment_date), false)
)

select project_code, person_id, support_month, known_from, known_to
from (
    select
        project_code, person_id, support_month, supported, payment_date as known_from,
        lead(payment_date) over (partition by project_code, person_id, support_month order by payment_date)
            as known_to
    from transitions
) as spans
where supported
