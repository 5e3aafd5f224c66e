-- SPEC §5: a project's range runs from the month 12 months before its start to the month
-- holding as_of or the month 24 months after its end month, whichever comes first. Its
-- periods are every calendar month, quarter and year overlapping the range, over their
-- whole calendar length; project_to_date runs from the project's start to the end of each
-- month from the start month. `cutoff` is the last day counted: as_of, or the period's end.
with projects as (
    select
        project_code,
        start_date,
        date_trunc('month', start_date) - interval 12 month as range_first_month,
        least(date_trunc('month', {{ as_of() }}), date_trunc('month', end_date) + interval 24 month) as range_last_month
    from {{ ref('stg_projects') }}
),

months as (
    select
        project_code,
        start_date as project_start,
        unnest(generate_series(range_first_month, range_last_month, interval 1 month))::date as month_start
    from projects
),

calendar_periods as (
    select distinct
        project_code,
        project_start,
        kind.period_type,
        case kind.period_type
            when 'month' then month_start
            when 'quarter' then date_trunc('quarter', month_start)::date
            else date_trunc('year', month_start)::date
        end as period_start
    from months
    cross join (values ('month'), ('quarter'), ('year')) as kind (period_type)
),

labelled as (
    select
        project_code,
        period_type,
        case period_type
            when 'month' then strftime(period_start, '%Y-%m')
            when 'quarter' then strftime(period_start, '%Y') || '-Q' || quarter(period_start)
            else strftime(period_start, '%Y')
        end as period,
        period_start,
        (period_start + case period_type
            when 'month' then interval 1 month
            when 'quarter' then interval 3 month
            else interval 1 year
        end - interval 1 day)::date as period_end
    from calendar_periods

    union all

    select
        project_code,
        'project_to_date' as period_type,
        strftime(month_start, '%Y-%m') as period,
        project_start as period_start,
        last_day(month_start) as period_end
    from months
    where month_start >= date_trunc('month', project_start)
)

select
    project_code,
    period_type,
    period,
    period_start,
    period_end,
    least(period_end, {{ as_of() }}) as cutoff
from labelled
