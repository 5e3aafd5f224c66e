{#- Project lists (organisationer, kommuner) match the extracts' organisation and kommun
    values case-insensitively after trimming, nothing more (SPEC §5): two spellings are one
    organisation when their match_key is equal. -#}
{% macro match_key(column) -%}
    lower(trim({{ column }}))
{%- endmacro %}
