{#- Schemas are named as the layers (staging, intermediate, marts), not prefixed with the
    target schema, so that analysts read `marts.indicator_values` (SPEC §7). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name else target.schema }}
{%- endmacro %}
