{#- Means and standard deviations that do not depend on the order DuckDB's threads add the
    values in: the values are summed as decimals (exact to 1e-12), so two builds of the same
    data give the same bits (docs/architecture.md). -#}
{% macro exact_avg(value, where='true') -%}
    (avg(({{ value }})::decimal(38, 12)) filter (where {{ where }}))::double
{%- endmacro %}

{#- stddev_samp from the exact sum and sum of squares (as doubles only after summing). The values
    are squared at six decimals, so that sums of squares of SEK amounts stay far inside decimal(38). -#}
{% macro exact_stddev_samp(value, where='true') -%}
    sqrt(greatest(
        (
            (sum(({{ value }})::decimal(38, 6) * ({{ value }})::decimal(38, 6)) filter (where {{ where }}))::double
            - (sum(({{ value }})::decimal(38, 6)) filter (where {{ where }}))::double ^ 2
            / count({{ value }}) filter (where {{ where }})
        ) / (count({{ value }}) filter (where {{ where }}) - 1),
        0
    ))
{%- endmacro %}
