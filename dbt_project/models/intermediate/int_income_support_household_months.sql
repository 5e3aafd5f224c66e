-- SPEC §5.3: per project, household and month the support is for: the net amount, and
-- whether the household has support (net > 0). A household's gender is its applicant's on
-- its latest payment (latest utbetalningsdatum, then highest utbetalning_id).
with payments as (
    select * from {{ ref('int_income_support_payments') }}
),

household_sex as (
    select
        pa.project_code,
        pa.household_key,
        arg_max(pe.sex, (pa.payment_date, pa.payment_id)) as sex
    from payments as pa
    join {{ ref('stg_persons') }} as pe on pe.person_id = pa.applicant_person_id
    group by all
)

select
    pa.project_code,
    pa.household_key,
    pa.support_month,
    hs.sex,
    sum(pa.amount) as net_amount,
    sum(pa.amount) > 0 as has_support
from payments as pa
join household_sex as hs using (project_code, household_key)
group by all
