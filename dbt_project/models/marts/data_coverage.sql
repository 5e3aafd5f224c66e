-- SPEC §8.3 (the report's appendix): per project and source, the newest date of the data
-- that concerns the project: the employments and spells of its organisationer, the
-- payments of its kommuner, and its own registers. The date column per source is the
-- contract's `freshness` column (schemas/sources.yml).
with organisations as (
    select * from {{ ref('int_project_organisations') }}
),

municipalities as (
    select project_code, {{ match_key('unnest(municipalities)') }} as municipality_key
    from {{ ref('stg_projects') }}
),

newest as (
    select o.project_code, 'anstallningar' as source, max(e.start_date) as newest_date
    from organisations as o
    join {{ ref('stg_anstallningar') }} as e on {{ match_key('e.organisation') }} = o.organisation_key
    group by all
    union all
    select o.project_code, 'sjukfranvaro', max(s.start_date)
    from organisations as o
    join {{ ref('stg_sjukfranvaro') }} as s on {{ match_key('s.organisation') }} = o.organisation_key
    group by all
    union all
    select m.project_code, 'forsorjningsstod', max(p.payment_date)
    from municipalities as m
    join {{ ref('stg_forsorjningsstod') }} as p on {{ match_key('p.municipality') }} = m.municipality_key
    group by all
    union all
    select project_code, 'deltagare', max(start_date) from {{ ref('stg_deltagare') }} group by all
    union all
    select project_code, 'aktiviteter', max(activity_date) from {{ ref('stg_aktiviteter') }} group by all
    union all
    select project_code, 'enkater', max(answered_on) from {{ ref('stg_enkater') }} group by all
)

select project_code, source, newest_date
from newest
