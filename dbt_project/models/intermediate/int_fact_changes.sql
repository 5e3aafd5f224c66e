-- Per fact of the incremental build (macros/incremental.sql), the first day of the earliest
-- month whose rows differ from the last successful build's: rows added, removed or changed.
-- A fact the last build did not fingerprint has changed from its first month.
with built as (
    select fact, month_start, n_rows, row_hash_sum from {{ source('meta', 'built_fingerprints') }}
),

now as (
    select fact, month_start, n_rows, row_hash_sum from {{ ref('int_fact_fingerprints') }}
),

differing as (
    select coalesce(now.fact, built.fact) as fact, coalesce(now.month_start, built.month_start) as month_start
    from now
    full join built using (fact, month_start)
    where now.n_rows is distinct from built.n_rows or now.row_hash_sum is distinct from built.row_hash_sum
)

select fact, min(month_start) as changed_from
from differing
group by all
