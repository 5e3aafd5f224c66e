{#- Hours of SPEC §5.1. Ordinary hours = 8 × Σ sysselsattningsgrad/100 × working days; sick
    hours = ordinary hours × sick degree. Kept as exact decimals (a rate has at most four
    decimals, a degree is a whole percent), so that sums of parts never exceed the sums of
    the wholes they belong to: a long-term share of 100.00000000000001 % cannot happen. -#}
{% macro ordinary_hours(employment_rate, working_days) -%}
    (8 * {{ employment_rate }} * {{ working_days }} / 100)::decimal(18, 6)
{%- endmacro %}

{% macro sick_hours(ordinary_hours, sick_percent) -%}
    ({{ ordinary_hours }} * {{ sick_percent }} / 100)::decimal(18, 8)
{%- endmacro %}
