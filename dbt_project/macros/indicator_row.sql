{#- The columns of one indicator row (SPEC §7), in the order every int_indicators__* model
    gives them, for indicator_values to union by name. Arguments are SQL expressions; a value
    may name the numerator and denominator columns it follows. `periods` qualifies the
    project and period columns when the query joins another table that has them (e.g. 'pe'),
    and gender, breakdown and period_type can be given as literals. The T/K/M fan-out is
    join_genders (macros/genders.sql). -#}
{% macro indicator_row(indicator_id, value, n_persons, numerator='null', denominator='null', periods=none,
                       gender='gender', breakdown='breakdown', breakdown_value='breakdown_value',
                       period_type=none) -%}
    {%- set p = periods ~ '.' if periods else '' -%}
    {{ p }}project_code, '{{ indicator_id }}' as indicator_id,
    {{ period_type if period_type else p ~ 'period_type' }} as period_type,
    {{ p }}period, {{ p }}period_start, {{ p }}period_end,
    {{ gender }} as gender, {{ breakdown }}::varchar as breakdown, {{ breakdown_value }}::varchar as breakdown_value,
    ({{ numerator }})::double as numerator,
    ({{ denominator }})::double as denominator,
    ({{ value }})::double as value,
    ({{ n_persons }})::bigint as n_persons
{%- endmacro %}
