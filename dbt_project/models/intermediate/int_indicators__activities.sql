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
    select
        project_code, 'activities_held' as indicator_id, period_type, period, period_start, period_end,
        'T' as gender, breakdown, breakdown_value,
        null::double as numerator, null::double as denominator,
        count(distinct activity_id)::double as value,
        null::bigint as n_persons
    from attendance
    where breakdown is null or breakdown = 'activity_type'
    group by all
),

-- rows without a personnummer are no attendee
activity_attendees as (
    select
        project_code, 'activity_attendees' as indicator_id, period_type, period, period_start, period_end,
        gender, breakdown, breakdown_value,
        null::double as numerator, null::double as denominator,
        count(distinct person_id)::double as value,
        count(distinct person_id) as n_persons
    from attendance
    {{ join_genders('sex') }}
    where person_id is not null
    group by all
),

-- empty hours count as 0; rows without a personnummer count in T; n_persons: the persons
-- with an attendance row (for T possibly 0, and the row still exists)
activity_hours as (
    select
        project_code, 'activity_hours' as indicator_id, period_type, period, period_start, period_end,
        gender, breakdown, breakdown_value,
        null::double as numerator, null::double as denominator,
        sum(hours)::double as value,
        count(distinct person_id) as n_persons
    from attendance
    {{ join_genders('sex') }}
    where breakdown is null or breakdown = 'activity_type'
    group by all
)

select * from activities_held
union all by name select * from activity_attendees
union all by name select * from activity_hours
