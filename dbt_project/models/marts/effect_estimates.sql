-- SPEC §7 marts.effect_estimates: every part of each effect estimate (§5.5), with at least
-- one unit, matched or not. `hidden` is the disclosure of §8.4 for everything written for
-- people outside the analyst team: every figure of an estimate is hidden when n_persons or
-- n_comparison_persons is below 5 (catalog disclosure `estimate`), or 10 or fewer for a
-- sick-leave estimate (`estimate_employees`); when K or M is hidden, both are. The figures
-- themselves stay here unhidden: reports read `hidden` (and disclosed_indicator_values hides
-- the matching indicator values).
with flagged as (
    select
        e.*,
        c.disclosure,
        case c.disclosure
            when 'estimate_employees' then e.n_persons <= 10 or e.n_comparison_persons <= 10
            else e.n_persons < 5 or e.n_comparison_persons < 5
        end as below_threshold
    from {{ ref('int_indicators__effect_estimates') }} as e
    join {{ ref('stg_indicator_catalog') }} as c using (indicator_id)
),

with_sibling as (
    select
        *,
        below_threshold
        or (gender in ('K', 'M') and coalesce(bool_or(below_threshold) filter (where gender in ('K', 'M')) over (
                partition by project_code, indicator_id, period_type, period, breakdown, breakdown_value), false))
            as hidden
    from flagged
)

select
    project_code, indicator_id, period_type, period, period_start, period_end, gender, breakdown, breakdown_value,
    units, matched_units, unmatched_units, units_change, comparison_change, effect, std_error, ci_low, ci_high,
    n_persons, n_comparison_persons,
    hidden,
    case when hidden then disclosure end as hidden_reason
from with_sibling
