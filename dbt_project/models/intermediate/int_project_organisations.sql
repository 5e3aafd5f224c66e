-- SPEC §5: a project's organisationer, the employee population of §5.2. Extract values match
-- them case-insensitively after trimming; spellings that match are one organisation, shown
-- as the project file spells it (its first spelling, should the file list two).
with listed as (
    select
        project_code,
        unnest(organisations) as organisation,
        generate_subscripts(organisations, 1) as position
    from {{ ref('stg_projects') }}
)

select project_code, organisation, {{ match_key('organisation') }} as organisation_key
from listed
qualify row_number() over (partition by project_code, organisation_key order by position) = 1
