-- SPEC §6: which value each goal reads. A goal is read at month m = the earlier of the
-- month holding as_of and the deadline's month; its period is the one of its period type
-- holding m (for a manual goal, m itself). Cumulative count goals: the catalog's
-- cumulative indicators with period type project_to_date and direction >=, and every
-- manual goal with >=.
select
    g.project_code,
    g.goal_id,
    g.goal_order,
    g.goal_text,
    g.indicator_id,
    g.breakdown,
    g.breakdown_value,
    g.gender,
    g.direction,
    g.target,
    g.deadline,
    g.period_type,
    g.compare_with,
    g.comment,
    g.unit,
    p.start_date as project_start,
    least(date_trunc('month', {{ as_of() }}), date_trunc('month', g.deadline))::date as read_month,
    case
        when g.indicator_id = 'manual' or g.period_type in ('month', 'project_to_date')
            then strftime(read_month, '%Y-%m')
        when g.period_type = 'quarter' then strftime(read_month, '%Y') || '-Q' || quarter(read_month)
        else strftime(read_month, '%Y')
    end as read_period,
    case g.period_type
        when 'quarter' then date_trunc('quarter', read_month)
        when 'year' then date_trunc('year', read_month)
        else read_month
    end::date as read_period_start,
    -- the baseline: the calendar year before the project's start year
    (year(p.start_date) - 1)::varchar as baseline_period,
    g.indicator_id = 'manual' as is_manual,
    g.compare_with is null and g.direction = '>=' and (
        g.indicator_id = 'manual'
        or (g.period_type = 'project_to_date' and coalesce(c.cumulative, false))
    ) as is_cumulative,
    {{ as_of() }} >= g.deadline as deadline_passed,
    -- whole months from the project's start to m, and to the deadline month, inclusive;
    -- none while m is before the start (a report for a month before the project began)
    greatest(0, datediff('month', date_trunc('month', p.start_date), read_month) + 1) as months_to_read,
    datediff('month', date_trunc('month', p.start_date), date_trunc('month', g.deadline)) + 1 as months_to_deadline
from {{ ref('stg_project_goals') }} as g
join {{ ref('stg_projects') }} as p using (project_code)
left join {{ ref('stg_indicator_catalog') }} as c using (indicator_id)
