-- SPEC §5.7, §8.1, §8.3: the managing authority's table of the ESF+ common indicators, as
-- `esf export esf-indicators` writes it and the report shows it, under disclosure control
-- (§8.4). One row per project, scope, indicator and value of its ESF+ breakdown
-- (esf_characteristic, esf_result), columns women, men and total. Scopes: every year of the
-- project's range (`year`) and the project to date (`project_to_date`, the month holding
-- as_of, at most the range's last month). Every row exists: 0 where marts.indicator_values
-- has no row; hidden (null) where disclosed_indicator_values hides it, and when one of K and
-- M is hidden, the other is too, also a 0.
with esf_rows as (
    select c.indicator_id, c.catalog_order, c.name_sv as indicator_name,
           l.code_list as breakdown, l.code as breakdown_value, l.code_order, l.label_sv as row_label
    from {{ ref('stg_indicator_catalog') }} as c
    join {{ ref('stg_code_lists') }} as l on list_contains(c.breakdowns, l.code_list)
    where l.code_list in ('esf_characteristic', 'esf_result')
),

periods as (
    select project_code, period_type, period, period_start, period_end
    from {{ ref('int_project_periods') }}
    where period_type = 'year'
    union all
    select project_code, period_type, max(period), any_value(period_start), max(period_end)
    from {{ ref('int_project_periods') }}
    where period_type = 'project_to_date'
    group by all
),

-- the year the report shows: the one holding the project_to_date month
latest as (
    select project_code, strftime(max(period_end), '%Y') as year
    from periods where period_type = 'project_to_date'
    group by all
),

disclosed as (
    select * from {{ ref('disclosed_indicator_values') }}
    where breakdown in ('esf_characteristic', 'esf_result')
),

cells as (
    select
        p.project_code, p.period_type, p.period, p.period_start, p.period_end,
        r.indicator_id, r.catalog_order, r.indicator_name, r.breakdown, r.breakdown_value, r.code_order, r.row_label,
        g.gender,
        coalesce(d.hidden, false) as hidden,
        d.hidden_reason,
        case when d.hidden then null else coalesce(d.value, 0) end as value
    from periods as p
    cross join esf_rows as r
    cross join (values ('T'), ('K'), ('M')) as g (gender)
    left join disclosed as d
        on d.project_code = p.project_code
        and d.indicator_id = r.indicator_id
        and d.period_type = p.period_type
        and d.period = p.period
        and d.breakdown = r.breakdown
        and d.breakdown_value = r.breakdown_value
        and d.gender = g.gender
),

pivoted as (
    select
        project_code, period_type, period, period_start, period_end,
        indicator_id, catalog_order, indicator_name, breakdown, breakdown_value, code_order, row_label,
        any_value(value) filter (where gender = 'K') as women,
        any_value(value) filter (where gender = 'M') as men,
        any_value(value) filter (where gender = 'T') as total,
        bool_or(hidden) filter (where gender in ('K', 'M')) as sex_hidden,
        bool_or(hidden) filter (where gender = 'T') as total_hidden,
        any_value(hidden_reason) as hidden_reason
    from cells
    group by all
)

select
    v.project_code,
    v.period_type,
    v.period,
    v.period_start,
    v.period_end,
    v.period_type = 'project_to_date' or v.period = l.year as in_report,
    v.indicator_id,
    v.catalog_order,
    v.indicator_name,
    v.breakdown,
    v.breakdown_value,
    v.code_order,
    v.row_label,
    case when v.sex_hidden then null else v.women end as women,
    case when v.sex_hidden then null else v.men end as men,
    v.total,
    v.sex_hidden as women_hidden,
    v.sex_hidden as men_hidden,
    v.total_hidden,
    v.hidden_reason
from pivoted as v
left join latest as l using (project_code)
