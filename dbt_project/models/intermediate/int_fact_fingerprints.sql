-- The fingerprint of every fact of the incremental build (macros/incremental.sql): per fact
-- and calendar month, the number of rows placed in it and the sum of a hash of each. After a
-- successful build the run keeps it as meta.built_fingerprints, what the next build compares.
with placed as (
    {% for fact, placing in fact_models().items() %}
        {%- set end_columns = [placing.end] + placing.get('with_end', []) if placing.end else [] %}
        select
            '{{ fact }}' as fact,
            date_trunc('month', {{ placing.day }})::date as month_start,
            hash(f) as row_hash
        from (
            select * {% if end_columns %}exclude ({{ end_columns | join(', ') }}){% endif %}
            from {{ ref(fact) }}
        ) as f  -- noqa: AL05 (hash(f) hashes the whole row)
        {%- if placing.end %}
            union all
            select '{{ fact }}', date_trunc('month', {{ placing.end }})::date, hash(f)
            from {{ ref(fact) }} as f  -- noqa: AL05
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select fact, month_start, count(*) as n_rows, sum(row_hash)::hugeint as row_hash_sum
from placed
group by all
