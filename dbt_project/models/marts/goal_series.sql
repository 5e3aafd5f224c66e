-- SPEC §8.3, §8.4: what each goal's chart draws, one row per goal and period up to the
-- period the goal reads: the value as it may be shown outside the analyst team (null
-- when missing or hidden), the target in the indicator's unit and, for cumulative count
-- goals, the expected path. Periods past the data of the indicator's source are left out
-- (marts.data_coverage). The report draws these rows and computes nothing.
with readings as (
    select * from {{ ref('int_goal_readings') }}
),

disclosed as (
    select * from {{ ref('disclosed_indicator_values') }}
),

-- the goal's own indicator, gender, breakdown value (matched as SPEC §5 matches) and period type
data_points as (
    select
        r.project_code,
        r.goal_id,
        d.period,
        d.period_end,
        d.value,
        d.hidden,
        d.hidden_reason
    from readings as r
    join disclosed as d
        on {{ goal_group('d', 'r') }}
        and d.period_type = r.period_type
        and d.period <= r.read_period
    left join {{ ref('stg_indicator_catalog') }} as c on c.indicator_id = r.indicator_id
    left join {{ ref('data_coverage') }} as dc on dc.project_code = r.project_code and dc.source = c.data_source
    -- no point past the data of the indicator's source (a period no file has reached)
    where not r.is_manual
        and not {{ past_the_data('d.period_type', 'd.period_start', 'd.period_end', 'dc.data_through') }}
),

-- a manual goal's values as the project file gives them, up to month m
manual_points as (
    select
        r.project_code,
        r.goal_id,
        strftime(m.value_date, '%Y-%m-%d') as period,
        m.value_date as period_end,
        m.value,
        false as hidden,
        null::varchar as hidden_reason
    from readings as r
    join {{ ref('stg_project_goal_values') }} as m
        on m.project_code = r.project_code
        and m.goal_id = r.goal_id
        and m.value_date <= last_day(r.read_month)
    where r.is_manual
),

-- the baseline year's value of the same group, for goals against the baseline (SPEC §6)
baselines as (
    select r.project_code, r.goal_id, d.value as baseline_value, d.hidden as baseline_hidden
    from readings as r
    join disclosed as d
        on {{ goal_group('d', 'r') }}
        and d.period_type = 'year'
        and d.period = r.baseline_period
    where r.compare_with = 'baslinje'
),

points as (
    select * from data_points
    union all
    select * from manual_points
)

select
    p.project_code,
    p.goal_id,
    p.period,
    p.period_end,
    p.value,
    p.hidden,
    p.hidden_reason,
    -- the target line in the indicator's unit: a change against the baseline is drawn at
    -- baseline × (1 + target / 100), and not at all when the baseline may not be shown
    case
        when r.compare_with = 'baslinje'
            then case when not b.baseline_hidden then b.baseline_value * (1 + r.target / 100) end
        else r.target
    end as target_value,
    -- a cumulative count goal's expected path: the target pro rata of the months passed
    case when r.is_cumulative then
        r.target * least(greatest(0, datediff('month', date_trunc('month', r.project_start),
            date_trunc('month', p.period_end)) + 1), r.months_to_deadline) / r.months_to_deadline
    end as expected_value,
    coalesce(c.unit, r.unit) as unit
from points as p
join readings as r using (project_code, goal_id)
left join baselines as b using (project_code, goal_id)
left join {{ ref('stg_indicator_catalog') }} as c on c.indicator_id = r.indicator_id
