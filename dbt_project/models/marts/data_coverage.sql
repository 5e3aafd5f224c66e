-- SPEC §8.3: per project and source, how far the data that concerns the project reaches:
-- the employments and spells of its organisationer, the payments of its kommuner, its own
-- registers. A date counts when it is not after as_of (a start, an end, a payment, an
-- activity, an answer). `newest_date` is the newest such date; `data_through` is the date
-- up to which every listed organisation (kommun) that delivered anything has data: the
-- earliest of their newest dates. The report stops trends and charts at data_through, and
-- says so when it is before the reporting month.
with organisations as (
    select * from {{ ref('int_project_organisations') }}
),

municipalities as (
    select project_code, {{ match_key('unnest(municipalities)') }} as municipality_key
    from {{ ref('stg_projects') }}
),

-- each organisation's, kommun's or project's newest date per source, up to as_of
newest_per_unit as (
    select o.project_code, 'anstallningar' as source, o.organisation_key as unit,
        max(greatest(e.start_date, case when e.end_date <= {{ as_of() }} then e.end_date end)) as newest_date
    from organisations as o
    join {{ ref('stg_anstallningar') }} as e on {{ match_key('e.organisation') }} = o.organisation_key
    where e.start_date <= {{ as_of() }}
    group by all
    union all
    select o.project_code, 'sjukfranvaro', o.organisation_key,
        max(greatest(s.start_date, case when s.end_date <= {{ as_of() }} then s.end_date end))
    from organisations as o
    join {{ ref('stg_sjukfranvaro') }} as s on {{ match_key('s.organisation') }} = o.organisation_key
    where s.start_date <= {{ as_of() }}
    group by all
    union all
    select m.project_code, 'forsorjningsstod', m.municipality_key, max(p.payment_date)
    from municipalities as m
    join {{ ref('stg_forsorjningsstod') }} as p on {{ match_key('p.municipality') }} = m.municipality_key
    where p.payment_date <= {{ as_of() }}
    group by all
    union all
    select project_code, 'deltagare', project_code,
        max(greatest(start_date, case when end_date <= {{ as_of() }} then end_date end))
    from {{ ref('stg_deltagare') }}
    where start_date <= {{ as_of() }}
    group by all
    union all
    select project_code, 'aktiviteter', project_code, max(activity_date)
    from {{ ref('stg_aktiviteter') }}
    where activity_date <= {{ as_of() }}
    group by all
    union all
    select project_code, 'enkater', project_code, max(answered_on)
    from {{ ref('stg_enkater') }}
    where answered_on <= {{ as_of() }}
    group by all
)

select
    project_code,
    source,
    max(newest_date) as newest_date,
    case when source in ('anstallningar', 'sjukfranvaro', 'forsorjningsstod') then min(newest_date) end as data_through
from newest_per_unit
group by project_code, source
