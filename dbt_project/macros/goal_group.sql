{#- A value of the goal's own group: its project, indicator, gender and breakdown, the
    breakdown value matched as SPEC §5 matches it (case-insensitively after trimming). The
    period is the caller's to add. -#}
{% macro goal_group(value, goal) -%}
    {{ value }}.project_code = {{ goal }}.project_code
    and {{ value }}.indicator_id = {{ goal }}.indicator_id
    and {{ value }}.gender = {{ goal }}.gender
    and {{ value }}.breakdown is not distinct from {{ goal }}.breakdown
    and {{ match_key(value ~ '.breakdown_value') }} is not distinct from {{ match_key(goal ~ '.breakdown_value') }}
{%- endmacro %}
