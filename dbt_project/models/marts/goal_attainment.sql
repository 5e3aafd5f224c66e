-- SPEC §6 and §7: one row per goal with the value read, what was expected by now and
-- the status. Breakdown values match case-insensitively after trimming (SPEC §5).
with readings as (
    select
        r.*,
        -- the period read begins after the data of the indicator's source reaches (SPEC §8.3)
        not r.is_manual and {{ past_the_data('r.period_type', 'r.read_period_start', 'last_day(r.read_month)',
            'dc.data_through') }} as past_the_data
    from {{ ref('int_goal_readings') }} as r
    left join {{ ref('stg_indicator_catalog') }} as c on c.indicator_id = r.indicator_id
    left join {{ ref('data_coverage') }} as dc on dc.project_code = r.project_code and dc.source = c.data_source
),

-- every value with its disclosure flag (SPEC §8.4), so that the report can show a goal's
-- actual only where the value it reads may be shown
values_ as (
    select v.*, d.hidden, d.hidden_reason
    from {{ ref('indicator_values') }} as v
    join {{ ref('disclosed_indicator_values') }} as d
        on d.project_code = v.project_code
        and d.indicator_id = v.indicator_id
        and d.period_type = v.period_type
        and d.period = v.period
        and d.gender = v.gender
        and d.breakdown is not distinct from v.breakdown
        and d.breakdown_value is not distinct from v.breakdown_value
),

data_values as (
    select
        r.project_code,
        r.goal_id,
        v.value as current_value,
        v.n_persons as current_n_persons,
        b.value as baseline_value,
        -- a goal against the baseline is hidden when either value it is computed from is
        coalesce(v.hidden, false) or (r.compare_with = 'baslinje' and coalesce(b.hidden, false)) as hidden,
        coalesce(v.hidden_reason, case when r.compare_with = 'baslinje' then b.hidden_reason end) as hidden_reason
    from readings as r
    left join values_ as v
        on {{ goal_group('v', 'r') }}
        and v.period_type = r.period_type
        and v.period = r.read_period
    left join values_ as b
        on r.compare_with = 'baslinje'
        and {{ goal_group('b', 'r') }}
        and b.period_type = 'year'
        and b.period = r.baseline_period
    where not r.is_manual
),

-- a manual goal's actual is its latest value dated on or before the end of month m
manual_values as (
    select r.project_code, r.goal_id, arg_max(m.value, m.value_date) as current_value
    from readings as r
    join {{ ref('stg_project_goal_values') }} as m
        on m.project_code = r.project_code
        and m.goal_id = r.goal_id
        and m.value_date <= last_day(r.read_month)
    where r.is_manual
    group by all
),

actuals as (
    select
        r.*,
        case
            when r.is_manual then mv.current_value
            when r.compare_with = 'baslinje' then
                case when dv.baseline_value is null or dv.baseline_value = 0 or dv.current_value is null then null
                     else 100 * (dv.current_value - dv.baseline_value) / dv.baseline_value end
            -- a cumulative count goal on data reads a missing row as 0
            when r.is_cumulative then coalesce(dv.current_value, 0)
            else dv.current_value
        end as actual,
        case when r.is_manual then null else dv.current_n_persons end as n_persons,
        coalesce(dv.hidden, false) as hidden,
        dv.hidden_reason,
        case when r.is_cumulative then r.target * r.months_to_read / r.months_to_deadline end as expected_by_now
    from readings as r
    left join data_values as dv using (project_code, goal_id)
    left join manual_values as mv using (project_code, goal_id)
),

-- "meets" compares at 9 decimals, so that floating-point noise (9 / 10 - 1 = -0.0999...98)
-- cannot turn a reached target into a missed one
statuses as (
    select
        *,
        case when direction = '>=' then round(actual, 9) >= target else round(actual, 9) <= target end as meets
    from actuals
)

select
    project_code,
    goal_id,
    goal_text,
    indicator_id,
    breakdown,
    breakdown_value,
    gender,
    direction,
    target,
    deadline,
    read_period as as_of_period,
    period_type,
    actual,
    expected_by_now,
    n_persons,
    case
        when actual is null then 'no_data'
        when deadline_passed then case when meets then 'achieved' else 'not_achieved' end
        when is_cumulative and meets then 'achieved'
        when is_cumulative and round(actual, 9) >= round(0.9 * expected_by_now, 9) then 'on_track'
        when not is_cumulative and meets then 'on_track'
        else 'at_risk'
    end as status,
    case when is_manual then 'manual' else 'data' end as source,
    -- what may be shown outside the analyst team (SPEC §8.4); the status stays as computed
    case when hidden then null else actual end as shown_actual,
    hidden,
    case when hidden then hidden_reason end as hidden_reason,
    past_the_data,
    goal_order,
    comment,
    compare_with
from statuses
