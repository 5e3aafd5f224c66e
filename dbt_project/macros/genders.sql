{#- Every value counts in gender T and in its person's own gender K or M (SPEC §5);
    a row without a known sex (e.g. an anonymous survey answer) counts in T only. -#}
{% macro join_genders(sex_column) -%}
    join (values ('T'), ('K'), ('M')) as genders(gender)
        on genders.gender = 'T' or genders.gender = {{ sex_column }}
{%- endmacro %}
