-- SPEC §5.2 repeated_short_term_absence_share (month, quarter, year; the whole population
-- and each organisation): of the persons employed in the project's organisations on e, the
-- period's last counted day (its end, or as_of if earlier), the share with 6 or more sick
-- cases starting in the year up to e. A quarter or a year shares e with its last month, so
-- each project's distinct days e are computed once.
{{ incremental_cells() }}

with periods as (
    select * from {{ changed_periods() }}
    where period_type in ('month', 'quarter', 'year')
),

organisations as (
    select * from {{ ref('int_project_organisations') }}
),

period_ends as (
    select distinct project_code, cutoff
    from periods
),

-- the persons with an employment in the project's organisations covering e (the
-- employments are cut at as_of, and e is never after it)
staff_at_end as (
    select distinct pe.project_code, pe.cutoff, e.person_id, o.organisation
    from {{ ref('int_sick_leave__employments') }} as e
    join organisations as o using (organisation_key)
    join period_ends as pe
        on pe.project_code = o.project_code
        and e.start_date <= pe.cutoff
        and e.end_date >= pe.cutoff
),

-- cases (of any length) in the project's organisations starting from the day after e one
-- year earlier through e. Such an e lies in the case's start year or the next, which lets the
-- join match on the year before it compares dates.
recent_cases as (
    select pe.project_code, pe.cutoff, c.person_id, o.organisation, count(*) as n_cases
    from {{ ref('int_sick_cases') }} as c
    join organisations as o using (organisation_key)
    cross join (values (0), (1)) as later (years)
    join period_ends as pe
        on pe.project_code = o.project_code
        and year(pe.cutoff) = year(c.case_start) + later.years
        and c.case_start > (pe.cutoff - interval 1 year)::date
        and c.case_start <= pe.cutoff
    group by all
),

-- for the whole population a person's cases in all the project's organisations count; for an
-- organisation, the cases there
repeated as (
    select staff.*, null::varchar as breakdown, null::varchar as breakdown_value,
        coalesce(totals.n_cases, 0) >= 6 as is_repeated
    from (select distinct project_code, cutoff, person_id from staff_at_end) as staff
    left join (
        select project_code, cutoff, person_id, sum(n_cases) as n_cases
        from recent_cases
        group by all
    ) as totals using (project_code, cutoff, person_id)
    union all
    select staff.project_code, staff.cutoff, staff.person_id, 'organisation', staff.organisation,
        coalesce(r.n_cases, 0) >= 6
    from staff_at_end as staff
    left join recent_cases as r using (project_code, cutoff, person_id, organisation)
),

repeated_by_sex as (
    select r.project_code, r.cutoff, p.sex, r.breakdown, r.breakdown_value,
        count(*) as n_staff,
        count(*) filter (where r.is_repeated) as n_repeated
    from repeated as r
    join {{ ref('stg_persons') }} as p using (person_id)
    group by all
)

select {{ indicator_row('repeated_short_term_absence_share', periods='pe',
                        breakdown='r.breakdown', breakdown_value='r.breakdown_value',
                        numerator='sum(r.n_repeated)', denominator='sum(r.n_staff)',
                        value='100 * (numerator / denominator)', n_persons='sum(r.n_staff)') }}
from repeated_by_sex as r
join periods as pe
    on pe.project_code = r.project_code
    and pe.cutoff = r.cutoff
{{ join_genders('r.sex') }}
group by all
