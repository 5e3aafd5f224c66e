{#- Small generic tests, so that the project needs no package download (dbt deps). -#}

{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test value_range(model, column_name, min_exclusive=none, max_inclusive=none) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and ({% if min_exclusive is not none %}{{ column_name }} <= {{ min_exclusive }}{% else %}false{% endif %}
       or {% if max_inclusive is not none %}{{ column_name }} > {{ max_inclusive }}{% else %}false{% endif %})
{% endtest %}

{#- A column's values are codes of one list of schemas/codes.yml (raw.code_lists). -#}
{% test accepted_codes(model, column_name, code_list) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
      select code from {{ ref('stg_code_lists') }} where code_list = '{{ code_list }}')
{% endtest %}
