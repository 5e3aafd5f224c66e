{#- Corrections (SPEC §2.1): among the loaded rows of a source, keep for each natural key
    the row of the latest delivery. Rows still waiting for their project (`_pending`) are
    not loaded. `key` is the list of key columns as named in raw. -#}
{% macro latest_delivery(source_table, key) -%}
    select *
    from {{ source('landing', source_table) }}
    where not _pending
    qualify row_number() over (
        partition by {{ key | join(', ') }}
        order by _file_id desc, _row_number
    ) = 1
{%- endmacro %}
