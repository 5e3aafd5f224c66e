{#- A period lies past the data when it begins after its source's data_through (marts.data_coverage):
    a project_to_date value begins with its own month, other periods with their first day. -#}
{% macro past_the_data(period_type, period_start, period_end, data_through) -%}
    coalesce((case when {{ period_type }} = 'project_to_date' then date_trunc('month', {{ period_end }})
                   else {{ period_start }} end) > {{ data_through }}, false)
{%- endmacro %}
