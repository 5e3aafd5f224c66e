-- SPEC §5.2 hours per project, period, sex and group of employees: the whole population
-- (null breakdown), each age group and each organisation of the project (shown as the
-- project file spells it). Each month, quarter and year adds up its months of
-- int_sick_leave__person_months, so every period is cut at as_of because the months are.
-- n_persons: the persons with ordinary hours in the period (the rates' population).
{{ incremental_cells() }}

with periods as (
    select * from {{ changed_periods() }}
),

persons as (
    select * from {{ ref('stg_persons') }}
),

-- A month belongs to one month, one quarter and one year period; every period lies in one
-- calendar year, so the person's age group is constant inside it.
person_months as (
    select m.*, o.project_code, o.organisation, unnest({{ periods_holding('m.month_start') }}) as holding
    from {{ ref('int_sick_leave__person_months') }} as m
    join {{ ref('int_project_organisations') }} as o using (organisation_key)
),

person_organisation_periods as (
    select
        m.project_code, pe.period_type, pe.period, m.person_id, p.sex, m.organisation,
        {{ age_group('year(m.month_start)', 'p.birth_year') }} as age_group,
        sum(m.ordinary_hours) as ordinary_hours,
        sum(m.sick_hours) as sick_hours,
        sum(m.short_term_sick_hours) as short_term_sick_hours,
        sum(m.long_case_sick_hours) as long_case_sick_hours
    from person_months as m
    join persons as p using (person_id)
    join periods as pe
        on pe.project_code = m.project_code
        and pe.period_type = m.holding.period_type
        and pe.period_start = m.holding.period_start
    group by all
),

-- the same over all the project's organisations: one row per person, so that the groups
-- below count persons with count(*) rather than count(distinct)
person_periods as (
    select
        project_code, period_type, period, person_id, sex, age_group,
        sum(ordinary_hours) as ordinary_hours,
        sum(sick_hours) as sick_hours,
        sum(short_term_sick_hours) as short_term_sick_hours,
        sum(long_case_sick_hours) as long_case_sick_hours
    from person_organisation_periods
    group by all
),

-- the whole population, and each organisation and age group: the same sums restricted
person_period_breakdowns as (
    select *, null::varchar as breakdown, null::varchar as breakdown_value from person_periods
    union all by name
    select *, 'age_group' as breakdown, age_group as breakdown_value from person_periods
    union all by name
    select *, 'organisation' as breakdown, organisation as breakdown_value from person_organisation_periods
),

-- one row per person and group, so persons are counted with count(*)
hours_by_sex as (
    select
        project_code, period_type, period, sex, breakdown, breakdown_value,
        sum(ordinary_hours) as ordinary_hours,
        sum(sick_hours) as sick_hours,
        sum(short_term_sick_hours) as short_term_sick_hours,
        sum(long_case_sick_hours) as long_case_sick_hours,
        count(*) filter (where ordinary_hours > 0) as n_persons
    from person_period_breakdowns
    group by all
)

select
    h.project_code, h.period_type, h.period, pe.period_start, pe.period_end, h.sex, h.breakdown, h.breakdown_value,
    h.ordinary_hours, h.sick_hours, h.short_term_sick_hours, h.long_case_sick_hours, h.n_persons
from hours_by_sex as h
join periods as pe using (project_code, period_type, period)
