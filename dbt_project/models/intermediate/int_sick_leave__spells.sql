-- SPEC §5.1 sick spells up to as_of, the one place they are cut: spells starting after as_of
-- are left out, and an ongoing spell (empty sjuk_tom, or one ending after as_of) runs to as_of.
select
    person_id,
    {{ match_key('organisation') }} as organisation_key,
    sick_percent::integer as sick_percent,
    start_date,
    least(coalesce(end_date, {{ as_of() }}), {{ as_of() }}) as end_date
from {{ ref('stg_sjukfranvaro') }}
where start_date <= {{ as_of() }}
