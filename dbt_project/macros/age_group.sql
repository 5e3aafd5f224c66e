{#- Age group on a day (SPEC §2.2): from the age reached during that calendar year, the year
    minus the birth year. -#}
{% macro age_group(year, birth_year) -%}
    case
        when {{ year }} - {{ birth_year }} <= 29 then '-29'
        when {{ year }} - {{ birth_year }} <= 49 then '30-49'
        else '50-'
    end
{%- endmacro %}
