-- SPEC §5.3, income support: income_support_households, income_support_amount,
-- long_term_income_support_share (population: households paid by the project's
-- kommuner), income_support_months_before, income_support_months_after and
-- self_sufficient_after_exit_share (population: the project's participants).
{{ incremental_cells() }}

with periods as (
    select * from {{ changed_periods() }}
    where period_type in ('month', 'quarter', 'year')
),

household_months as (
    select * from {{ ref('int_income_support_household_months') }}
),

in_period as (
    select pe.project_code, pe.period_type, pe.period, pe.period_start, pe.period_end,
           hm.household_key, hm.sex, hm.support_month, hm.net_amount, hm.has_support
    from periods as pe
    join household_months as hm
        on hm.project_code = pe.project_code
        and hm.support_month between pe.period_start and pe.period_end
),

-- with support in the month; for a quarter or year, in at least one of its months
income_support_households as (
    select {{ indicator_row('income_support_households', breakdown='null', breakdown_value='null',
                            value='count(distinct household_key) filter (where has_support)',
                            n_persons='count(distinct household_key) filter (where has_support)') }}
    from in_period
    {{ join_genders('sex') }}
    group by all
),

-- n_persons: the households with a payment for the period
income_support_amount as (
    select {{ indicator_row('income_support_amount', breakdown='null', breakdown_value='null',
                            value='sum(net_amount)', n_persons='count(distinct household_key)') }}
    from in_period
    {{ join_genders('sex') }}
    group by all
),

support_months_per_year as (
    select project_code, period, period_start, period_end, household_key, sex,
           count(*) filter (where has_support) as months_with_support
    from in_period
    where period_type = 'year'
    group by all
    having months_with_support > 0
),

long_term_income_support_share as (
    select {{ indicator_row('long_term_income_support_share', period_type="'year'",
                            breakdown='null', breakdown_value='null',
                            numerator='count(*) filter (where months_with_support >= 10)', denominator='count(*)',
                            value='100 * numerator / denominator', n_persons='count(*)') }}
    from support_months_per_year
    {{ join_genders('sex') }}
    group by all
),

participant_months as (
    select * from {{ changed_cells(ref('int_income_support_participant_months')) }}
),

income_support_months_before as (
    select {{ indicator_row('income_support_months_before', period_type="'project_to_date'",
                            numerator='sum(months_before)', denominator='count(*)',
                            value='numerator / denominator', n_persons='count(distinct person_id)') }}
    from participant_months
    {{ join_genders('sex') }}
    group by all
),

income_support_months_after as (
    select {{ indicator_row('income_support_months_after', period_type="'project_to_date'",
                            numerator='sum(months_after_12)', denominator='count(*)',
                            value='numerator / denominator', n_persons='count(distinct person_id)') }}
    from participant_months
    {{ join_genders('sex') }}
    where after_12_complete
    group by all
),

self_sufficient_after_exit_share as (
    select {{ indicator_row('self_sufficient_after_exit_share', period_type="'project_to_date'",
                            numerator='count(*) filter (where months_after_3 = 0)', denominator='count(*)',
                            value='100 * numerator / denominator', n_persons='count(distinct person_id)') }}
    from participant_months
    {{ join_genders('sex') }}
    where after_3_complete
    group by all
)

select * from income_support_households
union all by name select * from income_support_amount
union all by name select * from long_term_income_support_share
union all by name select * from income_support_months_before
union all by name select * from income_support_months_after
union all by name select * from self_sufficient_after_exit_share
