-- SPEC §8.3: the figures of the report's tables (participants and exits, activities,
-- surveys, the yearly trend) under disclosure control (§8.4). Which indicator goes in which
-- table, and what the table's rows are, is the catalog's report_section and report_rows:
-- `gender` (T, K, M of the whole population), `year` (the yearly values, T) or a
-- breakdown (its values, T). Tables from project start read the latest project_to_date month.
with catalog as (
    select indicator_id, catalog_order, report_section, report_rows, data_source
    from {{ ref('stg_indicator_catalog') }}
    where report_section is not null
),

disclosed as (
    select * from {{ ref('disclosed_indicator_values') }}
),

latest as (
    select project_code, max(period) as period
    from disclosed
    where period_type = 'project_to_date'
    group by all
)

select
    d.project_code,
    c.report_section,
    c.report_rows,
    c.catalog_order,
    d.indicator_id,
    d.period_type,
    d.period,
    d.gender,
    d.breakdown,
    d.breakdown_value,
    d.value,
    d.hidden,
    d.hidden_reason,
    d.unit
from disclosed as d
join catalog as c using (indicator_id)
left join latest as l using (project_code)
left join {{ ref('data_coverage') }} as dc on dc.project_code = d.project_code and dc.source = c.data_source
-- the yearly trend stops at the year holding its source's data_through
where not {{ past_the_data('d.period_type', 'd.period_start', 'd.period_end', 'dc.data_through') }}
and case c.report_rows
    when 'gender' then d.period_type = 'project_to_date' and d.period = l.period and d.breakdown is null
    when 'year' then d.period_type = 'year' and d.gender = 'T' and d.breakdown is null
    else d.period_type = 'project_to_date' and d.period = l.period and d.gender = 'T' and d.breakdown = c.report_rows
end
