-- SPEC §5.3, participants: for every participation of a project with kommuner and every
-- project_to_date month, the months with support in the 12 calendar months before the
-- start month and in the 12 after the exit month, counting only payments known at the
-- month's cutoff. A month counts when a household of the project's kommuner has support
-- (net > 0) in it and the participant is the applicant on one of its payments for it.
-- Each participation counts (a person who starts twice counts twice).
with participations as (
    select p.project_code, p.person_id, p.sex, p.start_date, p.end_date, p.breakdown, p.breakdown_value,
           date_trunc('month', p.start_date)::date as start_month,
           date_trunc('month', p.end_date)::date as exit_month
    from {{ ref('int_participations') }} as p
    join {{ ref('stg_projects') }} as pr using (project_code)
    where len(pr.municipalities) > 0
        and (p.breakdown is null or p.breakdown = 'insats')
),

payments as (
    select * from {{ ref('int_income_support_payments') }}
),

-- the participants' households and months: only these matter, so the join stays small
applicant_months as (
    select distinct pa.project_code, pa.applicant_person_id as person_id, pa.household_key, pa.support_month
    from payments as pa
    where pa.applicant_person_id in (select person_id from participations)
),

periods as (
    select project_code, period, period_start, period_end, cutoff
    from {{ ref('int_project_periods') }}
    where period_type = 'project_to_date'
),

-- household-months of the participant with support, as known at each period's cutoff
supported as (
    select pe.project_code, pe.period, am.person_id, am.support_month
    from periods as pe
    join applicant_months as am on am.project_code = pe.project_code
    join payments as pa
        on pa.project_code = am.project_code
        and pa.household_key = am.household_key
        and pa.support_month = am.support_month
        and pa.payment_date <= pe.cutoff
    group by pe.project_code, pe.period, am.person_id, am.household_key, am.support_month
    having sum(pa.amount) > 0
),

supported_months as (
    select distinct project_code, period, person_id, support_month from supported
)

select
    pe.project_code,
    pe.period,
    pe.period_start,
    pe.period_end,
    pe.cutoff,
    pa.person_id,
    pa.sex,
    pa.breakdown,
    pa.breakdown_value,
    pa.start_date,
    pa.end_date,
    -- the 12 calendar months before the start month
    count(distinct sm.support_month) filter (
        where sm.support_month >= pa.start_month - interval 12 month and sm.support_month < pa.start_month
    ) as months_before,
    -- exited by the cutoff, and the 12 (3) months after the exit month ended by then
    pa.end_date <= pe.cutoff and last_day(pa.exit_month + interval 12 month) <= pe.cutoff as after_12_complete,
    pa.end_date <= pe.cutoff and last_day(pa.exit_month + interval 3 month) <= pe.cutoff as after_3_complete,
    count(distinct sm.support_month) filter (
        where sm.support_month > pa.exit_month and sm.support_month <= pa.exit_month + interval 12 month
    ) as months_after_12,
    count(distinct sm.support_month) filter (
        where sm.support_month > pa.exit_month and sm.support_month <= pa.exit_month + interval 3 month
    ) as months_after_3
from periods as pe
join participations as pa
    on pa.project_code = pe.project_code
    and pa.start_date <= pe.cutoff
left join supported_months as sm
    on sm.project_code = pe.project_code
    and sm.period = pe.period
    and sm.person_id = pa.person_id
group by all
