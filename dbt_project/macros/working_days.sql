{#- Working days of [first_day, last_day] (SPEC §5.1): two look-ups in the calendar,
    working_days_before(last_day + 1) − working_days_before(first_day), never one row per
    day. A date outside the calendar stops the build instead of counting as no working time. -#}
{% macro working_days(first_day, last_day) -%}
    coalesce(
        (select working_days_before from {{ ref('stg_working_days') }} where day = {{ last_day }} + 1)
        - (select working_days_before from {{ ref('stg_working_days') }} where day = {{ first_day }}),
        error('outside the working-day calendar (raw.working_days): '
              || {{ first_day }}::varchar || ' to ' || {{ last_day }}::varchar))
{%- endmacro %}
