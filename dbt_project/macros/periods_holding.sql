{#- The month, quarter and year holding a date, as a list of structs (period_type,
    period_start) to unnest and join to int_project_periods on equality. (date_trunc with
    the period type taken from a column instead is many times slower.) -#}
{% macro periods_holding(day) -%}
    [
        {'period_type': 'month', 'period_start': date_trunc('month', {{ day }})::date},
        {'period_type': 'quarter', 'period_start': date_trunc('quarter', {{ day }})::date},
        {'period_type': 'year', 'period_start': date_trunc('year', {{ day }})::date}
    ]
{%- endmacro %}
