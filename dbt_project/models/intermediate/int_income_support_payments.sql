-- SPEC §5.3: the payments a project counts: paid by one of its kommuner (matched
-- case-insensitively after trimming) on or before as_of. A household is (kommun,
-- hushall_id), or (kommun, applicant) when hushall_id is empty.
with project_municipalities as (
    select project_code, unnest(municipalities) as municipality
    from {{ ref('stg_projects') }}
)

select
    pm.project_code,
    {{ match_key('p.municipality') }}
    || '|'
    || coalesce('household:' || p.household_id, 'applicant:' || p.applicant_person_id)
        as household_key,
    p.applicant_person_id,
    p.payment_id,
    p.payment_date,
    p.support_month,
    p.amount
from {{ ref('stg_forsorjningsstod') }} as p
join project_municipalities as pm
    on {{ match_key('pm.municipality') }} = {{ match_key('p.municipality') }}
where p.payment_date <= {{ as_of() }}
