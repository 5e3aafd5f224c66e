{#- The run's reporting date (SPEC §5): nothing after it counts. Set by the Dagster asset. -#}
{% macro as_of() -%}
    cast('{{ var("as_of") }}' as date)
{%- endmacro %}
