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

-- the sick-leave candidates of a value: none with a participation starting by its cutoff
sick_leave_strata as (
    select distinct project_code, period, cutoff, window_start, window_end, sex, age_group, band
    from {{ ref('int_effect__sick_leave_units') }}
    where band is not null and change is not null
),

matches as (
    select 'income_support_effect' as indicator_id, project_code, period, window_start, window_end, sex, age_group,
           band, candidate_person_id, change
    from {{ ref('int_effect__income_support_matches') }}
    union all
    select 'short_term_sick_leave_effect', s.project_code, s.period, s.window_start, s.window_end, s.sex, s.age_group,
           s.band, m.candidate_person_id, m.change
    from sick_leave_strata as s
    join {{ ref('int_effect__sick_leave_matches') }} as m
        using (project_code, window_start, window_end, sex, age_group, band)
    where m.first_start_date is null or m.first_start_date > s.cutoff
),

strata as (
    select indicator_id, project_code, period, window_start, window_end, sex, age_group, band,
           avg(change) as comparison_change
    from matches
    group by all
),

unit_rows as (
    select
        u.*,
        s.comparison_change,
        u.change is not null and s.comparison_change is not null as matched,
        u.change - s.comparison_change as difference
    from units as u
    left join strata as s using (indicator_id, project_code, period, window_start, window_end, sex, age_group, band)
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
        avg(change) filter (where matched) as units_change,
        avg(comparison_change) filter (where matched) as comparison_change,
        sum(difference) filter (where matched) as difference_sum,
        avg(difference) filter (where matched) as effect,
        case when count(*) filter (where matched) >= 2
            then stddev_samp(difference) filter (where matched) / sqrt(count(*) filter (where matched))
        end as std_error,
        count(distinct person_id) filter (where matched) as n_persons
    from by_gender
    group by all
),

-- distinct candidates matching at least one of the value's matched units
comparison_persons as (
    select g.indicator_id, g.project_code, g.period, g.gender, g.breakdown, g.breakdown_value,
           count(distinct m.candidate_person_id) as n_comparison_persons
    from (select distinct indicator_id, project_code, period, gender, breakdown, breakdown_value,
                          window_start, window_end, sex, age_group, band
          from by_gender where matched) as g
    join matches as m using (indicator_id, project_code, period, window_start, window_end, sex, age_group, band)
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
