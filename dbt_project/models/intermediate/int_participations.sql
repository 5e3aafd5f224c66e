-- The participations a project counts (SPEC §5, §5.4), once for the whole population and
-- once per breakdown value (insats, roll): a breakdown is the same computation restricted
-- to the participations with that value. A participation that starts before its project's
-- start counts as starting on that day; one that also ended before it is not counted.
-- Each participation carries its participant's ESF+ characteristics at the start (§3.4, §5.7).
with counted as (
    select
        d.project_code,
        d.person_id,
        p.sex,
        greatest(d.start_date, pr.start_date) as start_date,
        d.end_date,
        d.exit_reason,
        d.programme,
        d.role,
        p.birth_year,
        d.labour_market_status,
        d.education_level,
        d.disability,
        d.foreign_background,
        d.third_country_national
    from {{ ref('stg_deltagare') }} as d
    join {{ ref('stg_projects') }} as pr using (project_code)
    join {{ ref('stg_persons') }} as p using (person_id)
    where d.end_date is null or d.end_date >= pr.start_date
)

select * exclude (programme, role), null::varchar as breakdown, null::varchar as breakdown_value
from counted
union all
select * exclude (programme, role), 'insats', programme
from counted where programme is not null
union all
select * exclude (programme, role), 'roll', role
from counted where role is not null
