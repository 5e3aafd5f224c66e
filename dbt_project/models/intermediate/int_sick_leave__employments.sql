-- SPEC §5.1 employments up to as_of, the one place they are cut: employments starting after
-- as_of are left out, and an open end (empty anstallning_tom) or one after as_of runs to as_of.
-- organisation_key is what project lists and spells match on.
select
    person_id,
    {{ match_key('organisation') }} as organisation_key,
    -- exact decimals, so that rates added and taken away again return to exactly 0
    employment_rate::decimal(18, 4) as employment_rate,
    start_date,
    least(coalesce(end_date, {{ as_of() }}), {{ as_of() }}) as end_date
from {{ ref('stg_anstallningar') }}
where start_date <= {{ as_of() }}
