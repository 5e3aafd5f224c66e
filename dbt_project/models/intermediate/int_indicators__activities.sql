-- SPEC §5.4, activities: activities_held, activity_attendees, activity_hours.
with periods as (
    select * from {{ ref('int_project_periods') }}
),

attendance as (
    select pe.project_code, pe.period_type, pe.period, pe.period_start, pe.period_end,
           a.breakdown, a.breakdown_value, a.activity_id, a.person_id, a.sex, a.hours
    from periods as pe
    join {{ ref('int_activity_attendance') }} as a
        on a.project_code = pe.project_code
        and a.activity_date between pe.period_start and pe.cutoff
),

-- gender T only, never hidden: n_persons is null
activities_held as (
    select {{ indicator_row('activities_held', gender="'T'", value='count(distinct activity_id)', n_persons='null') }}
    from attendance
    where breakdown is null or breakdown = 'activity_type'
    group by all
),

-- rows without a personnummer are no attendee
activity_attendees as (
    select {{ indicator_row('activity_attendees', value='count(distinct person_id)',
                            n_persons='count(distinct person_id)') }}
    from attendance
    {{ join_genders('sex') }}
    where person_id is not null
    group by all
),

-- (hours summed as decimals: the same bits whatever order they are added in)
-- empty hours count as 0; rows without a personnummer count in T; n_persons: the persons
-- with an attendance row (for T possibly 0, and the row still exists)
activity_hours as (
    select {{ indicator_row('activity_hours', value='sum(hours::decimal(38, 6))',
                            n_persons='count(distinct person_id)') }}
    from attendance
    {{ join_genders('sex') }}
    where breakdown is null or breakdown = 'activity_type'
    group by all
)

select * from activities_held
union all by name select * from activity_attendees
union all by name select * from activity_hours
