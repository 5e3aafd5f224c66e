-- SPEC §5.5: the effect against a comparison group, one row per project_to_date value
-- (whole project and each insats; T, K, M) with at least one unit, matched or not:
-- income_support_effect (units: int_effect__income_support_units) and
-- short_term_sick_leave_effect (int_effect__sick_leave_units). A unit's comparison_change is
-- the mean change of the candidates matching its windows and stratum (the matches models);
-- difference = change − comparison_change; a unit without a change or a match is unmatched.
-- marts.effect_estimates publishes it; int_indicators__effect makes the matched ones
-- indicator values.
with units as (
    select 'income_support_effect' as indicator_id, project_code, period, cutoff, person_id, sex, age_group,
           breakdown, breakdown_value, window_start, window_end, band, change
    from {{ ref('int_effect__income_support_units') }}
    union all
    select 'short_term_sick_leave_effect', project_code, period, cutoff, person_id, sex, age_group,
           breakdown, breakdown_value, window_start, window_end, band, change
    from {{ ref('int_effect__sick_leave_units') }}
),

-- the candidates of a value: a matches row holds for the cutoffs in [valid_from, valid_to)
-- (income support: what was known at the cutoff; sick leave: none with a participation
-- starting by the cutoff). Each value's stratum gets an integer key.
unit_strata as (
    select *, row_number() over () as stratum_id
    from (
        select distinct indicator_id, project_code, period, cutoff, window_start, window_end, sex, age_group, band
        from units
        where band is not null and change is not null
    ) as s
),

candidates as (
    select 'income_support_effect' as indicator_id, project_code, window_start, window_end, sex, age_group, band,
           candidate_person_id, valid_from, valid_to, change
    from {{ ref('int_effect__income_support_matches') }}
    union all
    select 'short_term_sick_leave_effect', project_code, window_start, window_end, sex, age_group, band,
           candidate_person_id, null, first_start_date, change
    from {{ ref('int_effect__sick_leave_matches') }}
),

matches as (
    select s.stratum_id, c.candidate_person_id, c.change
    from unit_strata as s
    join candidates as c using (indicator_id, project_code, window_start, window_end, sex, age_group, band)
    where coalesce(c.valid_from <= s.cutoff, true) and coalesce(s.cutoff < c.valid_to, true)
),

strata as (
    select stratum_id, {{ exact_avg('change') }} as comparison_change
    from matches
    group by all
),

unit_rows as (
    select
        u.*,
        us.stratum_id,
        s.comparison_change,
        u.change is not null and s.comparison_change is not null as matched,
        u.change - s.comparison_change as difference
    from units as u
    left join unit_strata as us
        using (indicator_id, project_code, period, window_start, window_end, sex, age_group, band)
    left join strata as s using (stratum_id)
),

by_gender as (
    select * from unit_rows {{ join_genders('sex') }}
),

estimates as (
    select
        indicator_id, project_code, period, gender, breakdown, breakdown_value,
        count(*) as units,
        count(*) filter (where matched) as matched_units,
        count(*) filter (where not matched) as unmatched_units,
        {{ exact_avg('change', 'matched') }} as units_change,
        {{ exact_avg('comparison_change', 'matched') }} as comparison_change,
        (sum(difference::decimal(38, 12)) filter (where matched))::double as difference_sum,
        {{ exact_avg('difference', 'matched') }} as effect,
        case when count(*) filter (where matched) >= 2
            then {{ exact_stddev_samp('difference', 'matched') }} / sqrt(count(*) filter (where matched))
        end as std_error,
        count(distinct person_id) filter (where matched) as n_persons
    from by_gender
    group by all
),

-- distinct candidates matching at least one of the value's matched units (each pair once, on
-- integer keys, then counted); a candidate is in the strata of their own sex only, so T is
-- the sum of K and M
value_strata as (
    select
        *,
        dense_rank() over (order by indicator_id, project_code, period, sex, breakdown, breakdown_value) as value_id
    from (
        select distinct indicator_id, project_code, period, sex, breakdown, breakdown_value, stratum_id
        from unit_rows
        where matched
    ) as v
),

value_counts as (
    select value_id, count(*) as n_comparison_persons
    from (select distinct v.value_id, m.candidate_person_id
          from value_strata as v
          join matches as m using (stratum_id)) as pairs
    group by all
),

comparison_persons as (
    select v.indicator_id, v.project_code, v.period, genders.gender, v.breakdown, v.breakdown_value,
           sum(c.n_comparison_persons) as n_comparison_persons
    from (select distinct indicator_id, project_code, period, sex, breakdown, breakdown_value, value_id
          from value_strata) as v
    join value_counts as c using (value_id)
    {{ join_genders('v.sex') }}
    group by all
)

select
    e.project_code, e.indicator_id, pe.period_type, e.period, pe.period_start, pe.period_end,
    e.gender, e.breakdown::varchar as breakdown, e.breakdown_value::varchar as breakdown_value,
    e.units::bigint as units,
    e.matched_units::bigint as matched_units,
    e.unmatched_units::bigint as unmatched_units,
    e.units_change::double as units_change,
    e.comparison_change::double as comparison_change,
    e.difference_sum::double as difference_sum,
    e.effect::double as effect,
    e.std_error::double as std_error,
    (e.effect - 1.96 * e.std_error)::double as ci_low,
    (e.effect + 1.96 * e.std_error)::double as ci_high,
    e.n_persons::bigint as n_persons,
    coalesce(c.n_comparison_persons, 0)::bigint as n_comparison_persons
from estimates as e
join {{ ref('int_project_periods') }} as pe
    on pe.project_code = e.project_code and pe.period_type = 'project_to_date' and pe.period = e.period
left join comparison_persons as c
    on c.indicator_id = e.indicator_id and c.project_code = e.project_code and c.period = e.period
    and c.gender = e.gender and c.breakdown is not distinct from e.breakdown
    and c.breakdown_value is not distinct from e.breakdown_value
