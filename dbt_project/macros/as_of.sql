{#- The run's reporting date (SPEC §5): nothing after it counts. The Dagster asset sets the
    environment variable ESF_AS_OF for dbt; a unit test sets the var `as_of` (overrides), which
    wins. Read only when dbt executes (`execute`), never while it parses: dbt re-parses every
    file that read an environment variable whose value changed, and the date changes each night. -#}
{% macro as_of() -%}
    {%- set day = var("as_of", none) or (env_var("ESF_AS_OF", "2099-12-31") if execute else "2099-12-31") -%}
    cast('{{ day }}' as date)
{%- endmacro %}
