-- SPEC §8.3 (the report's appendix): which delivered files concern which project. A file
-- concerns a project when one of its rows, loaded or quarantined, belongs to the project's
-- population: an employment or spell of one of its organisationer, a payment of one of its
-- kommuner, a row of its own registers naming it; a project file concerns its project. A
-- file no row ties to a project (a rejected file, a header-only one) concerns none.
with files as (
    select * from {{ source('meta', 'files') }}
),

organisations as (
    select project_code, organisation_key from {{ ref('int_project_organisations') }}
),

municipalities as (
    select project_code, {{ match_key('unnest(municipalities)') }} as municipality_key
    from {{ ref('stg_projects') }}
),

-- every (file, organisation / kommun / project) its rows name, loaded or quarantined
named as (
    select distinct _file_id as file_id, 'organisation' as kind, {{ match_key('organisation') }} as name
    from {{ source('landing', 'anstallningar') }}
    union
    select distinct _file_id, 'organisation', {{ match_key('organisation') }}
    from {{ source('landing', 'sjukfranvaro') }}
    union
    select distinct _file_id, 'kommun', {{ match_key('kommun') }} from {{ source('landing', 'forsorjningsstod') }}
    union
    select distinct _file_id, 'projekt', upper(trim(projekt)) from {{ source('landing', 'deltagare') }}
    union
    select distinct _file_id, 'projekt', upper(trim(projekt)) from {{ source('landing', 'aktiviteter') }}
    union
    select distinct _file_id, 'projekt', upper(trim(projekt)) from {{ source('landing', 'enkater') }}
    union
    select distinct
        file_id,
        case when source in ('anstallningar', 'sjukfranvaro') then 'organisation'
            when source = 'forsorjningsstod' then 'kommun' else 'projekt' end,
        case when source in ('anstallningar', 'sjukfranvaro') then {{ match_key("raw ->> 'organisation'") }}
            when source = 'forsorjningsstod' then {{ match_key("raw ->> 'kommun'") }}
            else upper(trim(raw ->> 'projekt')) end
    from {{ source('meta', 'quarantine') }}
    union
    select file_id, 'projekt', upper(regexp_extract(path, '^projekt/([^/]+)\.ya?ml$', 1))
    from files
    where source = 'projekt'
),

concerns as (
    select distinct n.file_id, o.project_code
    from named as n join organisations as o on n.kind = 'organisation' and n.name = o.organisation_key
    union
    select distinct n.file_id, m.project_code
    from named as n join municipalities as m on n.kind = 'kommun' and n.name = m.municipality_key
    union
    select distinct n.file_id, p.project_code
    from named as n join {{ ref('stg_projects') }} as p on n.kind = 'projekt' and n.name = p.project_code
)

select
    c.project_code,
    f.file_id,
    f.path,
    f.source,
    f.status,
    f.reason,
    f.rows_read,
    f.rows_loaded,
    f.rows_quarantined
from concerns as c
join files as f using (file_id)
