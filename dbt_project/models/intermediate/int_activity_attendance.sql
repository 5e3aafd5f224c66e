-- Attendance rows a project counts (SPEC §5.4): activities dated before the project's start
-- are not counted, in any period. Once for the whole population and once per breakdown
-- value (activity_type, roll). Rows without a personnummer have a null person_id and sex.
with counted as (
    select
        a.project_code,
        a.activity_id,
        a.activity_date,
        a.activity_type,
        a.role,
        a.person_id,
        p.sex,
        coalesce(a.hours, 0) as hours
    from {{ ref('stg_aktiviteter') }} as a
    join {{ ref('stg_projects') }} as pr using (project_code)
    left join {{ ref('stg_persons') }} as p using (person_id)
    where a.activity_date >= pr.start_date
)

select *, null::varchar as breakdown, null::varchar as breakdown_value from counted
union all
select *, 'activity_type', activity_type from counted
union all
select *, 'roll', role from counted where role is not null
