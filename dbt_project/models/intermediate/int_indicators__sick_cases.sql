-- SPEC §5.2 sick_cases_per_employee (month, quarter, year; the whole population and each
-- organisation): cases of int_sick_cases over the persons with ordinary hours in the period.
-- A case counts in the period it starts in (a case never starts after as_of), in the
-- project's organisations, when the person was employed there on its first day.
{{ incremental_cells() }}

with periods as (
    select * from {{ changed_periods() }}
),

organisations as (
    select * from {{ ref('int_project_organisations') }}
),

employees as (
    select
        project_code, period_type, period, period_start, period_end, gender, breakdown, breakdown_value,
        sum(n_persons) as n_persons
    from {{ changed_cells(ref('int_sick_leave__period_hours')) }}
    {{ join_genders('sex') }}
    where breakdown is null or breakdown = 'organisation'
    group by all
),

project_cases as (
    select c.*, o.project_code, o.organisation, unnest({{ periods_holding('c.case_start') }}) as holding
    from {{ ref('int_sick_cases') }} as c
    join organisations as o using (organisation_key)
    where c.employed_at_start
),

case_counts as (
    select c.project_code, pe.period_type, pe.period, gender, c.breakdown, c.breakdown_value, count(*) as n_cases
    from (
        select *, null::varchar as breakdown, null::varchar as breakdown_value from project_cases
        union all
        select *, 'organisation', organisation from project_cases
    ) as c
    join {{ ref('stg_persons') }} as p using (person_id)
    join periods as pe
        on pe.project_code = c.project_code
        and pe.period_type = c.holding.period_type
        and pe.period_start = c.holding.period_start
    {{ join_genders('p.sex') }}
    group by all
)

-- a group with persons and no case is 0
select {{ indicator_row('sick_cases_per_employee', periods='e', gender='e.gender',
                        breakdown='e.breakdown', breakdown_value='e.breakdown_value',
                        numerator='coalesce(c.n_cases, 0)', denominator='e.n_persons',
                        value='numerator / nullif(denominator, 0)', n_persons='e.n_persons') }}
from employees as e
left join case_counts as c
    on c.project_code = e.project_code
    and c.period_type = e.period_type
    and c.period = e.period
    and c.gender = e.gender
    and c.breakdown is not distinct from e.breakdown
    and c.breakdown_value is not distinct from e.breakdown_value
