-- SPEC §5.5–§5.6 as indicator values (project_to_date; whole project and each insats):
-- income_support_effect and short_term_sick_leave_effect (the estimates of
-- int_indicators__effect_estimates with at least one matched unit: numerator Σ difference,
-- denominator the matched units), income_support_saved (Σ over the income-support units of
-- SEK before − SEK after) and exclusion_cost_avoided (Σ over the persons counted by
-- to_work_or_studies of the project's yearly cost of exclusion for their sex and age group
-- of the year of their latest slutdatum; n_persons the finished participants, so a 0 is a row).
with estimates as (
    select * from {{ ref('int_indicators__effect_estimates') }}
),

income_support_effect as (
    select {{ indicator_row('income_support_effect', numerator='difference_sum', denominator='matched_units',
                            value='effect', n_persons='n_persons') }}
    from estimates
    where indicator_id = 'income_support_effect' and matched_units > 0
),

short_term_sick_leave_effect as (
    select {{ indicator_row('short_term_sick_leave_effect', numerator='difference_sum', denominator='matched_units',
                            value='effect', n_persons='n_persons') }}
    from estimates
    where indicator_id = 'short_term_sick_leave_effect' and matched_units > 0
),

income_support_saved as (
    select {{ indicator_row('income_support_saved', period_type="'project_to_date'",
                            value='sum((sek_before - sek_after)::decimal(38, 2))', n_persons='count(distinct person_id)') }}
    from {{ ref('int_effect__income_support_units') }}
    {{ join_genders('sex') }}
    group by all
),

finished as (
    select
        f.*,
        (pr.exclusion_costs ->> (f.sex || ':' || {{ age_group('year(f.latest_end_date)', 'p.birth_year') }}))::double
            as yearly_cost
    from {{ ref('int_finished_participants') }} as f
    join {{ ref('stg_persons') }} as p using (person_id)
    join {{ ref('stg_projects') }} as pr using (project_code)
),

exclusion_cost_avoided as (
    select {{ indicator_row('exclusion_cost_avoided',
                            value='coalesce(sum(yearly_cost::decimal(38, 6)) filter (where to_work_or_studies), 0)',
                            n_persons='count(*)') }}
    from finished
    {{ join_genders('sex') }}
    group by all
)

select * from income_support_effect
union all by name select * from short_term_sick_leave_effect
union all by name select * from income_support_saved
union all by name select * from exclusion_cost_avoided
